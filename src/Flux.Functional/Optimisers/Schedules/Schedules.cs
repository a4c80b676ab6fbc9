using System.Diagnostics.Contracts;
using System.Globalization;

namespace Flux;

/// <summary>The schedules (<see cref="HyperparameterSchedule"/>), by name. Each summary states the closed form.</summary>
/// <example><code>
/// var lr = Schedules.WarmupCosine(peak: 1e-3, warmupSteps: 100, decaySteps: 900);
/// var opt = Optimisers.Scheduled(Optimisers.ADAM(), "eta", lr);
/// </code></example>
public static class Schedules
{
    /// <inheritdoc cref="HyperparameterSchedule.Constant"/>
    [Pure] public static HyperparameterSchedule Constant(double value) => new HyperparameterSchedule.Constant(value);

    /// <inheritdoc cref="HyperparameterSchedule.Step"/>
    [Pure] public static HyperparameterSchedule Step(double init, double rate, long every) => new HyperparameterSchedule.Step(init, rate, every);

    /// <inheritdoc cref="HyperparameterSchedule.Exponential"/>
    [Pure] public static HyperparameterSchedule Exponential(double init, double rate, long steps) => new HyperparameterSchedule.Exponential(init, rate, steps);

    /// <inheritdoc cref="HyperparameterSchedule.Inverse"/>
    [Pure] public static HyperparameterSchedule Inverse(double init, double decay, double power = 1) => new HyperparameterSchedule.Inverse(init, decay, power);

    /// <inheritdoc cref="HyperparameterSchedule.Polynomial"/>
    [Pure] public static HyperparameterSchedule Polynomial(double init, double end, double power, long steps) => new HyperparameterSchedule.Polynomial(init, end, power, steps);

    /// <inheritdoc cref="HyperparameterSchedule.Cosine"/>
    [Pure] public static HyperparameterSchedule Cosine(double init, long steps, double alpha = 0) => new HyperparameterSchedule.Cosine(init, steps, alpha);

    /// <inheritdoc cref="HyperparameterSchedule.Linear"/>
    [Pure] public static HyperparameterSchedule Linear(double init, double end, long steps) => new HyperparameterSchedule.Linear(init, end, steps);

    /// <inheritdoc cref="HyperparameterSchedule.Warmup"/>
    [Pure] public static HyperparameterSchedule Warmup(double peak, long steps) => new HyperparameterSchedule.Warmup(peak, steps);

    /// <inheritdoc cref="HyperparameterSchedule.Piecewise"/>
    [Pure] public static HyperparameterSchedule Piecewise(double init, params (long Step, double Scale)[] boundaries) => new HyperparameterSchedule.Piecewise(init, boundaries);

    /// <inheritdoc cref="HyperparameterSchedule.Join"/>
    [Pure] public static HyperparameterSchedule Join(IEnumerable<HyperparameterSchedule> schedules, IEnumerable<long> boundaries) => new HyperparameterSchedule.Join(schedules, boundaries);

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
    public static HyperparameterSchedule WarmupCosine(double peak, long warmupSteps, long decaySteps, double end = 0)
    {
        Checks.Positive("WarmupCosine", nameof(peak), peak);
        if (!(end >= 0 && end <= peak))
            throw new ArgumentOutOfRangeException(nameof(end), end, $"WarmupCosine: end must be in [0, peak = {peak}]; got {end}.");
        return Join([Warmup(peak, warmupSteps), Cosine(peak, decaySteps, end / peak)], [warmupSteps]);
    }
}
