using Xunit;

namespace Flux.Tests.Unit.Solvers;

/// <summary>L-BFGS is pure: the caller's parameters are untouched, runs repeat bit for bit, and a loss that closes over its parameters gives what the explicit form gives.</summary>
public class LbfgsPurityTests
{
    // The seed's linear regression, W 2×5 and b 2: loss = Σ (W x + b − y)² over a batch of 4.
    private static readonly Param W = new("W", Tensor.FromArray([.. Enumerable.Range(0, 10).Select(i => Math.Sin(i + 1.0))], 2, 5));
    private static readonly Param B = new("b", Tensor.FromArray([0.1, -0.2], 2));
    private static readonly Tensor Xs = Tensor.FromArray([.. Enumerable.Range(0, 20).Select(i => Math.Cos(0.7 * i))], 5, 4);
    private static readonly Tensor Ys = Tensor.FromArray([.. Enumerable.Range(0, 8).Select(i => 0.3 * i - 1)], 2, 4);

    private static Expr Explicit(Params q) => Ops.Sum(Ops.Square(q[W] * Xs + q[B] - Ys));

    private static readonly LbfgsOptions Options = new() { MaxIterations = 50, MaxEvaluations = 100 };

    [Fact]
    public void The_callers_parameters_are_not_changed_and_the_result_keeps_their_identities()
    {
        var (w0, b0) = (W.Value.ToArray(), B.Value.ToArray());
        var ps = Params.Of(W, B);
        var result = LBFGS.Minimise(Explicit, ps, Options);
        Assert.Equal(w0, W.Value.ToArray());
        Assert.Equal(b0, B.Value.ToArray());
        Assert.Same(W, ps[0]);
        Assert.Equal([W.Id, B.Id], result.Params.Select(p => p.Id));
        Assert.Equal(["W", "b"], result.Params.Select(p => p.Name));
        Assert.NotEqual(w0, result.Params[W].Value.ToArray());
    }

    [Fact]
    public void A_run_repeats_bit_for_bit()
    {
        var first = LBFGS.Minimise(Explicit, Params.Of(W, B), Options);
        var second = LBFGS.Minimise(Explicit, Params.Of(W, B), Options);
        Assert.Equal(first, second);
        Assert.NotEqual(first, first with { Iterations = first.Iterations + 1 });
    }

    [Fact]
    public void A_loss_closing_over_its_parameters_gives_the_same_run_as_the_explicit_form()
    {
        var closed = LBFGS.Minimise(() => Ops.Sum(Ops.Square(W * Xs + B - Ys)), Params.Of(W, B), Options);
        var explicitForm = LBFGS.Minimise(Explicit, Params.Of(W, B), Options);
        Assert.Equal(explicitForm, closed);
        Assert.True(closed.Stop.Converged, closed.ToString());
        Assert.True(closed.FinalLoss < closed.Losses[0]);
    }

    [Fact]
    public void A_least_squares_fit_reaches_the_gradient_tolerance()
    {
        // The features span only a plane (cosines of one linear phase), so the minimum is not 0;
        // the stop means first-order optimality, which the traced gradient at the result confirms.
        var result = LBFGS.Minimise(Explicit, Params.Of(W, B), Options with { ToleranceGrad = 1e-9, ToleranceChange = 0 });
        Assert.Equal(MinimisationStop.GradientSmall, result.Stop);
        Assert.True(result.GradientNorm <= 1e-9);
        var g = Gradient.Of(() => Explicit(result.Params), result.Params);
        Assert.Equal(result.GradientNorm, result.Params.Max(p => g[p].ToArray().Max(Math.Abs)));
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => LBFGS.Minimise((Func<Params, Expr>)null!, Params.Of(W)));
        Assert.Throws<ArgumentNullException>(() => LBFGS.Minimise((Func<Expr>)null!, Params.Of(W)));
        Assert.Throws<ArgumentNullException>(() => LBFGS.Minimise(Explicit, null!));
    }
}
