namespace Flux;

public static partial class Ops
{
    /// <summary><c>sum(x)</c>: the sum of every element, a scalar. Pullback: <c>x̄ = fill(ȳ)</c>.</summary>
    public static Expr Sum(Expr x)
    {
        Check(x);
        return Expr.Node("Sum", Tensor.Scalar(x.Value.Sum()), static (node, dy, _) => Tensor.Fill(dy.Data[0], node.Inputs[0].Shape, node.Inputs[0].Value.ElementType), x);
    }

    /// <summary>
    /// <c>sum(x, dims=dim)</c>, keeping the dimension as Julia does: along 1 (down each column) a matrix
    /// r×c gives 1×c; along 2 (across each row) it gives r×1. Pullback: ȳ broadcast back to x's shape.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is not 1 or 2.</exception>
    public static Expr Sum(Expr x, int dim)
    {
        Check(x);
        CheckDim(dim);
        return Expr.Node("SumAlong", Reductions.SumAlong(x.Value, dim), static (node, dy, _) => Elementwise.BroadcastTo(dy, node.Inputs[0].Shape), x);
    }

    /// <summary><c>mean(x)</c>: the mean of every element. Pullback: <c>x̄ = fill(ȳ / n)</c>.</summary>
    public static Expr Mean(Expr x)
    {
        Check(x);
        return Expr.Node("Mean", Tensor.Scalar(x.Value.Sum() / x.Shape.Length),
            static (node, dy, _) => Tensor.Fill(dy.Data[0] / node.Inputs[0].Shape.Length, node.Inputs[0].Shape, node.Inputs[0].Value.ElementType), x);
    }

    /// <summary><c>mean(x, dims=dim)</c>, keeping the dimension. Pullback: ȳ / n broadcast back.</summary>
    public static Expr Mean(Expr x, int dim)
    {
        Check(x);
        CheckDim(dim);
        var n = dim == 1 ? x.Shape.Rows : x.Shape.Cols;
        // In the pullback, n is the number of inputs behind each output: input length / output length.
        return Expr.Node("MeanAlong", Reductions.SumAlong(x.Value, dim) / n,
            static (node, dy, _) => Elementwise.BroadcastTo(dy / (node.Inputs[0].Shape.Length / node.Shape.Length), node.Inputs[0].Shape), x);
    }

    private static void CheckDim(int dim)
    {
        if (dim is not (1 or 2))
            throw new ArgumentOutOfRangeException(nameof(dim), dim, "dim must be 1 (down each column) or 2 (across each row).");
    }
}
