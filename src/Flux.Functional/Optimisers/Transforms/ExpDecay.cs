using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>ExpDecay</c>: a step-wise exponential
/// learning-rate schedule, as a chain element (<c>Chain(ADAM(), ExpDecay())</c>).
/// <code>
/// Δ = max(η * decay^floor((t-1)/decay_step), clip) * g
/// </code>
/// η for the first <c>decay_step</c> steps, then <c>η*decay</c>, and so on, never below <c>clip</c>.
/// Alone, it steps <c>p' = p - Δ</c>.
/// </summary>
/// <remarks>
/// State: the step count only.
/// </remarks>
public sealed record ExpDecay : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("ExpDecay", "scales the gradient by max(η·decay^floor((t-1)/decay_step), clip)", [], Hyperparameter.Eta(0.001), new("decay", "decay", 0.1, HyperparameterRange.ClosedUnitInterval, "the factor per decay step"), new("decayStep", "decay_step", 1000, HyperparameterRange.Count, "steps between decays"), new("clip", "clip", 1e-4, HyperparameterRange.NonNegative, "the smallest factor"));

    /// <summary>ExpDecay with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public ExpDecay(double? eta = null, double? decay = null, double? decayStep = null, double? clip = null) : base(Declared, eta, decay, decayStep, clip) { }

    /// <summary>The factor of step <paramref name="t"/> (from 1): <c>max(η * decay^floor((t-1)/decay_step), clip)</c>.</summary>
    public double Factor(long t) => Math.Max(this["eta"] * Math.Pow(this["decay"], (t - 1) / (long)this["decayStep"]), this["clip"]);

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        Scaled<TEmit>(Factor(step.T), p, g, output);
}
