using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>ADAMW</c>: ADAM with decoupled weight decay, in Flux's convention.
/// <code>
/// m' = β1*m + (1-β1)*g          m starts at 0
/// v' = β2*v + (1-β2)*g²         v starts at 0
/// Δ  = η * (m'/(1-β1^t)) / (sqrt(v'/(1-β2^t)) + ϵ)     (as ADAM, no inverse decay)
/// p' = p - Δ - decay*p
/// </code>
/// </summary>
/// <remarks>
/// State: <c>m</c> and <c>v</c> per parameter; as a chain element its step is <c>Δ + decay*p</c>.
/// With decay 0 the rule is exactly ADAM. <b>Against PyTorch's AdamW:</b> here the weight decay is
/// <i>not</i> multiplied by η. PyTorch and Optax subtract <c>η*λ*p</c>; that convention is
/// <see cref="AdamWTorch"/>, and <c>ADAMW(η, decay: η*λ)</c> equals <c>AdamWTorch(η, λ)</c> up to rounding.
/// </remarks>
public sealed record ADAMW : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("ADAMW", "ADAM with decoupled weight decay (unscaled)", ["m", "v"],
        Hyperparameter.Eta(0.001), Hyperparameter.Beta1(0.9), Hyperparameter.Beta2(0.999), Hyperparameter.Epsilon(1e-8),
        new("decay", "decay", 0, HyperparameterRange.NonNegative, "the weight decay, subtracted as decay·p"));

    /// <summary>ADAMW with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public ADAMW(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? decay = null)
        : base(Declared, eta, beta1, beta2, epsilon, decay) { }

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        TwoSlots(new AdamFormula<TEmit, T>(this["eta"], this["beta1"], this["beta2"], this["epsilon"], step.T,
            decay: DecoupledDecay.Unscaled, lambda: this["decay"]), p, g, slots, output);
}
