using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// An elementwise primitive defined by one scalar function and its derivative, as ChainRules'
/// <c>@scalar_rule tanh(x) 1 - Ω²</c>: <c>y = f.(x)</c>, with pullback <c>x̄ = f′(x, y) .* ȳ</c>,
/// where the derivative may read the input <c>x</c>, the output <c>y</c> (ChainRules' Ω), or both.
/// The library's own <see cref="Tanh"/>, <see cref="Sigmoid"/> and <see cref="Softplus"/> are rules of this kind.
/// </summary>
/// <example>
/// <code>
/// var softsign = ScalarRule.Define("softsign", x => x / (1 + Math.Abs(x)), (x, y) => 1 / Math.Pow(1 + Math.Abs(x), 2));
/// GradientCheck.Rule(softsign, Tensor.Randn(new Seed(1), 7, 3)).ThrowIfFailed();
/// var loss = softsign.Apply(W * x + b).Sum();
/// </code>
/// </example>
/// <remarks>
/// A rule is immutable and may be shared between threads. Its pullback delegate is made once per
/// rule, so applying a rule allocates only the node and its value, as a built-in primitive does.
/// </remarks>
public sealed class ScalarRule
{
    /// <summary>The whole-tensor form of <c>y = f.(x)</c>.</summary>
    internal delegate void MapKernel(ReadOnlySpan<double> x, Span<double> y);

    /// <summary>The whole-tensor form of <c>x̄ = f′(x, y) .* ȳ</c>.</summary>
    internal delegate Tensor SlopeKernel(Tensor x, Tensor y, Tensor dy);

    private readonly MapKernel _map;
    private readonly SlopeKernel _slope;
    private readonly Pullback _pullback;

    private ScalarRule(string name, Func<double, double> function, Func<double, double, double> derivative, MapKernel map, SlopeKernel slope, Func<Expr, Expr, Expr>? traced)
    {
        Name = name;
        Function = function;
        Derivative = derivative;
        TracedDerivative = traced;
        _map = map;
        _slope = slope;
        _pullback = Pull; // one delegate per rule, whose target is the rule (the traced sweep finds the rule through it)
    }

    private Tensor Pull(Expr node, Tensor dy, int input) => _slope(node.Inputs[0].Value, node.Value, dy);

    /// <summary><c>y = f.(x)</c> by the rule's whole-tensor kernel on doubles; <paramref name="y"/> may be <paramref name="x"/> itself (in place).</summary>
    internal void Map(ReadOnlySpan<double> x, Span<double> y) => _map(x, y);

    /// <summary>The rule a node was made by, when it was made by one.</summary>
    internal static ScalarRule? Of(Expr node) => node.Backward?.Target as ScalarRule;

    /// <summary>The operation's name (the node's <see cref="Expr.Op"/>).</summary>
    public string Name { get; }

    /// <summary><c>f(x)</c> for one element.</summary>
    public Func<double, double> Function { get; }

    /// <summary><c>f′(x, y)</c>: the derivative at input <c>x</c>, given the output <c>y = f(x)</c>.</summary>
    public Func<double, double, double> Derivative { get; }

    /// <summary>
    /// <c>f′</c> written with traced operations (<c>(x, y) ↦ 1 − y²</c> as <c>1.0 - y.Square()</c>), which makes
    /// the rule differentiable twice (<see cref="Gradient.Hvp"/>, <see cref="Gradient.Hessian"/>); null when not given.
    /// </summary>
    public Func<Expr, Expr, Expr>? TracedDerivative { get; }

    /// <summary>
    /// A rule from a scalar function <paramref name="function"/> and its derivative
    /// <paramref name="derivative"/> <c>(x, y) ↦ f′(x)</c>, where <c>y = f(x)</c> is passed so that
    /// derivatives written in the output (<c>1 − y²</c> for tanh) need not recompute it.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    [Pure]
    public static ScalarRule Define(string name, Func<double, double> function, Func<double, double, double> derivative)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(derivative);
        return Define(name, function, derivative, null);
    }

    /// <summary>
    /// As <see cref="Define(string, Func{double, double}, Func{double, double, double})"/>, with the derivative
    /// also written in traced operations (<paramref name="tracedDerivative"/>, of <c>x</c> and <c>y</c> as
    /// expressions), so that the rule can be differentiated twice.
    /// </summary>
    [Pure]
    public static ScalarRule Define(string name, Func<double, double> function, Func<double, double, double> derivative, Func<Expr, Expr, Expr>? tracedDerivative)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(derivative);
        return new(name, function, derivative,
            (x, y) => { for (var i = 0; i < y.Length; i++) y[i] = function(x[i]); },
            (x, y, dy) =>
            {
                ReadOnlySpan<double> xs = x.Span, ys = y.Span, g = dy.Span;
                var d = Fresh.Array(g.Length);
                for (var i = 0; i < d.Length; i++) d[i] = derivative(xs[i], ys[i]) * g[i];
                return Tensor.Own(dy.Shape, d);
            }, tracedDerivative);
    }

    /// <summary>A library rule whose whole-tensor kernels are vectorised; <paramref name="function"/> and <paramref name="derivative"/> state the same math per element.</summary>
    internal static ScalarRule Vectorised(string name, Func<double, double> function, Func<double, double, double> derivative, MapKernel map, SlopeKernel slope, Func<Expr, Expr, Expr> traced) =>
        new(name, function, derivative, map, slope, traced);

    /// <summary>Traces <c>y = f.(x)</c>; its pullback is <c>x̄ = f′(x, y) .* ȳ</c>.</summary>
    [Pure]
    public Expr Apply(Expr x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Expr.Node(Name, Evaluate(x.Value), _pullback, x);
    }

    /// <summary><c>f.(x)</c> on a tensor, untraced.</summary>
    [Pure]
    public Tensor Evaluate(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Single is { } f)
        {
            // Float32: evaluated in double in pooled scratch of the tensor's length (the vectorised kernels
            // treat a tail by length, so the whole length gives the bits of a widened tensor), rounded once.
            var pool = System.Buffers.ArrayPool<double>.Shared;
            double[] wide = pool.Rent(f.Length), y = pool.Rent(f.Length);
            try
            {
                Tensor.Convert(f, wide.AsSpan(0, f.Length));
                _map(wide.AsSpan(0, f.Length), y.AsSpan(0, f.Length));
                var r = Fresh.SingleArray(f.Length);
                Tensor.Convert(y.AsSpan(0, f.Length), r);
                return Tensor.Own(x.Shape, r);
            }
            finally
            {
                pool.Return(wide);
                pool.Return(y);
            }
        }
        var d = Fresh.Array(x.Length);
        _map(x.Span, d);
        return Tensor.Own(x.Shape, d);
    }

    /// <summary><c>y = σ.(x) = 1 / (1 + exp(−x))</c>; <c>f′ = y(1 − y)</c>.</summary>
    public static ScalarRule Sigmoid { get; } = Vectorised("Sigmoid",
        static x => 1 / (1 + Math.Exp(-x)), static (_, y) => y * (1 - y),
        static (x, y) => System.Numerics.Tensors.TensorPrimitives.Sigmoid(x, y),
        static (_, y, dy) => Elementwise.Zip<SigmoidSlope>(y, dy),
        static (_, y) => Ops.Mul(y, 1.0 - y));

    /// <summary><c>y = tanh.(x)</c>; <c>f′ = 1 − y²</c>.</summary>
    public static ScalarRule Tanh { get; } = Vectorised("Tanh",
        Math.Tanh, static (_, y) => 1 - y * y,
        static (x, y) => System.Numerics.Tensors.TensorPrimitives.Tanh(x, y),
        static (_, y, dy) => Elementwise.Zip<TanhSlope>(y, dy),
        static (_, y) => 1.0 - Ops.Square(y));

    /// <summary>
    /// <c>y = softplus.(x) = log(1 + exp(x))</c>, computed as <c>max(x, 0) + log1p(exp(−|x|))</c> so it
    /// neither overflows nor loses the small tail; <c>f′ = σ(x)</c>.
    /// </summary>
    public static ScalarRule Softplus { get; } = Vectorised("Softplus",
        SoftplusFn.Apply, static (x, _) => 1 / (1 + Math.Exp(-x)),
        static (x, y) => { for (var i = 0; i < y.Length; i++) y[i] = SoftplusFn.Apply(x[i]); },
        static (x, _, dy) => Elementwise.Zip<SoftplusSlope>(x, dy),
        static (x, _) => Ops.Sigmoid(x));

    /// <summary>The name.</summary>
    public override string ToString() => $"ScalarRule {Name}";

    /// <summary>log(1 + e) accurate for tiny e (Goldberg's correction: the rounding of 1 + e cancels out).</summary>
    internal static double Log1p(double e)
    {
        var u = 1 + e;
        return u == 1 ? e : Math.Log(u) * e / (u - 1);
    }

    // The library rules' elementwise math, also called by the fused dense passes (FusedDense.Activations.cs).
    internal readonly struct SigmoidSlope : IBinaryFn { public static double Apply(double y, double dy) => y * (1 - y) * dy; }
    internal readonly struct TanhSlope : IBinaryFn { public static double Apply(double y, double dy) => (1 - y * y) * dy; }
    internal readonly struct SoftplusFn : IUnaryFn { public static double Apply(double x) => Math.Max(x, 0) + Log1p(Math.Exp(-Math.Abs(x))); }
    internal readonly struct SoftplusSlope : IBinaryFn { public static double Apply(double x, double dy) => dy / (1 + Math.Exp(-x)); }
}
