namespace Flux;

public static partial class Ops
{
    /// <summary>
    /// <c>xlogy.(x, y) = x·log(y)</c> elementwise, with <c>0·log(y) = 0</c> for every y but NaN (also 0 and
    /// ∞), as Julia's <c>xlogy</c>: the term a cross-entropy needs so that a zero target silences a
    /// prediction of exactly 0. Pullback: <c>x̄ = log(y)·ȳ</c>, <c>ȳ_y = (x / y)·ȳ</c> (0 where x = 0).
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Expr XLogY(Expr x, Expr y)
    {
        Check(x, y);
        if (x.Shape != y.Shape)
            throw new ArgumentException($"XLogY: shapes {x.Shape} and {y.Shape} differ; both operands must have one shape.", nameof(y));
        var xs = x.Value.Data;
        var ys = y.Value.Data;
        var d = Fresh.Array(xs.Length);
        for (var i = 0; i < d.Length; i++) d[i] = xs[i] == 0 && !double.IsNaN(ys[i]) ? 0.0 : xs[i] * Math.Log(ys[i]);
        return Expr.Node("XLogY", Tensor.Own(x.Shape, d), static (node, dy, input) =>
        {
            double[] xs = node.Inputs[0].Value.Data, ys = node.Inputs[1].Value.Data, g = dy.Data;
            var r = Fresh.Array(g.Length);
            if (input == 0)
                for (var i = 0; i < r.Length; i++) r[i] = Math.Log(ys[i]) * g[i];
            else
                for (var i = 0; i < r.Length; i++) r[i] = xs[i] == 0 ? 0.0 : xs[i] / ys[i] * g[i];
            return Tensor.Own(node.Shape, r);
        }, x, y);
    }
}
