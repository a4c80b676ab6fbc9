namespace Flux;

// Mixed operators with a tensor on the left and a traced operand on the right. C# would find
// Param's and Expr's operators through the implicit conversions, but PowerShell's binder looks for
// operators only on the left operand's type (the right one's when the left is a number), so
// `$y - $W * $x` in a loss script block needs them here. They trace; Tensor ⊕ Tensor stays eager.
public sealed partial class Tensor
{
    /// <summary>Traces <c>a + b</c>.</summary>
    public static Expr operator +(Tensor a, Expr b) => Ops.Add(a, b);
    /// <summary>Traces <c>a + b</c>.</summary>
    public static Expr operator +(Tensor a, Param b) => Ops.Add(a, b);
    /// <summary>Traces <c>a - b</c>.</summary>
    public static Expr operator -(Tensor a, Expr b) => Ops.Subtract(a, b);
    /// <summary>Traces <c>a - b</c>.</summary>
    public static Expr operator -(Tensor a, Param b) => Ops.Subtract(a, b);
    /// <summary>Traces the matrix product, or scaling when either side is a scalar.</summary>
    public static Expr operator *(Tensor a, Expr b) => Ops.Times(a, b);
    /// <summary>Traces the matrix product, or scaling when either side is a scalar.</summary>
    public static Expr operator *(Tensor a, Param b) => Ops.Times(a, b);
    /// <summary>Traces division by a scalar.</summary>
    public static Expr operator /(Tensor a, Expr b) => Ops.DivideByScalar(a, b);
    /// <summary>Traces division by a scalar.</summary>
    public static Expr operator /(Tensor a, Param b) => Ops.DivideByScalar(a, b);
}
