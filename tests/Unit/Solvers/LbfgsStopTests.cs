using Xunit;

namespace Flux.Tests.Unit.Solvers;

/// <summary>Each reason L-BFGS stops for fires when its condition holds, and leaves the result at the right iterate.</summary>
public class LbfgsStopTests
{
    private static readonly Param A = new("a", Tensor.FromArray([-1.2], 1)), B = new("b", Tensor.FromArray([1.0], 1));

    private static Params Start => Params.Of(A, B);

    private static Expr Rosenbrock(Params q) => Ops.Sum(Ops.Square(1.0 - q[A])) + 100.0 * Ops.Sum(Ops.Square(q[B] - Ops.Square(q[A])));

    /// <summary>k·(x − c)² in one variable x, from x0.</summary>
    private static (Params, Func<Params, Expr>) Parabola(double k, double c, double x0)
    {
        var x = new Param("x", Tensor.FromArray([x0], 1));
        return (Params.Of(x), q => k * Ops.Sum(Ops.Square(q[x] - c)));
    }

    private sealed class Steps : IProgress<MinimisationProgress>
    {
        public List<MinimisationProgress> Reports { get; } = [];
        public void Report(MinimisationProgress value) => Reports.Add(value);
    }

    [Fact]
    public void Starting_at_a_stationary_point_stops_with_GradientSmall_before_any_iteration()
    {
        var (ps, loss) = Parabola(3, 2, 2);
        var result = LBFGS.Minimise(loss, ps);
        Assert.Equal(MinimisationStop.GradientSmall, result.Stop);
        Assert.True(result.Stop.Converged);
        Assert.Equal((0, 1), (result.Iterations, result.Evaluations));
        Assert.Equal([0.0], result.Losses.ToArray());
        Assert.Equal(ps[0], result.Params[0]);
    }

    [Fact]
    public void Rosenbrock_converges_to_its_minimiser_with_a_tolerance_stop()
    {
        var result = LBFGS.Minimise(Rosenbrock, Start, new LbfgsOptions { MaxIterations = 200, MaxEvaluations = 300 });
        Assert.True(result.Stop.Converged, result.ToString());
        Assert.Equal(1.0, result.Params[A].Value[0], 1e-4);
        Assert.Equal(1.0, result.Params[B].Value[0], 1e-4);
        Assert.True(result.FinalLoss < 1e-8, result.ToString());
    }

    [Fact]
    public void MaxIterations_stops_after_that_many_steps()
    {
        var steps = new Steps();
        var result = LBFGS.Minimise(Rosenbrock, Start, new LbfgsOptions { MaxIterations = 3, MaxEvaluations = 100 }, steps);
        Assert.Equal(MinimisationStop.IterationLimit, result.Stop);
        Assert.False(result.Stop.Converged);
        Assert.Equal(3, result.Iterations);
        Assert.Equal([1, 2, 3], steps.Reports.Select(r => r.Iteration));
        Assert.Equal(4, result.Losses.Length);
        Assert.Equal(steps.Reports[^1].Params.Select(p => p.Value), result.Params.Select(p => p.Value));
        Assert.Equal(steps.Reports[^1].Evaluations, result.Evaluations);
    }

    [Fact]
    public void MaxEvaluations_is_checked_after_each_iteration()
    {
        var result = LBFGS.Minimise(Rosenbrock, Start, new LbfgsOptions { MaxIterations = 100, MaxEvaluations = 2 });
        Assert.Equal(MinimisationStop.EvaluationLimit, result.Stop);
        Assert.Equal(1, result.Iterations);
        Assert.True(result.Evaluations >= 2);
    }

    [Fact]
    public void A_direction_that_barely_descends_stops_with_NoDescentDirection_without_a_step()
    {
        // gᵀd = −g² = −36 for the first direction d = −g; a tolerance of 100 refuses it.
        var (ps, loss) = Parabola(1, 3, 0);
        var result = LBFGS.Minimise(loss, ps, new LbfgsOptions { ToleranceChange = 100 });
        Assert.Equal(MinimisationStop.NoDescentDirection, result.Stop);
        Assert.Equal((0, 1), (result.Iterations, result.Evaluations));
        Assert.Equal(ps[0], result.Params[0]);
    }

    /// <summary>k·(x − 1)⁴ from 1 + δ: a quartic, so that no interpolated step lands on the minimiser exactly.</summary>
    private static (Params, Func<Params, Expr>) Quartic(double k, double delta)
    {
        var x = new Param("x", Tensor.FromArray([1 + delta], 1));
        return (Params.Of(x), q => k * Ops.Sum(Ops.Pow(q[x] - 1.0, 4)));
    }

    [Fact]
    public void A_step_smaller_than_ToleranceChange_stops_with_StepSmall()
    {
        // 1e9 (x − 1)⁴ from δ = 1e-3: g = 4 and gᵀd = −16 are far from the tolerances, while a
        // step that satisfies the curvature condition moves x by less than 2δ = 2e-3.
        var (ps, loss) = Quartic(1e9, 1e-3);
        var steps = new Steps();
        var result = LBFGS.Minimise(loss, ps, new LbfgsOptions { ToleranceChange = 2.5e-3, ToleranceGrad = 0 }, steps);
        Assert.Equal(MinimisationStop.StepSmall, result.Stop);
        Assert.Equal(1, result.Iterations);
        Assert.True(result.GradientNorm > 0);
        Assert.True(Math.Abs(result.Params[0].Value[0] - ps[0].Value[0]) <= 2.5e-3);
    }

    [Fact]
    public void A_loss_change_smaller_than_ToleranceChange_stops_with_LossChangeSmall()
    {
        // 1e4 (x − 1)⁴ from δ = 1e-2: the loss can fall by at most 1e-4 < 5e-4, while gᵀd = −1.6e-3
        // is below −5e-4 and the step (about δ) is above 5e-4.
        var (ps, loss) = Quartic(1e4, 1e-2);
        var result = LBFGS.Minimise(loss, ps, new LbfgsOptions { ToleranceChange = 5e-4, ToleranceGrad = 0 });
        Assert.Equal(MinimisationStop.LossChangeSmall, result.Stop);
        Assert.Equal(1, result.Iterations);
        Assert.True(Math.Abs(result.Params[0].Value[0] - ps[0].Value[0]) > 5e-4);
        Assert.True(result.Losses[0] - result.Losses[1] < 5e-4);
    }

    [Fact]
    public void A_NaN_at_a_line_search_trial_ends_the_run_at_the_last_iterate()
    {
        // (x − 10)² from 0 with a NaN wall beyond x = 0.5: the first trial, x = 1, is NaN.
        var x = new Param("x", Tensor.FromArray([0.0], 1));
        Expr Loss(Params q) => Ops.Sum(Ops.Square(q[x] - 10.0)) + 0.0 * Ops.Sum(Ops.Sqrt(0.5 - q[x]));
        var result = LBFGS.Minimise(Loss, Params.Of(x));
        Assert.Equal(MinimisationStop.NonFiniteLoss, result.Stop);
        Assert.Equal((0, 2), (result.Iterations, result.Evaluations));
        Assert.Equal([100.0], result.Losses.ToArray());
        Assert.Equal(0.0, result.Params[0].Value[0]);
    }

    [Fact]
    public void A_non_finite_loss_at_the_start_returns_the_start_with_no_losses()
    {
        var (ps, _) = Parabola(1, 0, -1);
        var result = LBFGS.Minimise(q => Ops.Sum(Ops.Log(q[ps[0]])), ps);
        Assert.Equal(MinimisationStop.NonFiniteLoss, result.Stop);
        Assert.Empty(result.Losses);
        Assert.True(double.IsNaN(result.FinalLoss) && double.IsNaN(result.GradientNorm));
        Assert.Same(ps, result.Params);
    }

    [Fact]
    public void An_exception_in_the_loss_is_returned_with_the_work_finished_before_it()
    {
        var calls = 0;
        var boom = new InvalidOperationException("the data source went away");
        Expr Loss(Params q) => ++calls == 6 ? throw boom : Rosenbrock(q);
        var steps = new Steps();
        var result = LBFGS.Minimise(Loss, Start, progress: steps);
        var failed = Assert.IsType<MinimisationStop.FailedCase>(result.Stop);
        Assert.Same(boom, failed.Error);
        Assert.Equal(6, result.Evaluations);
        Assert.Equal(steps.Reports.Count, result.Iterations);
        Assert.True(result.Iterations >= 1);
        Assert.Equal(steps.Reports[^1].Params.Select(p => p.Value), result.Params.Select(p => p.Value));
        Assert.Contains("the data source went away", result.Stop.ToString());
    }

    [Fact]
    public void Cancellation_before_the_start_evaluates_nothing()
    {
        var result = LBFGS.Minimise(Rosenbrock, Start, cancellationToken: new CancellationToken(true));
        Assert.Equal(MinimisationStop.Cancelled, result.Stop);
        Assert.Equal((0, 0), (result.Iterations, result.Evaluations));
    }

    [Fact]
    public void Cancellation_during_the_run_stops_before_the_next_iteration()
    {
        using var cts = new CancellationTokenSource();
        var steps = new Steps();
        var progress = new Progress(r => { steps.Report(r); if (r.Iteration == 2) cts.Cancel(); });
        var result = LBFGS.Minimise(Rosenbrock, Start, new LbfgsOptions { MaxIterations = 50 }, progress, cts.Token);
        Assert.Equal(MinimisationStop.Cancelled, result.Stop);
        Assert.Equal(2, result.Iterations);
        Assert.Equal(steps.Reports[^1].Params.Select(p => p.Value), result.Params.Select(p => p.Value));
    }

    // Told synchronously, unlike System.Progress<T>, which posts to a synchronisation context.
    private sealed class Progress(Action<MinimisationProgress> report) : IProgress<MinimisationProgress>
    {
        public void Report(MinimisationProgress value) => report(value);
    }
}
