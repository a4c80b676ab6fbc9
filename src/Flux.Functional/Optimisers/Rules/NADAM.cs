using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>NADAM</c>: ADAM with Nesterov momentum.
/// <code>
/// m' = β1*m + (1-β1)*g          m starts at 0
/// v' = β2*v + (1-β2)*g²         v starts at 0
/// Δ  = η * (β1*m'/(1-β1^(t+1)) + (1-β1)*g/(1-β1^t)) / (sqrt(β2*v'/(1-β2^t)) + ϵ)
/// Δ  = s_t * Δ                  s_t = 1 / (1 + decay*(t - 1))   (scales Δ)
/// p' = p - Δ
/// </code>
/// </summary>
/// <remarks>State: <c>m</c> and <c>v</c> per parameter; the kernel is ADAM's (<see cref="AdamFormula{TEmit, T}"/>) with Nesterov momentum.</remarks>
public sealed record NADAM : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = ADAM.Declared with { Name = "NADAM", Summary = "ADAM with Nesterov momentum" };

    /// <summary>NADAM with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public NADAM(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? decay = null)
        : base(Declared, eta, beta1, beta2, epsilon, decay) { }

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        TwoSlots(new AdamFormula<TEmit, T>(this["eta"], this["beta1"], this["beta2"], this["epsilon"], step.T, InverseDecay(this["decay"], step.T), nesterov: true), p, g, slots, output);
}
