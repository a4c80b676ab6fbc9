using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>AdamWTorch</c>: ADAM with decoupled weight decay in PyTorch's (and Optax's <c>adamw</c>)
/// convention, where the decay is multiplied by the learning rate.
/// <code>
/// m' = β1*m + (1-β1)*g          m starts at 0
/// v' = β2*v + (1-β2)*g²         v starts at 0
/// p' = p - η * ( (m'/(1-β1^t)) / (sqrt(v'/(1-β2^t)) + ϵ)  +  λ*p )
/// </code>
/// </summary>
/// <remarks>
/// State: <c>m</c> and <c>v</c> per parameter. <b>Against the Flux <see cref="ADAMW"/>:</b> ADAMW
/// subtracts <c>decay*p</c> as it is; this rule subtracts <c>η*λ*p</c>, so a λ taken from a PyTorch
/// or Optax recipe belongs here. With λ = 0 it is ADAM bit for bit.
/// </remarks>
public sealed record AdamWTorch : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("AdamWTorch", "ADAM with decoupled weight decay scaled by η (PyTorch's AdamW)", ["m", "v"],
        Hyperparameter.Eta(0.001), Hyperparameter.Beta1(0.9), Hyperparameter.Beta2(0.999), Hyperparameter.Epsilon(1e-8),
        new("weightDecay", "λ", 0.01, HyperparameterRange.NonNegative, "the weight decay, subtracted as η·λ·p", "DecoupledWeightDecay", "Lambda"));

    /// <summary>AdamWTorch with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public AdamWTorch(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? weightDecay = null)
        : base(Declared, eta, beta1, beta2, epsilon, weightDecay) { }

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        TwoSlots(new AdamFormula<TEmit, T>(this["eta"], this["beta1"], this["beta2"], this["epsilon"], step.T,
            decay: DecoupledDecay.ScaledByEta, lambda: this["weightDecay"]), p, g, slots, output);
}
