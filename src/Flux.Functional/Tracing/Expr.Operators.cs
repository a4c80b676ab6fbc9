namespace Flux;

public sealed partial class Expr
{
    /// <summary>Elementwise sum with broadcasting (<see cref="Ops.Add"/>).</summary>
    public static Expr operator +(Expr a, Expr b) => Ops.Add(a, b);

    /// <summary>Elementwise difference with broadcasting (<see cref="Ops.Subtract"/>).</summary>
    public static Expr operator -(Expr a, Expr b) => Ops.Subtract(a, b);

    /// <summary>
    /// A number minus an expression (<see cref="Ops.Subtract"/>). PowerShell evaluates <c>-$e</c> as
    /// <c>0 - $e</c> and does not convert the integer 0 to an Expr itself, so it needs this overload.
    /// </summary>
    public static Expr operator -(double a, Expr b) => Ops.Subtract(a, b);

    /// <summary>Negation (<see cref="Ops.Negate"/>).</summary>
    public static Expr operator -(Expr a) => Ops.Negate(a);

    /// <summary>The matrix product, or scaling when either side is a scalar (<see cref="Ops.Times"/>).</summary>
    public static Expr operator *(Expr a, Expr b) => Ops.Times(a, b);

    /// <summary>Division by a scalar (<see cref="Ops.DivideByScalar"/>).</summary>
    public static Expr operator /(Expr a, Expr b) => Ops.DivideByScalar(a, b);
}
