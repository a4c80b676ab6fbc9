namespace Flux;

public static partial class Ops
{
    /// <summary>
    /// <c>a .+ b</c>: elementwise sum, broadcasting a scalar, or a vector across the columns of a
    /// matrix. Pullback: <c>ā = reduce(ȳ)</c>, <c>b̄ = reduce(ȳ)</c>, each summed back to its operand's shape.
    /// </summary>
    public static Expr Add(Expr a, Expr b)
    {
        Check(a, b);
        return Expr.Node("Add", Broadcast.Apply<AddOp>(a.Value, b.Value),
            static (node, dy, i) => Broadcast.ReduceTo(dy, node.Inputs[i].Shape), a, b);
    }

    /// <summary><c>a .- b</c> with broadcasting. Pullback: <c>ā = reduce(ȳ)</c>, <c>b̄ = −reduce(ȳ)</c>.</summary>
    public static Expr Subtract(Expr a, Expr b)
    {
        Check(a, b);
        return Expr.Node("Subtract", Broadcast.Apply<SubtractOp>(a.Value, b.Value),
            static (node, dy, i) => i == 0 ? Broadcast.ReduceTo(dy, node.Inputs[0].Shape) : -Broadcast.ReduceTo(dy, node.Inputs[1].Shape), a, b);
    }

    /// <summary><c>-a</c>. Pullback: <c>ā = −ȳ</c>.</summary>
    public static Expr Negate(Expr a)
    {
        Check(a);
        return Expr.Node("Negate", -a.Value, static (_, dy, _) => -dy, a);
    }

    /// <summary>
    /// <c>a .* b</c>: elementwise product with broadcasting. Pullback: <c>ā = reduce(ȳ .* b)</c>,
    /// <c>b̄ = reduce(ȳ .* a)</c>.
    /// </summary>
    public static Expr Mul(Expr a, Expr b)
    {
        Check(a, b);
        return Expr.Node("Mul", Broadcast.Apply<MultiplyOp>(a.Value, b.Value),
            static (node, dy, i) => Broadcast.ReduceTo(Broadcast.Apply<MultiplyOp>(dy, node.Inputs[1 - i].Value), node.Inputs[i].Shape), a, b);
    }

    /// <summary>
    /// <c>a ./ b</c>: elementwise quotient with broadcasting. Pullback: <c>ā = reduce(ȳ ./ b)</c>,
    /// <c>b̄ = reduce(−ȳ .* y ./ b)</c> where <c>y = a ./ b</c>.
    /// </summary>
    public static Expr Div(Expr a, Expr b)
    {
        Check(a, b);
        return Expr.Node("Div", Broadcast.Apply<DivideOp>(a.Value, b.Value),
            static (node, dy, i) => i == 0
                ? Broadcast.ReduceTo(Broadcast.Apply<DivideOp>(dy, node.Inputs[1].Value), node.Inputs[0].Shape)
                : Broadcast.ReduceTo(-Broadcast.Apply<DivideOp>(Broadcast.Apply<MultiplyOp>(dy, node.Value), node.Inputs[1].Value), node.Inputs[1].Shape), a, b);
    }

    /// <summary>
    /// The <c>*</c> operator: scaling when either side is a scalar (rank 0), otherwise the matrix
    /// product <see cref="MatMul"/>.
    /// </summary>
    public static Expr Times(Expr a, Expr b)
    {
        Check(a, b);
        return a.Shape.Rank == 0 || b.Shape.Rank == 0 ? Mul(a, b) : MatMul(a, b);
    }

    /// <summary>The <c>/</c> operator: division by a scalar (rank 0 or one element); use <see cref="Div"/> elementwise.</summary>
    public static Expr DivideByScalar(Expr a, Expr b)
    {
        Check(a, b);
        if (b.Shape.Length != 1)
            throw new ArgumentException($"Divide: the divisor must be a scalar, but {a.Shape} / {b.Shape} divides by shape {b.Shape}; use Div for an elementwise quotient.", nameof(b));
        return Div(a, b.Shape.Rank == 0 ? b : Reshape(b, Shape.Scalar));
    }

    /// <summary>The same values under another shape of equal length. Pullback: ȳ reshaped back.</summary>
    public static Expr Reshape(Expr a, Shape shape)
    {
        Check(a);
        if (shape.Length != a.Shape.Length)
            throw new ArgumentException($"Reshape: cannot view shape {a.Shape} ({a.Shape.Length} elements) as {shape} ({shape.Length} elements).", nameof(shape));
        return Expr.Node("Reshape", a.Value.Reshape(shape), static (node, dy, _) => dy.Reshape(node.Inputs[0].Shape), a);
    }

    private static void Check(Expr a, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(a))] string? name = null) =>
        ArgumentNullException.ThrowIfNull(a, name);

    private static void Check(Expr a, Expr b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
    }
}
