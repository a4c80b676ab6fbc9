using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>Momentum</c>: gradient descent with velocity.
/// <code>
/// g  = s_t * g                  s_t = 1 / (1 + decay*(t - 1))   (scales g)
/// v' = ρ*v - η*g                v starts at 0
/// p' = p + v'
/// </code>
/// </summary>
/// <remarks>
/// State: the velocity <c>v</c> per parameter; the kernel is <see cref="MomentumFormula{TEmit, T}"/>.
/// </remarks>
public sealed record Momentum : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("Momentum", "gradient descent with momentum", ["v"], Hyperparameter.Eta(0.01), Hyperparameter.Rho(0.9, "the momentum"), Hyperparameter.Decay());

    /// <summary>Momentum with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public Momentum(double? eta = null, double? rho = null, double? decay = null) : base(Declared, eta, rho, decay) { }

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        OneSlot(new MomentumFormula<TEmit, T>(this["eta"], this["rho"], InverseDecay(this["decay"], step.T), nesterov: false), p, g, slots, output);
}
