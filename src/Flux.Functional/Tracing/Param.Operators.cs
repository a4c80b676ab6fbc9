namespace Flux;

// C# looks for operators only in the operand types, so Param declares the mixed forms that make
// W * x (Param, Tensor), 0.1 * W (double, Param) and W - V (Param, Param) trace like Expr operands.
public sealed partial record Param
{
    /// <summary>Traces <c>a + b</c>.</summary>
    public static Expr operator +(Param a, Param b) => Ops.Add(a, b);
    /// <summary>Traces <c>a + b</c>.</summary>
    public static Expr operator +(Param a, Expr b) => Ops.Add(a, b);
    /// <summary>Traces <c>a + b</c>.</summary>
    public static Expr operator +(Expr a, Param b) => Ops.Add(a, b);

    /// <summary>Traces <c>a - b</c>.</summary>
    public static Expr operator -(Param a, Param b) => Ops.Subtract(a, b);
    /// <summary>Traces <c>a - b</c>.</summary>
    public static Expr operator -(Param a, Expr b) => Ops.Subtract(a, b);
    /// <summary>Traces <c>a - b</c>.</summary>
    public static Expr operator -(Expr a, Param b) => Ops.Subtract(a, b);

    /// <summary>Traces <c>a - b</c>. PowerShell evaluates <c>-$W</c> as <c>0 - $W</c>, through this operator.</summary>
    public static Expr operator -(double a, Param b) => Ops.Subtract(a, b);

    /// <summary>Traces <c>-a</c>.</summary>
    public static Expr operator -(Param a) => Ops.Negate(a);

    /// <summary>Traces the matrix product, or scaling when either side is a scalar.</summary>
    public static Expr operator *(Param a, Param b) => Ops.Times(a, b);
    /// <summary>Traces the matrix product, or scaling when either side is a scalar.</summary>
    public static Expr operator *(Param a, Expr b) => Ops.Times(a, b);
    /// <summary>Traces the matrix product, or scaling when either side is a scalar.</summary>
    public static Expr operator *(Expr a, Param b) => Ops.Times(a, b);

    /// <summary>Traces division by a scalar.</summary>
    public static Expr operator /(Param a, Param b) => Ops.DivideByScalar(a, b);
    /// <summary>Traces division by a scalar.</summary>
    public static Expr operator /(Param a, Expr b) => Ops.DivideByScalar(a, b);
    /// <summary>Traces division by a scalar.</summary>
    public static Expr operator /(Expr a, Param b) => Ops.DivideByScalar(a, b);
}
