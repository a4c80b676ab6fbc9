using System.Diagnostics.Contracts;
using System.Globalization;

namespace Flux;

/// <summary>
/// A schedule: a pure function of the step <c>t = 1, 2, 3, …</c> giving a hyperparameter's value
/// (Optax's schedules; <c>t = 1</c> is Optax's <c>count = 0</c>). A closed union: the cases below,
/// built with <see cref="Schedules"/>, and joins of them. <see cref="Scheduled"/> drives any
/// hyperparameter of any rule with one.
/// </summary>
/// <remarks>Every case validates its arguments at construction (finite values, step counts ≥ 1)
/// and <see cref="At"/> refuses <c>t &lt; 1</c>. Cases compare by value.</remarks>
public abstract partial record HyperparameterSchedule
{
    private HyperparameterSchedule() { }

    /// <summary>The value at step <paramref name="t"/> (from 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is less than 1.</exception>
    [Pure]
    public double At(long t) => t >= 1
        ? Value(t)
        : throw new ArgumentOutOfRangeException(nameof(t), t, $"Schedule: steps count from 1; got {t}.");

    private protected abstract double Value(long t);

    private static string F(double x) => x.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary><c>v(t) = value</c>.</summary>
    public sealed record Constant : HyperparameterSchedule
    {
        /// <summary>The constant <paramref name="value"/>.</summary>
        public Constant(double value) => Value0 = Checks.Finite("Constant", nameof(value), value);

        /// <summary>The value.</summary>
        public double Value0 { get; }

        private protected override double Value(long t) => Value0;

        /// <inheritdoc/>
        public override string ToString() => $"Constant({F(Value0)})";
    }

    /// <summary>Staircase: <c>v(t) = init * rate^floor((t-1)/every)</c>: <c>init</c> for the first <c>every</c> steps, then <c>init*rate</c>, and so on.</summary>
    public sealed record Step : HyperparameterSchedule
    {
        /// <summary>The staircase from <paramref name="init"/>, multiplied by <paramref name="rate"/> every <paramref name="every"/> steps.</summary>
        public Step(double init, double rate, long every)
        {
            Init = Checks.Finite("Step", nameof(init), init);
            Rate = Checks.NonNegative("Step", nameof(rate), rate);
            Every = Checks.AtLeastOne("Step", nameof(every), every);
        }

        /// <summary>The value of the first steps.</summary>
        public double Init { get; }
        /// <summary>The factor applied every <see cref="Every"/> steps.</summary>
        public double Rate { get; }
        /// <summary>Steps per stair.</summary>
        public long Every { get; }

        private protected override double Value(long t) => Init * Math.Pow(Rate, (t - 1) / Every);

        /// <inheritdoc/>
        public override string ToString() => $"Step({F(Init)}, ×{F(Rate)} every {Every})";
    }

    /// <summary>Continuous exponential decay: <c>v(t) = init * rate^((t-1)/steps)</c>.</summary>
    public sealed record Exponential : HyperparameterSchedule
    {
        /// <summary>Decay from <paramref name="init"/> by <paramref name="rate"/> per <paramref name="steps"/> steps.</summary>
        public Exponential(double init, double rate, long steps)
        {
            Init = Checks.Finite("Exponential", nameof(init), init);
            Rate = Checks.NonNegative("Exponential", nameof(rate), rate);
            Steps = Checks.AtLeastOne("Exponential", nameof(steps), steps);
        }

        /// <summary>The value at t = 1.</summary>
        public double Init { get; }
        /// <summary>The factor per <see cref="Steps"/> steps.</summary>
        public double Rate { get; }
        /// <summary>The steps over which the value is multiplied by <see cref="Rate"/>.</summary>
        public long Steps { get; }

        private protected override double Value(long t) => Init * Math.Pow(Rate, (double)(t - 1) / Steps);

        /// <inheritdoc/>
        public override string ToString() => $"Exponential({F(Init)}, ×{F(Rate)} per {Steps})";
    }

    /// <summary>Inverse decay: <c>v(t) = init / (1 + decay*(t-1))^power</c> (power 1 is <see cref="InvDecay"/>'s factor).</summary>
    public sealed record Inverse : HyperparameterSchedule
    {
        /// <summary>Inverse decay of <paramref name="init"/>.</summary>
        public Inverse(double init, double decay, double power = 1)
        {
            Init = Checks.Finite("Inverse", nameof(init), init);
            Decay = Checks.NonNegative("Inverse", nameof(decay), decay);
            Power = Checks.NonNegative("Inverse", nameof(power), power);
        }

        /// <summary>The value at t = 1.</summary>
        public double Init { get; }
        /// <summary>The decay γ.</summary>
        public double Decay { get; }
        /// <summary>The power p.</summary>
        public double Power { get; }

        private protected override double Value(long t) => Init / Math.Pow(1 + Decay * (t - 1), Power);

        /// <inheritdoc/>
        public override string ToString() => $"Inverse({F(Init)}, γ = {F(Decay)}, p = {F(Power)})";
    }

    /// <summary>Polynomial decay (Optax's <c>polynomial_schedule</c>): <c>c = min(t-1, steps)</c>, <c>v(t) = (init - end) * (1 - c/steps)^power + end</c>; <c>end</c> from <c>t = steps + 1</c> on.</summary>
    public sealed record Polynomial : HyperparameterSchedule
    {
        /// <summary>Decay from <paramref name="init"/> to <paramref name="end"/> over <paramref name="steps"/> steps.</summary>
        public Polynomial(double init, double end, double power, long steps)
        {
            Init = Checks.Finite("Polynomial", nameof(init), init);
            End = Checks.Finite("Polynomial", nameof(end), end);
            Power = Checks.NonNegative("Polynomial", nameof(power), power);
            Steps = Checks.AtLeastOne("Polynomial", nameof(steps), steps);
        }

        /// <summary>The value at t = 1.</summary>
        public double Init { get; }
        /// <summary>The value from t = steps + 1 on.</summary>
        public double End { get; }
        /// <summary>The power.</summary>
        public double Power { get; }
        /// <summary>The steps of the decay.</summary>
        public long Steps { get; }

        private protected override double Value(long t) => (Init - End) * Math.Pow(1 - (double)Math.Min(t - 1, Steps) / Steps, Power) + End;

        /// <inheritdoc/>
        public override string ToString() => $"Polynomial({F(Init)} → {F(End)}, power {F(Power)}, {Steps} steps)";
    }

    /// <summary>Cosine decay (Optax's <c>cosine_decay_schedule</c>): <c>c = min(t-1, steps)</c>, <c>v(t) = init * ((1-α) * (1 + cos(π*c/steps))/2 + α)</c>; <c>α*init</c> from <c>t = steps + 1</c> on.</summary>
    public sealed record Cosine : HyperparameterSchedule
    {
        /// <summary>Cosine decay of <paramref name="init"/> over <paramref name="steps"/> steps to <c>alpha*init</c>.</summary>
        public Cosine(double init, long steps, double alpha = 0)
        {
            Init = Checks.Finite("Cosine", nameof(init), init);
            Steps = Checks.AtLeastOne("Cosine", nameof(steps), steps);
            Alpha = Checks.ClosedUnitInterval("Cosine", nameof(alpha), alpha);
        }

        /// <summary>The value at t = 1.</summary>
        public double Init { get; }
        /// <summary>The steps of the decay.</summary>
        public long Steps { get; }
        /// <summary>α, the final fraction of <see cref="Init"/>.</summary>
        public double Alpha { get; }

        private protected override double Value(long t) =>
            Init * ((1 - Alpha) * (1 + Math.Cos(Math.PI * Math.Min(t - 1, Steps) / Steps)) / 2 + Alpha);

        /// <inheritdoc/>
        public override string ToString() => $"Cosine({F(Init)}, {Steps} steps, α = {F(Alpha)})";
    }

    /// <summary>Linear interpolation (Optax's <c>linear_schedule</c>): <c>c = min(t-1, steps)</c>, <c>v(t) = init + (end - init) * c/steps</c>, and <c>end</c> exactly from <c>t = steps + 1</c> on.</summary>
    public sealed record Linear : HyperparameterSchedule
    {
        /// <summary>From <paramref name="init"/> at t = 1 to <paramref name="end"/> at t = steps + 1 and after.</summary>
        public Linear(double init, double end, long steps)
        {
            Init = Checks.Finite("Linear", nameof(init), init);
            End = Checks.Finite("Linear", nameof(end), end);
            Steps = Checks.AtLeastOne("Linear", nameof(steps), steps);
        }

        /// <summary>The value at t = 1.</summary>
        public double Init { get; }
        /// <summary>The value from t = steps + 1 on.</summary>
        public double End { get; }
        /// <summary>The steps of the ramp.</summary>
        public long Steps { get; }

        // From t = steps + 1 on, End exactly: init + (end - init)*steps/steps can round past it (0.1 → 0 over 3 steps gives -1.4e-17).
        private protected override double Value(long t) => t > Steps ? End : Init + (End - Init) * (t - 1) / Steps;

        /// <inheritdoc/>
        public override string ToString() => $"Linear({F(Init)} → {F(End)}, {Steps} steps)";
    }

    /// <summary>Linear warm-up: <c>v(t) = peak * min(t, steps)/steps</c>: <c>peak/steps</c> at the first step (never 0), <c>peak</c> from <c>t = steps</c> on.</summary>
    public sealed record Warmup : HyperparameterSchedule
    {
        /// <summary>A ramp to <paramref name="peak"/> over <paramref name="steps"/> steps.</summary>
        public Warmup(double peak, long steps)
        {
            Peak = Checks.Finite("Warmup", nameof(peak), peak);
            Steps = Checks.AtLeastOne("Warmup", nameof(steps), steps);
        }

        /// <summary>The value reached at t = steps.</summary>
        public double Peak { get; }
        /// <summary>The steps of the warm-up.</summary>
        public long Steps { get; }

        private protected override double Value(long t) => Peak * Math.Min(t, Steps) / Steps;

        /// <inheritdoc/>
        public override string ToString() => $"Warmup({F(Peak)}, {Steps} steps)";
    }
}
