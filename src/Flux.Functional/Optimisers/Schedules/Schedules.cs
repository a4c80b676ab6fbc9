using System.Diagnostics.Contracts;
using System.Globalization;

namespace Flux;

/// <summary>The schedules (<see cref="Schedule"/>), by name. Each summary states the closed form.</summary>
/// <example><code>
/// var lr = Schedules.WarmupCosine(peak: 1e-3, warmupSteps: 100, decaySteps: 900);
/// var opt = Optimisers.Scheduled(Optimisers.ADAM(), "eta", lr);
/// </code></example>
public static class Schedules
{
    /// <inheritdoc cref="Schedule.Constant"/>
    [Pure] public static Schedule Constant(double value) => new Schedule.Constant(value);

    /// <inheritdoc cref="Schedule.Step"/>
    [Pure] public static Schedule Step(double init, double rate, long every) => new Schedule.Step(init, rate, every);

    /// <inheritdoc cref="Schedule.Exponential"/>
    [Pure] public static Schedule Exponential(double init, double rate, long steps) => new Schedule.Exponential(init, rate, steps);

    /// <inheritdoc cref="Schedule.Inverse"/>
    [Pure] public static Schedule Inverse(double init, double decay, double power = 1) => new Schedule.Inverse(init, decay, power);

    /// <inheritdoc cref="Schedule.Polynomial"/>
    [Pure] public static Schedule Polynomial(double init, double end, double power, long steps) => new Schedule.Polynomial(init, end, power, steps);

    /// <inheritdoc cref="Schedule.Cosine"/>
    [Pure] public static Schedule Cosine(double init, long steps, double alpha = 0) => new Schedule.Cosine(init, steps, alpha);

    /// <inheritdoc cref="Schedule.Linear"/>
    [Pure] public static Schedule Linear(double init, double end, long steps) => new Schedule.Linear(init, end, steps);

    /// <inheritdoc cref="Schedule.Warmup"/>
    [Pure] public static Schedule Warmup(double peak, long steps) => new Schedule.Warmup(peak, steps);

    /// <inheritdoc cref="Schedule.Piecewise"/>
    [Pure] public static Schedule Piecewise(double init, params (long Step, double Scale)[] boundaries) => new Schedule.Piecewise(init, boundaries);

    /// <inheritdoc cref="Schedule.Join"/>
    [Pure] public static Schedule Join(IEnumerable<Schedule> schedules, IEnumerable<long> boundaries) => new Schedule.Join(schedules, boundaries);

    /// <summary>
    /// Linear warm-up then cosine decay: <c>Join([Warmup(peak, w), Cosine(peak, decaySteps, end/peak)], [w])</c>, so
    /// <code>
    /// v(t) = peak * t/w                                                            t ≤ w
    /// v(t) = peak * ((1-α) * (1 + cos(π*min(t-w-1, d)/d))/2 + α),   α = end/peak     t &gt; w
    /// </code>
    /// with <c>d = decaySteps</c>: the peak at steps w and w+1, <c>end</c> from <c>t = w + d + 1</c> on.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="peak"/> ≤ 0, or <paramref name="end"/> outside [0, peak], or a step count below 1.</exception>
    [Pure]
    public static Schedule WarmupCosine(double peak, long warmupSteps, long decaySteps, double end = 0)
    {
        Checks.Positive("WarmupCosine", nameof(peak), peak);
        if (!(end >= 0 && end <= peak))
            throw new ArgumentOutOfRangeException(nameof(end), end, $"WarmupCosine: end must be in [0, peak = {peak}]; got {end}.");
        return Join([Warmup(peak, warmupSteps), Cosine(peak, decaySteps, end / peak)], [warmupSteps]);
    }
}
