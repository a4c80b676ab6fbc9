using static Flux.Kernels.Fused;

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

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        TwoSlots(new Formula<TEmit, T>(this["rho"], this["epsilon"], InverseDecay(this["decay"], step.T)), p, g, slots, output);

    private readonly struct Formula<TEmit, T>(double rho, double epsilon, double s) : IFormula2<T> where TEmit : struct, IEmit
    {
        private readonly Vector256<T> _epsilon = Splat<T>(epsilon), _s = Splat<T>(s);
        private readonly MovingAverage<T> _average = new(rho);

        public void Apply(Vector256<T> p, Vector256<T> g, Vector256<T> acc, Vector256<T> dacc, out Vector256<T> o, out Vector256<T> acc2, out Vector256<T> dacc2)
        {
            acc2 = _average.Next(acc, g * g);
            var delta = g * Vector256.Sqrt(dacc + _epsilon) / Vector256.Sqrt(acc2 + _epsilon);
            dacc2 = _average.Next(dacc, delta * delta);
            o = TEmit.Out(p, _s * delta);
        }
    }
}
