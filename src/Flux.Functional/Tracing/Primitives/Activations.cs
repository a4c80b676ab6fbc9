using System.Numerics.Tensors;

namespace Flux;

public static partial class Ops
{
    /// <summary><c>σ.(x) = 1 / (1 + exp(−x))</c>. Pullback: <c>x̄ = y(1 − y)·ȳ</c>.</summary>
    public static Expr Sigmoid(Expr x)
    {
        Check(x);
        var y = Tensor.Map(x.Value, 0, static (s, _, d) => TensorPrimitives.Sigmoid(s, d));
        return Expr.Node("Sigmoid", y, static (node, dy, _) => Elementwise.Zip<SigmoidSlope>(node.Value, dy), x);
    }

    /// <summary><c>relu.(x) = max(x, 0)</c>. Pullback: <c>x̄ = ȳ</c> where <c>x &gt; 0</c>, else 0.</summary>
    public static Expr Relu(Expr x)
    {
        Check(x);
        return Expr.Node("Relu", Elementwise.Map<ReluFn>(x.Value), static (node, dy, _) => Elementwise.Zip<ReluSlope>(node.Inputs[0].Value, dy), x);
    }

    /// <summary>
    /// <c>leakyrelu.(x, a) = x &gt; 0 ? x : a·x</c> (Flux's default <c>a = 0.01</c>). Pullback: <c>x̄ = ȳ</c>
    /// where <c>x &gt; 0</c>, else <c>a·ȳ</c>.
    /// </summary>
    public static Expr LeakyRelu(Expr x, double alpha = 0.01)
    {
        Check(x);
        if (!double.IsFinite(alpha)) throw new ArgumentException($"LeakyRelu: alpha must be finite; got {alpha}.", nameof(alpha));
        var y = Tensor.Map(x.Value, alpha, static (s, a, d) => { for (var i = 0; i < d.Length; i++) d[i] = s[i] > 0 ? s[i] : a * s[i]; });
        return Expr.Node("LeakyRelu", y, (node, dy, _) =>
        {
            var d = Fresh.Array(dy.Length);
            ReadOnlySpan<double> xs = node.Inputs[0].Value.Span, g = dy.Span;
            for (var i = 0; i < d.Length; i++) d[i] = xs[i] > 0 ? g[i] : alpha * g[i];
            return Tensor.Own(node.Shape, d);
        }, x);
    }

    /// <summary><c>tanh.(x)</c>. Pullback: <c>x̄ = (1 − y²)·ȳ</c>.</summary>
    public static Expr Tanh(Expr x)
    {
        Check(x);
        var y = Tensor.Map(x.Value, 0, static (s, _, d) => TensorPrimitives.Tanh(s, d));
        return Expr.Node("Tanh", y, static (node, dy, _) => Elementwise.Zip<TanhSlope>(node.Value, dy), x);
    }

    /// <summary>
    /// <c>softplus.(x) = log(1 + exp(x))</c>, computed as <c>max(x, 0) + log1p(exp(−|x|))</c> so it
    /// neither overflows nor loses the small tail. Pullback: <c>x̄ = σ(x)·ȳ</c>.
    /// </summary>
    public static Expr Softplus(Expr x)
    {
        Check(x);
        return Expr.Node("Softplus", Elementwise.Map<SoftplusFn>(x.Value), static (node, dy, _) => Elementwise.Zip<SoftplusSlope>(node.Inputs[0].Value, dy), x);
    }

    /// <summary>log(1 + e) accurate for tiny e (Goldberg's correction: the rounding of 1 + e cancels out).</summary>
    internal static double Log1p(double e)
    {
        var u = 1 + e;
        return u == 1 ? e : Math.Log(u) * e / (u - 1);
    }

    private readonly struct SigmoidSlope : IBinaryFn { public static double Apply(double y, double dy) => y * (1 - y) * dy; }
    private readonly struct ReluFn : IUnaryFn { public static double Apply(double x) => x > 0 ? x : 0.0; }
    private readonly struct ReluSlope : IBinaryFn { public static double Apply(double x, double dy) => x > 0 ? dy : 0.0; }
    private readonly struct TanhSlope : IBinaryFn { public static double Apply(double y, double dy) => (1 - y * y) * dy; }
    private readonly struct SoftplusFn : IUnaryFn { public static double Apply(double x) => Math.Max(x, 0) + Log1p(Math.Exp(-Math.Abs(x))); }
    private readonly struct SoftplusSlope : IBinaryFn { public static double Apply(double x, double dy) => dy / (1 + Math.Exp(-x)); }
}
