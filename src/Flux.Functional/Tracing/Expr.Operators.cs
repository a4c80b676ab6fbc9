namespace Flux;

public sealed partial class Expr
{
    /// <summary>Elementwise sum with broadcasting (<see cref="Ops.Add"/>).</summary>
    public static Expr operator +(Expr a, Expr b) => Ops.Add(a, b);

    /// <summary>Elementwise difference with broadcasting (<see cref="Ops.Subtract"/>).</summary>
    public static Expr operator -(Expr a, Expr b) => Ops.Subtract(a, b);

    /// <summary>Negation (<see cref="Ops.Negate"/>).</summary>
    public static Expr operator -(Expr a) => Ops.Negate(a);

    /// <summary>The matrix product, or scaling when either side is a scalar (<see cref="Ops.Times"/>).</summary>
    public static Expr operator *(Expr a, Expr b) => Ops.Times(a, b);

    /// <summary>Division by a scalar (<see cref="Ops.DivideByScalar"/>).</summary>
    public static Expr operator /(Expr a, Expr b) => Ops.DivideByScalar(a, b);
}
