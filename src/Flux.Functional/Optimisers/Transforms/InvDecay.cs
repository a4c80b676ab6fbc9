using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>InvDecay</c>: the inverse-decay schedule, as a chain element
/// (<c>Chain(InvDecay(0.01), SGD())</c> or <c>Chain(ADAM(), InvDecay(0.01))</c>).
/// <code>
/// Δ = g / (1 + γ*(t - 1))       the first step is unscaled; the same s_t as a rule's decay argument
/// </code>
/// Alone, it steps <c>p' = p - Δ</c>.
/// </summary>
/// <remarks>With γ = 0 every element passes unchanged, bit for bit. State: the step count only.</remarks>
public sealed record InvDecay : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("InvDecay", "scales the gradient by 1/(1 + γ(t-1))", [], new Hyperparameter("gamma", "γ", 0.001, HyperparameterRange.NonNegative, "the inverse decay"));

    /// <summary>InvDecay with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public InvDecay(double? gamma = null) : base(Declared, gamma) { }

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        Scaled<TEmit>(InverseDecay(this["gamma"], step.T), p, g, output);
}
