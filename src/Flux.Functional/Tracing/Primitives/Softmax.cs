namespace Flux;

public static partial class Ops
{
    /// <summary>
    /// <c>softmax(x)</c> down each column (a vector is one column):
    /// <c>y_i = exp(x_i − max x) / Σ_j exp(x_j − max x)</c>, stable for large inputs.
    /// Pullback: <c>x̄ = y .* (ȳ − Σ_i ȳ_i y_i)</c> per column.
    /// </summary>
    public static Expr Softmax(Expr x)
    {
        Check(x);
        return Expr.Node("Softmax", PerColumn(x.Value, null, static (xc, _, dc) => SoftmaxColumn(xc, dc, log: false)), static (node, dy, _) =>
            PerColumn(node.Value, dy, static (yc, g, d) =>
            {
                var dot = System.Numerics.Tensors.TensorPrimitives.Dot(yc, g);
                for (var i = 0; i < d.Length; i++) d[i] = yc[i] * (g[i] - dot);
            }), x);
    }

    /// <summary>
    /// <c>logsoftmax(x)</c> down each column: <c>y_i = x_i − max x − log Σ_j exp(x_j − max x)</c>.
    /// Pullback: <c>x̄ = ȳ − softmax(x) · Σ_i ȳ_i</c> per column.
    /// </summary>
    public static Expr LogSoftmax(Expr x)
    {
        Check(x);
        return Expr.Node("LogSoftmax", PerColumn(x.Value, null, static (xc, _, dc) => SoftmaxColumn(xc, dc, log: true)), static (node, dy, _) =>
            PerColumn(node.Value, dy, static (yc, g, d) =>
            {
                var total = System.Numerics.Tensors.TensorPrimitives.Sum(g);
                for (var i = 0; i < d.Length; i++) d[i] = g[i] - Math.Exp(yc[i]) * total;
            }), x);
    }

    private delegate void ColumnKernel(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> d);

    // Applies `kernel` to each column of a (and of b, when given), in double; a Float32 tensor's
    // columns are widened into scratch and each result rounded once, so both types meet the same arithmetic.
    private static Tensor PerColumn(Tensor a, Tensor? b, ColumnKernel kernel)
    {
        int rows = a.Shape.Rows, cols = a.Length == 0 ? 0 : a.Shape.Cols;
        if (a.Single is { } fa && (b is null || b.Single is not null))
        {
            var fb = b?.Single;
            var r = Fresh.SingleArray(a.Length);
            double[] ac = new double[rows], bc = new double[fb is null ? 0 : rows], dc = new double[rows];
            for (var j = 0; j < cols; j++)
            {
                Tensor.Convert(fa.AsSpan(j * rows, rows), ac);
                if (fb is not null) Tensor.Convert(fb.AsSpan(j * rows, rows), bc);
                kernel(ac, bc, dc);
                Tensor.Convert(dc, r.AsSpan(j * rows, rows));
            }
            return Tensor.Own(a.Shape, r);
        }
        var d = Fresh.Array(a.Length);
        for (var j = 0; j < cols; j++)
            kernel(a.Span.Slice(j * rows, rows), b is null ? default : b.Span.Slice(j * rows, rows), d.AsSpan(j * rows, rows));
        return Tensor.Own(a.Shape, d, ElementTypes.Of("softmax", b is null ? [a] : [a, b]));
    }

    // y = exp(x − max x) / Σ exp(x − max x), or its log, for one column.
    private static void SoftmaxColumn(ReadOnlySpan<double> xc, Span<double> dc, bool log)
    {
        var max = System.Numerics.Tensors.TensorPrimitives.Max(xc);
        if (double.IsNegativeInfinity(max)) max = 0; // a column of −∞: avoid −∞ − −∞
        var total = 0.0;
        for (var i = 0; i < xc.Length; i++) total += dc[i] = Math.Exp(xc[i] - max);
        if (log)
        {
            var logTotal = Math.Log(total);
            for (var i = 0; i < xc.Length; i++) dc[i] = xc[i] - max - logTotal;
        }
        else
        {
            for (var i = 0; i < xc.Length; i++) dc[i] /= total;
        }
    }
}
