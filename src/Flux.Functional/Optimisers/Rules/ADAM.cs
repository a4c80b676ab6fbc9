using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>ADAM</c>: adaptive moment estimation.
/// <code>
/// m' = β1*m + (1-β1)*g          m starts at 0
/// v' = β2*v + (1-β2)*g²         v starts at 0
/// Δ  = η * (m'/(1-β1^t)) / (sqrt(v'/(1-β2^t)) + ϵ)
/// Δ  = s_t * Δ                  s_t = 1 / (1 + decay*(t - 1))   (scales Δ)
/// p' = p - Δ
/// </code>
/// </summary>
/// <remarks>State: <c>m</c> and <c>v</c> per parameter. One fused pass per parameter (<see cref="AdamFormula{TEmit, T}"/>) reads <c>p, g, m, v</c> and writes <c>p', m', v'</c>.</remarks>
public sealed record ADAM : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("ADAM", "adaptive moment estimation", ["m", "v"],
        Hyperparameter.Eta(0.001), Hyperparameter.Beta1(0.9), Hyperparameter.Beta2(0.999), Hyperparameter.Epsilon(1e-8), Hyperparameter.Decay());

    /// <summary>ADAM with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public ADAM(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? decay = null)
        : base(Declared, eta, beta1, beta2, epsilon, decay) { }

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        TwoSlots(new AdamFormula<TEmit, T>(this["eta"], this["beta1"], this["beta2"], this["epsilon"], step.T, InverseDecay(this["decay"], step.T)), p, g, slots, output);
}
