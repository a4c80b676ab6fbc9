namespace Flux;

public static partial class Ops
{
    /// <summary><c>σ.(x) = 1 / (1 + exp(−x))</c>, the rule <see cref="ScalarRule.Sigmoid"/>. Pullback: <c>x̄ = y(1 − y)·ȳ</c>.</summary>
    public static Expr Sigmoid(Expr x)
    {
        Check(x);
        return ScalarRule.Sigmoid.Apply(x);
    }

    /// <summary><c>relu.(x) = max(x, 0)</c>. Pullback: <c>x̄ = ȳ</c> where <c>x &gt; 0</c>, else 0.</summary>
    public static Expr Relu(Expr x)
    {
        Check(x);
        return Expr.Node("Relu", Elementwise.MapVectorised<ReluFn>(x.Value), static (node, dy, _) => Elementwise.ZipVectorised<ReluSlope>(node.Inputs[0].Value, dy), x);
    }

    /// <summary>
    /// <c>leakyrelu.(x, a) = x &gt; 0 ? x : a·x</c> (Flux's default <c>a = 0.01</c>). Pullback: <c>x̄ = ȳ</c>
    /// where <c>x &gt; 0</c>, else <c>a·ȳ</c>.
    /// </summary>
    public static Expr LeakyRelu(Expr x, double alpha = 0.01)
    {
        Check(x);
        if (!double.IsFinite(alpha)) throw new ArgumentException($"LeakyRelu: alpha must be finite; got {alpha}.", nameof(alpha));
        return Expr.Node("LeakyRelu", Elementwise.Map(x.Value, new Leaky(alpha)), new LeakyReluPullback(alpha).Pull, x);
    }

    /// <summary>LeakyRelu's pullback <c>x̄ = x &gt; 0 ? ȳ : a·ȳ</c>, holding its slope where the traced sweep can read it.</summary>
    internal sealed class LeakyReluPullback(double alpha)
    {
        public double Alpha => alpha;

        public Tensor Pull(Expr node, Tensor dy, int _) => Elementwise.Zip(node.Inputs[0].Value, dy, new LeakySlope(alpha));
    }

    // a·x and a·ȳ in double, rounded once for float32 operands (as the fused Dense pass rounds them).
    private readonly struct Leaky(double alpha) : IUnaryParameterFn { public double Apply(double x) => x > 0 ? x : alpha * x; }

    private readonly struct LeakySlope(double alpha) : IBinaryParameterFn { public double Apply(double x, double dy) => x > 0 ? dy : alpha * dy; }

    /// <summary><c>tanh.(x)</c>, the rule <see cref="ScalarRule.Tanh"/>. Pullback: <c>x̄ = (1 − y²)·ȳ</c>.</summary>
    public static Expr Tanh(Expr x)
    {
        Check(x);
        return ScalarRule.Tanh.Apply(x);
    }

    /// <summary>
    /// <c>softplus.(x) = log(1 + exp(x))</c>, the rule <see cref="ScalarRule.Softplus"/>, computed as
    /// <c>max(x, 0) + log1p(exp(−|x|))</c> so it neither overflows nor loses the small tail.
    /// Pullback: <c>x̄ = σ(x)·ȳ</c>.
    /// </summary>
    public static Expr Softplus(Expr x)
    {
        Check(x);
        return ScalarRule.Softplus.Apply(x);
    }

    // The vector forms select as the scalar ones branch (x > 0, so NaN and −0 give +0), bit for bit,
    // and without the branch a random sign mispredicts half the time.
    private readonly struct ReluFn : IVectorUnaryFn
    {
        public static double Apply(double x) => x > 0 ? x : 0.0;
        public static Vector256<double> Apply(Vector256<double> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<double>.Zero), x, Vector256<double>.Zero);
        public static Vector256<float> Apply(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, Vector256<float>.Zero);
    }

    private readonly struct ReluSlope : IVectorBinaryFn
    {
        public static double Apply(double x, double dy) => x > 0 ? dy : 0.0;
        public static Vector256<double> Apply(Vector256<double> x, Vector256<double> dy) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<double>.Zero), dy, Vector256<double>.Zero);
        public static Vector256<float> Apply(Vector256<float> x, Vector256<float> dy) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), dy, Vector256<float>.Zero);
    }
}
