using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>RMSProp</c>: steps scaled by a running RMS of the gradient.
/// <code>
/// acc' = ρ*acc + (1-ρ)*g²       acc starts at 0
/// Δ    = η*g / (sqrt(acc') + ϵ)
/// Δ    = s_t * Δ                s_t = 1 / (1 + decay*(t - 1))   (scales Δ)
/// p'   = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// State: <c>acc</c> per parameter .
/// </remarks>
public sealed record RMSProp : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("RMSProp", "gradient scaled by a running root mean square", ["acc"], Hyperparameter.Eta(0.001), Hyperparameter.Rho(0.9), Hyperparameter.Epsilon(1e-8), Hyperparameter.Decay());

    /// <summary>RMSProp with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public RMSProp(double? eta = null, double? rho = null, double? epsilon = null, double? decay = null) : base(Declared, eta, rho, epsilon, decay) { }

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        OneSlot(new Formula<TEmit, T>(this["eta"], this["rho"], this["epsilon"], InverseDecay(this["decay"], step.T)), p, g, slots, output);

    private readonly struct Formula<TEmit, T>(double eta, double rho, double epsilon, double s) : IFormula1<T> where TEmit : struct, IEmit
    {
        private readonly Vector256<T> _eta = Splat<T>(eta), _epsilon = Splat<T>(epsilon), _s = Splat<T>(s);
        private readonly MovingAverage<T> _acc = new(rho);

        public void Apply(Vector256<T> p, Vector256<T> g, Vector256<T> acc, out Vector256<T> o, out Vector256<T> acc2)
        {
            acc2 = _acc.Next(acc, g * g);
            var delta = _eta * g / (Vector256.Sqrt(acc2) + _epsilon);
            o = TEmit.Out(p, _s * delta);
        }
    }
}
