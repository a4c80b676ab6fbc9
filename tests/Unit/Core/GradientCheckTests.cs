using Xunit;
using static Flux.Ops;

namespace Flux.Tests.Unit.Core;

/// <summary>The public gradient-check kit: its verdicts, its report, its tolerance and its errors.</summary>
public class GradientCheckTests
{
    private static readonly Param W = new("W", Tensor.Randn(new Seed(1), 2, 5)), B = new("b", Tensor.Randn(new Seed(2), 2));
    private static readonly Tensor X = Tensor.Randn(new Seed(3), 5, 4), Y = Tensor.Randn(new Seed(4), 2, 4);

    private static Expr SeedLoss() => Sum(Square(W * X + B - Y));

    // y = 3x with a pullback that forgets the 3 at every element but the last two (a typical slip).
    private static Expr WrongTriple(Expr x) => Expr.Primitive("triple", x.Value * 3.0,
        static (node, dy, _) => Tensor.FromArray(dy.ToArray().Select((g, i) => i >= dy.Length - 2 ? 3 * g : g).ToArray(), dy.Shape.Dims), x);

    [Fact]
    public void The_seed_loss_passes_at_every_element_in_one_call()
    {
        var r = GradientCheck.Check(SeedLoss, Params.Of(W, B));
        Assert.True(r.Passed, r.ToString());
        Assert.Equal(12, r.ElementsChecked);
        Assert.Empty(r.Mismatches);
        Assert.Equal(SeedLoss().Value.ToScalar(), r.Loss);
        Assert.StartsWith("✓ loss: 12 elements agree with central differences; worst ∂/∂", r.ToString());
        Assert.Same(r, r.ThrowIfFailed());
    }

    [Fact]
    public void A_wrong_pullback_is_caught_and_the_report_names_the_worst_element()
    {
        var x = Tensor.FromArray([0.5, -1.0, 2.0, 0.25, 1.5, -0.75], 3, 2);
        var r = GradientCheck.Primitive(WrongTriple, x);
        Assert.False(r.Passed);
        Assert.Equal("triple", r.Subject);
        Assert.Equal(4, r.Mismatches.Length);
        var worst = r.Worst!;
        Assert.Equal("x0", worst.Parameter.Name);
        Assert.Contains(worst.Index, new[] { 0, 1, 2, 3 });
        Assert.Equal(worst.Numeric, 3 * worst.Analytic, 6);
        Assert.Equal($"x0[{worst.Index % 3}, {worst.Index / 3}]", worst.Element);
        var e = Assert.Throws<GradientCheckException>(() => r.ThrowIfFailed());
        Assert.Same(r, e.Result);
        Assert.StartsWith("✗ triple: 4 of 6 elements disagree with central differences; worst ∂/∂x0[", e.Message);
        Assert.Contains($"analytic {worst.Analytic:R}, numeric {worst.Numeric:R}", e.Message);
    }

    [Fact]
    public void A_closure_over_the_parameters_is_checked_at_the_point_given()
    {
        var at = GradientCheck.RandomPoint(Params.Of(W, B), seed: 7);
        Assert.Equal([W.Id, B.Id], at.Select(p => p.Id));
        Assert.NotEqual(W.Value, at[W].Value);
        var r = GradientCheck.Check(SeedLoss, at);
        Assert.True(r.Passed, r.ToString());
        Assert.Equal(Sum(Square(at[W].Value * X + at[B].Value - Y)).Value.ToScalar(), r.Loss, 12);
        Assert.Equal(SeedLoss().Value, Sum(Square(W * X + B - Y)).Value); // nothing was changed outside the check
    }

    [Fact]
    public void The_explicit_form_passes_the_moved_parameters()
    {
        var r = GradientCheck.Check(q => Sum(Square(q[W] * X + q[B] - Y)), Params.Of(W, B));
        Assert.True(r.Passed, r.ToString());
    }

    [Fact]
    public void Scalars_vectors_and_matrices_are_named_by_their_index()
    {
        var s = new Param("s", Tensor.Scalar(2));
        var v = new Param("v", Tensor.Vector(1, 2, 3));
        var m = new Param("m", Tensor.Zeros(2, 3));
        Assert.Equal("s", new GradientElement(s, 0, 0, 0, 1).Element);
        Assert.Equal("v[2]", new GradientElement(v, 2, 0, 0, 1).Element);
        Assert.Equal("m[1, 2]", new GradientElement(m, 5, 0, 0, 1).Element);
    }

    [Fact]
    public void The_tolerances_for_double_and_float_are_stated_once_and_validated()
    {
        Assert.Same(GradientTolerance.Double, GradientTolerance.For<double>());
        Assert.Equal((1e-6, 1e-8, 1e-5), (GradientTolerance.Double.Relative, GradientTolerance.Double.Absolute, GradientTolerance.Double.Step));
        Assert.Same(GradientTolerance.Single, GradientTolerance.For<float>());
        Assert.Same(GradientTolerance.Single, GradientTolerance.For(ElementType.Float32));
        Assert.Equal((2e-3, 1e-3, 1e-3, Math.Pow(2, -23)), (GradientTolerance.Single.Relative, GradientTolerance.Single.Absolute, GradientTolerance.Single.Step, GradientTolerance.Single.Epsilon));
        Assert.Throws<NotSupportedException>(() => GradientTolerance.For<decimal>());
        Assert.Equal(1e-5 * 0.1, GradientTolerance.Double.StepAt(0.0));
        var bad = GradientTolerance.Double with { Relative = -1 };
        Assert.Contains("Relative", Assert.Throws<ArgumentException>(() => GradientCheck.Check(SeedLoss, Params.Of(W), bad)).Message);
    }

    [Fact]
    public void A_looser_tolerance_lets_a_slightly_wrong_rule_pass()
    {
        var nearly = ScalarRule.Define("nearly", x => x * x, (x, _) => 2 * x * (1 + 1e-4));
        var x = Tensor.Vector(0.5, 1, 2);
        Assert.False(GradientCheck.Rule(nearly, x).Passed);
        Assert.True(GradientCheck.Rule(nearly, x, GradientTolerance.Double with { Relative = 1e-3 }).Passed);
    }

    [Fact]
    public void A_loss_that_is_not_a_scalar_is_an_argument_error()
    {
        var e = Assert.Throws<ArgumentException>(() => GradientCheck.Check(() => W * X, Params.Of(W)));
        Assert.Contains("(2, 4)", e.Message);
    }

    [Fact]
    public void A_pullback_of_the_wrong_shape_names_the_op_the_input_and_both_shapes()
    {
        var p = new Param("p", Tensor.Zeros(2, 3));
        var e = Assert.Throws<InvalidOperationException>(() => Gradient.Of(
            () => Sum(Expr.Primitive("bad", p.Value, static (_, _, _) => Tensor.Zeros(3, 2), p)), Params.Of(p)));
        Assert.Equal("bad: the pullback returned shape (3, 2) for input 0, whose shape is (2, 3).", e.Message);
    }

    [Fact]
    public void Primitive_checks_every_input_of_a_function_of_several()
    {
        var r = GradientCheck.Primitive(xs => Max(xs[0], xs[1]) * xs[2], [Tensor.Vector(1, -2, 3), Tensor.Vector(0, 0, 0), Tensor.Scalar(1.5)]);
        Assert.True(r.Passed, r.ToString());
        Assert.Equal(7, r.ElementsChecked);
    }
}
