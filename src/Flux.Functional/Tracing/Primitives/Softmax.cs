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
        return Expr.Node("Softmax", SoftmaxColumns(x.Value, log: false), static (node, dy, _) =>
        {
            var y = node.Value;
            var d = Fresh.Array(dy.Length);
            ForEachColumn(node.Shape, (offset, rows) =>
            {
                ReadOnlySpan<double> yc = y.Span.Slice(offset, rows), g = dy.Span.Slice(offset, rows);
                var dot = System.Numerics.Tensors.TensorPrimitives.Dot(yc, g);
                for (var i = 0; i < rows; i++) d[offset + i] = yc[i] * (g[i] - dot);
            });
            return Tensor.Own(node.Shape, d);
        }, x);
    }

    /// <summary>
    /// <c>logsoftmax(x)</c> down each column: <c>y_i = x_i − max x − log Σ_j exp(x_j − max x)</c>.
    /// Pullback: <c>x̄ = ȳ − softmax(x) · Σ_i ȳ_i</c> per column.
    /// </summary>
    public static Expr LogSoftmax(Expr x)
    {
        Check(x);
        return Expr.Node("LogSoftmax", SoftmaxColumns(x.Value, log: true), static (node, dy, _) =>
        {
            var y = node.Value;
            var d = Fresh.Array(dy.Length);
            ForEachColumn(node.Shape, (offset, rows) =>
            {
                ReadOnlySpan<double> yc = y.Span.Slice(offset, rows), g = dy.Span.Slice(offset, rows);
                var total = System.Numerics.Tensors.TensorPrimitives.Sum(g);
                for (var i = 0; i < rows; i++) d[offset + i] = g[i] - Math.Exp(yc[i]) * total;
            });
            return Tensor.Own(node.Shape, d);
        }, x);
    }

    private static Tensor SoftmaxColumns(Tensor x, bool log)
    {
        var d = Fresh.Array(x.Length);
        ForEachColumn(x.Shape, (offset, rows) =>
        {
            var xc = x.Span.Slice(offset, rows);
            var dc = d.AsSpan(offset, rows);
            var max = System.Numerics.Tensors.TensorPrimitives.Max(xc);
            if (double.IsNegativeInfinity(max)) max = 0; // a column of −∞: avoid −∞ − −∞
            var total = 0.0;
            for (var i = 0; i < rows; i++) total += dc[i] = Math.Exp(xc[i] - max);
            if (log)
            {
                var logTotal = Math.Log(total);
                for (var i = 0; i < rows; i++) dc[i] = xc[i] - max - logTotal;
            }
            else
            {
                for (var i = 0; i < rows; i++) dc[i] /= total;
            }
        });
        return Tensor.Own(x.Shape, d);
    }

    private static void ForEachColumn(Shape shape, Action<int, int> column)
    {
        if (shape.Length == 0) return;
        for (var j = 0; j < shape.Cols; j++) column(j * shape.Rows, shape.Rows);
    }
}
