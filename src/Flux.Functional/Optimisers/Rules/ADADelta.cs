using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>ADADelta</c>: steps in the units of the parameter, with no learning rate.
/// <code>
/// acc'  = ρ*acc + (1-ρ)*g²                       acc starts at 0
/// Δ     = g * sqrt(Δacc + ϵ) / sqrt(acc' + ϵ)
/// Δacc' = ρ*Δacc + (1-ρ)*Δ²                      Δacc starts at 0
/// Δ     = s_t * Δ               s_t = 1 / (1 + decay*(t - 1))   (scales Δ, after Δacc')
/// p'    = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// State: <c>acc</c> and <c>Δacc</c> (slot <c>"dacc"</c>) per parameter .
/// </remarks>
public sealed record ADADelta : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("ADADelta", "ADAGrad with running averages and no learning rate", ["acc", "dacc"], Hyperparameter.Rho(0.9), Hyperparameter.Epsilon(1e-8), Hyperparameter.Decay());

    /// <summary>ADADelta with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public ADADelta(double? rho = null, double? epsilon = null, double? decay = null) : base(Declared, rho, epsilon, decay) { }

    private protected override ImmutableArray<Tensor> Kernel<TEmit>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, Array output) =>
        TwoSlots(new Formula<TEmit>(this["rho"], this["epsilon"], InverseDecay(this["decay"], step.T)), p, g, slots, output);

    private readonly struct Formula<TEmit>(double rho, double epsilon, double s) : IFormula2 where TEmit : struct, IEmit
    {
        private readonly V _rho = Splat(rho), _oneMinusRho = Splat(1 - rho), _epsilon = Splat(epsilon), _s = Splat(s);

        public void Apply(V p, V g, V acc, V dacc, out V o, out V acc2, out V dacc2)
        {
            acc2 = _rho * acc + _oneMinusRho * (g * g);
            var delta = g * Vector256.Sqrt(dacc + _epsilon) / Vector256.Sqrt(acc2 + _epsilon);
            dacc2 = _rho * dacc + _oneMinusRho * (delta * delta);
            o = TEmit.Out(p, _s * delta);
        }
    }
}
