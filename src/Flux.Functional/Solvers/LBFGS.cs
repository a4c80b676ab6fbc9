using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// Limited-memory BFGS with a strong-Wolfe line search, for full-batch problems: a solver that
/// calls the loss as often as it needs, not an <see cref="IOptimiser"/> fed one gradient per step.
/// It is <c>torch.optim.LBFGS(line_search_fn="strong_wolfe")</c>, one call of its
/// <c>step(closure)</c>, with the same settings (<see cref="LbfgsOptions"/>), the same tests and
/// the same order of operations, so that its iterates equal PyTorch's to rounding.
/// </summary>
/// <remarks>
/// <para>
/// Each iteration k, from x₀ and g₀ = ∇f(x₀):
/// </para>
/// <list type="number">
/// <item><description>direction: d₀ = −g₀; later, with <c>sₖ₋₁ = tₖ₋₁dₖ₋₁</c> and <c>yₖ₋₁ = gₖ − gₖ₋₁</c>
/// added to the history when <c>yᵀs &gt; 1e-10</c>, <c>dₖ = −Hₖgₖ</c> by the two-loop recursion over the last
/// <c>HistorySize</c> pairs with <c>H₀ = (sᵀy / yᵀy)·I</c> from the newest pair;</description></item>
/// <item><description>first trial step: <c>min(1, 1/‖g₀‖₁)·η</c> in the first iteration, η after;</description></item>
/// <item><description>stop with <see cref="MinimisationStop.NoDescentDirection"/> when <c>gₖᵀdₖ &gt; −ToleranceChange</c>;</description></item>
/// <item><description>a step tₖ satisfying the strong Wolfe conditions
/// <c>f(x + t·d) ≤ f(x) + c1·t·gᵀd</c> and <c>|∇f(x + t·d)ᵀd| ≤ c2·|gᵀd|</c> (<see cref="LbfgsOptions.C1"/>,
/// <see cref="LbfgsOptions.C2"/>), found by bracketing and zoom with cubic interpolation; <c>xₖ₊₁ = xₖ + tₖdₖ</c>;</description></item>
/// <item><description>stop, in this order, when <c>MaxIterations</c> iterations ran, <c>MaxEvaluations</c>
/// evaluations were made, <c>maxᵢ|gₖ₊₁ᵢ| ≤ ToleranceGrad</c>, <c>maxᵢ|tₖdₖᵢ| ≤ ToleranceChange</c>, or
/// <c>|fₖ₊₁ − fₖ| &lt; ToleranceChange</c>.</description></item>
/// </list>
/// <para>
/// Pure: the caller's parameters are not changed (the result holds new versions with the same
/// identities), and the loss is evaluated on the calling thread in a fixed order, so a run repeats
/// bit for bit. Nothing thrown while it runs escapes: an exception in the loss or the progress
/// callback, a non-finite loss or gradient, and a cancellation each end the run with their
/// <see cref="MinimisationStop"/> and the last iterate reached.
/// </para>
/// </remarks>
public static class LBFGS
{
    /// <summary>
    /// Minimises <paramref name="loss"/>, written as a function of the parameters
    /// (<c>q =&gt; Losses.Mse(q[W] * x + q[b], y)</c>), from the values <paramref name="ps"/> holds.
    /// </summary>
    /// <param name="loss">The scalar loss at a point: the members of <paramref name="ps"/> with new values.</param>
    /// <param name="ps">The parameters to minimise over and the starting point.</param>
    /// <param name="options">The settings; <see cref="LbfgsOptions.Default"/> (PyTorch's) when null.</param>
    /// <param name="progress">Told after every step.</param>
    /// <param name="cancellationToken">Checked before every iteration.</param>
    /// <returns>The last iterate, the counts, the reason and the loss history; see <see cref="LBFGS"/> for failures.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it, its range and the value.</exception>
    [Pure]
    public static MinimisationResult Minimise(Func<Params, Expr> loss, Params ps, LbfgsOptions? options = null,
        IProgress<MinimisationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(ps);
        return Run(loss, ps, (options ?? LbfgsOptions.Default).Validated(), progress, cancellationToken);
    }

    /// <summary>
    /// As <see cref="Minimise(Func{Params, Expr}, Params, LbfgsOptions?, IProgress{MinimisationProgress}?, CancellationToken)"/>,
    /// for a loss written as for <see cref="Gradient.Of(Func{Expr}, Params)"/>, closing over its
    /// parameters (<c>() =&gt; Losses.Mse(W * x + b, y)</c>): while the solver evaluates it, every
    /// parameter leaf of a member of <paramref name="ps"/> takes its value from the point being
    /// evaluated. The loss must trace on the calling thread and read its parameters as traced
    /// operands, not through <c>Param.Value</c>.
    /// </summary>
    [Pure]
    public static MinimisationResult Minimise(Func<Expr> loss, Params ps, LbfgsOptions? options = null,
        IProgress<MinimisationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loss);
        return Minimise(q => GradientCheck.At(q, loss), ps, options, progress, cancellationToken);
    }

    private static MinimisationResult Run(Func<Params, Expr> loss, Params ps, LbfgsOptions o, IProgress<MinimisationProgress>? progress, CancellationToken cancellationToken)
    {
        var layout = FlatLayout.Of(ps);
        var objective = new Objective(loss, layout);
        var x = layout.Values(ps);
        var current = ps;
        var losses = ImmutableArray.CreateBuilder<double>();
        var (steps, gradientNorm) = (0, double.NaN);
        MinimisationResult Result(MinimisationStop why) => new(current, steps, objective.Evaluations, why, losses.ToImmutable(), gradientNorm);
        try
        {
            if (cancellationToken.IsCancellationRequested) return Result(MinimisationStop.Cancelled);
            var (f, g) = objective.At(x);
            losses.Add(f);
            gradientNorm = FlatVector.MaxAbs(g);
            if (gradientNorm <= o.ToleranceGrad) return Result(MinimisationStop.GradientSmall);

            var history = CurvatureHistory.Empty(o.HistorySize);
            double[] d = [], previousGradient = [];
            var (t, previousLoss) = (0.0, 0.0);
            for (var iteration = 1; ; iteration++)
            {
                if (cancellationToken.IsCancellationRequested) return Result(MinimisationStop.Cancelled);
                if (iteration == 1)
                {
                    d = FlatVector.Scale(-1.0, g);
                }
                else
                {
                    history = history.Push(FlatVector.Scale(t, d), FlatVector.Subtract(g, previousGradient));
                    d = history.Direction(g);
                }
                (previousGradient, previousLoss) = (g, f);

                t = iteration == 1 ? CubicInterpolation.PyMin(1.0, 1.0 / FlatVector.SumAbs(g)) * o.LearningRate : o.LearningRate;
                var gtd = FlatVector.Dot(g, d);
                if (gtd > -o.ToleranceChange) return Result(MinimisationStop.NoDescentDirection);

                var start = x;
                var direction = d;
                var found = StrongWolfe.Search(step => objective.At(FlatVector.AddScaled(start, step, direction)), t, d, f, g, gtd, o);
                (t, f, g) = (found.Step, found.Loss, found.Gradient);
                x = FlatVector.AddScaled(x, t, d);
                current = layout.With(x);
                steps++;
                losses.Add(f);
                gradientNorm = FlatVector.MaxAbs(g);
                progress?.Report(new MinimisationProgress(steps, objective.Evaluations, f, gradientNorm, t, current));

                if (iteration == o.MaxIterations) return Result(MinimisationStop.IterationLimit);
                if (objective.Evaluations >= o.EvaluationLimit) return Result(MinimisationStop.EvaluationLimit);
                if (gradientNorm <= o.ToleranceGrad) return Result(MinimisationStop.GradientSmall);
                if (MaxAbsScaled(t, d) <= o.ToleranceChange) return Result(MinimisationStop.StepSmall);
                if (Math.Abs(f - previousLoss) < o.ToleranceChange) return Result(MinimisationStop.LossChangeSmall);
            }
        }
        catch (Objective.NonFiniteException)
        {
            return Result(MinimisationStop.NonFiniteLoss);
        }
        catch (OperationCanceledException)
        {
            return Result(MinimisationStop.Cancelled);
        }
        catch (Exception e)
        {
            return Result(MinimisationStop.Failed(e));
        }
    }

    // maxᵢ |t·dᵢ|, with the product rounded first as PyTorch's d.mul(t).abs().max() does.
    private static double MaxAbsScaled(double t, double[] d) => FlatVector.MaxAbs(FlatVector.Scale(t, d));
}
