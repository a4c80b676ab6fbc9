using Xunit;
using static Flux.Ops;

namespace Flux.Tests.Unit.Core;

/// <summary>Custom rules: scalar rules in one line, primitives by forward value and pullback, and the library's own rules.</summary>
public class CustomRuleTests
{
    // softsign(x) = x / (1 + |x|), softsign′(x) = 1 / (1 + |x|)²: the example, in one line.
    private static readonly ScalarRule Softsign = ScalarRule.Define("softsign", x => x / (1 + Math.Abs(x)), (x, _) => 1 / Math.Pow(1 + Math.Abs(x), 2));

    /// <summary>A user's layer <c>y = softsign.(W x .+ b)</c>.</summary>
    private sealed record SoftsignDense(Param W, Param B) : ILayer
    {
        public Expr Apply(Expr x) => Softsign.Apply(W * x + B);
        public Tensor Predict(Tensor x) => Softsign.Evaluate(W.Value * x + B.Value);
        public Params Params() => Flux.Params.Of(W, B);
        public IModel With(Params ps) => new SoftsignDense(ps.Contains(W) ? ps[W] : W, ps.Contains(B) ? ps[B] : B);
    }

    [Fact]
    public void Softsign_is_defined_in_one_line_checked_in_one_call_and_trains_in_a_layer()
    {
        // checked in one call, at a point that crosses the vector width
        GradientCheck.Rule(Softsign, Tensor.Randn(new Seed(1), 7, 5) * 3.0).ThrowIfFailed();

        // used in a layer, whose whole loss the kit checks too
        var layer = new SoftsignDense(new Param("W", Tensor.Randn(new Seed(2), 3, 4) * 0.5), new Param("b", Tensor.Zeros(3)));
        var x = Tensor.Randn(new Seed(3), 4, 9);
        var y = Softsign.Evaluate(Tensor.Randn(new Seed(4), 3, 4) * x) ; // a target the layer can reach
        Expr Loss(SoftsignDense m) => Losses.Mse(m.Apply(x), y);
        GradientCheck.Check(() => Loss(layer), layer.Params()).ThrowIfFailed();

        // and trained
        var opt = Optimisers.SGD(0.5);
        var state = opt.Init(layer.Params());
        var first = Loss(layer).Value.ToScalar();
        for (var step = 0; step < 200; step++)
        {
            var g = Gradient.Of(() => Loss(layer), layer.Params());
            (state, var ps) = opt.Step(state, layer.Params(), g);
            layer = (SoftsignDense)layer.With(ps);
        }
        Assert.True(Loss(layer).Value.ToScalar() < 0.5 * first, $"loss {first} → {Loss(layer).Value.ToScalar()}");
    }

    [Fact]
    public void A_deliberately_wrong_derivative_is_caught_and_the_element_named()
    {
        var wrong = ScalarRule.Define("softsign", x => x / (1 + Math.Abs(x)), (x, _) => 1 / (1 + Math.Abs(x))); // the square is missing
        var at = Tensor.FromArray([0.0, 0.5, -2.0, 4.0, 1.0, -0.25, 3.0], 7);
        var r = GradientCheck.Rule(wrong, at);
        Assert.False(r.Passed);
        Assert.Equal(6, r.Mismatches.Length); // all but x = 0, where 1/(1+0) = 1/(1+0)²
        Assert.Equal("x0[3]", r.Worst!.Element); // x = 4: analytic 1/5 against numeric 1/25, the largest excess
        Assert.Equal(0.2, r.Worst.Analytic, 12);
        Assert.Equal(0.04, r.Worst.Numeric, 8);
        var e = Assert.Throws<GradientCheckException>(() => r.ThrowIfFailed());
        Assert.Contains("✗ softsign: 6 of 7 elements disagree", e.Message);
        Assert.Contains("∂/∂x0[3]: analytic 0.2", e.Message);
    }

    [Fact]
    public void A_derivative_may_be_written_in_the_output()
    {
        // @scalar_rule tanh(x) 1 - Ω²
        var tanh = ScalarRule.Define("mytanh", Math.Tanh, (_, y) => 1 - y * y);
        Assert.True(GradientCheck.Rule(tanh, Tensor.Randn(new Seed(5), 9)).Passed);
        Assert.Equal("mytanh", tanh.Apply(new Param("p", Tensor.Vector(1.0))).Op);
    }

    [Fact]
    public void The_library_rules_are_scalar_rules_with_their_math_stated_per_element()
    {
        Assert.Equal("Tanh", Tanh(new Param("p", Tensor.Vector(1.0))).Op);
        Assert.Equal(Math.Tanh(0.3), ScalarRule.Tanh.Function(0.3));
        Assert.Equal(1 - 0.25, ScalarRule.Tanh.Derivative(99, 0.5));
        Assert.Equal(0.5 * 0.5, ScalarRule.Sigmoid.Derivative(0, 0.5));
        Assert.Equal(Math.Log(2), ScalarRule.Softplus.Function(0), 15);
        foreach (var rule in new[] { ScalarRule.Tanh, ScalarRule.Sigmoid, ScalarRule.Softplus })
            Assert.True(GradientCheck.Rule(rule, Tensor.Randn(new Seed(6), 13, 3) * 2.0).Passed, rule.Name);
    }

    [Fact]
    public void The_ported_rules_keep_their_gradients_bit_for_bit()
    {
        // The pullbacks as they were before the port: (1 − y²)·ȳ, y(1 − y)·ȳ, ȳ / (1 + exp(−x)).
        var p = new Param("p", Tensor.Randn(new Seed(7), 13, 5));
        var c = Tensor.Randn(new Seed(8), 13, 5);
        foreach (var (f, slope) in new (Func<Expr, Expr>, Func<double, double, double, double>)[]
        {
            (Tanh, (_, y, dy) => (1 - y * y) * dy),
            (Sigmoid, (_, y, dy) => y * (1 - y) * dy),
            (Softplus, (x, _, dy) => dy / (1 + Math.Exp(-x))),
        })
        {
            var g = Gradient.Of(() => Sum(Mul(f(p), c)), Params.Of(p))[p];
            var y = f(p.Value).Value;
            var expected = Tensor.FromArray(p.Value.ToArray().Select((x, i) => slope(x, y[i], c[i])).ToArray(), 13, 5);
            Assert.Equal(expected, g);
        }
    }

    [Fact]
    public void A_primitive_of_two_inputs_is_defined_by_its_value_and_its_pullback()
    {
        // hypot.(a, b) = sqrt(a² + b²); ā = ȳ a / y, b̄ = ȳ b / y.
        static Expr Hypot(Expr a, Expr b) => Expr.Primitive("hypot",
            Tensor.FromArray(a.Value.ToArray().Zip(b.Value.ToArray(), (u, v) => Math.Sqrt(u * u + v * v)).ToArray(), a.Shape.Dims),
            static (node, dy, i) => node.Inputs[i].Value.Mul(dy).Div(node.Value), a, b);
        var r = GradientCheck.Primitive(xs => Hypot(xs[0], xs[1]), [Tensor.Randn(new Seed(1), 9), Tensor.Randn(new Seed(2), 9)]);
        Assert.True(r.Passed, r.ToString());
        Assert.Equal("hypot", r.Subject);
    }

    [Fact]
    public void Defining_a_rule_validates_its_arguments()
    {
        Assert.Throws<ArgumentException>(() => ScalarRule.Define(" ", x => x, (_, _) => 1));
        Assert.Throws<ArgumentNullException>(() => ScalarRule.Define("f", null!, (_, _) => 1));
        Assert.Throws<ArgumentException>(() => Expr.Primitive("f", Tensor.Scalar(1), static (_, dy, _) => dy));
        Assert.Throws<ArgumentNullException>(() => Expr.Primitive("f", Tensor.Scalar(1), null!, Tensor.Scalar(1)));
    }
}
