using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>AdaMax</c>: ADAM with the infinity norm.
/// <code>
/// m' = β1*m + (1-β1)*g          m starts at 0
/// u' = max(β2*u, abs(g))        u starts at 0
/// Δ  = (η/(1-β1^t)) * m'/(u' + ϵ)
/// Δ  = s_t * Δ                  s_t = 1 / (1 + decay*(t - 1))   (scales Δ)
/// p' = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// State: <c>m</c> and <c>u</c> per parameter .
/// </remarks>
public sealed record AdaMax : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("AdaMax", "ADAM with the infinity norm", ["m", "u"], Hyperparameter.Eta(0.002), Hyperparameter.Beta1(0.9), Hyperparameter.Beta2(0.999), Hyperparameter.Epsilon(1e-8), Hyperparameter.Decay());

    /// <summary>AdaMax with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public AdaMax(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? decay = null) : base(Declared, eta, beta1, beta2, epsilon, decay) { }

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        TwoSlots(new Formula<TEmit, T>(this["eta"], this["beta1"], this["beta2"], this["epsilon"], step.T, InverseDecay(this["decay"], step.T)), p, g, slots, output);

    private readonly struct Formula<TEmit, T>(double eta, double beta1, double beta2, double epsilon, long t, double s) : IFormula2<T>
        where TEmit : struct, IEmit
    {
        private readonly Vector256<T> _etaCorrected = Splat<T>(eta / (1 - Math.Pow(beta1, t))), _epsilon = Splat<T>(epsilon), _s = Splat<T>(s);
        private readonly MovingAverage<T> _m = new(beta1);
        private readonly Vector256<T> _beta2 = Splat<T>(beta2);

        public void Apply(Vector256<T> p, Vector256<T> g, Vector256<T> m, Vector256<T> u, out Vector256<T> o, out Vector256<T> m2, out Vector256<T> u2)
        {
            m2 = _m.Next(m, g);
            u2 = Vector256.Max(_beta2 * u, Vector256.Abs(g));
            var delta = _etaCorrected * m2 / (u2 + _epsilon);
            o = TEmit.Out(p, _s * delta);
        }
    }
}
