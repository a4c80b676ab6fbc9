using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>AMSGrad</c>: ADAM with a non-decreasing second moment.
/// <code>
/// m' = β1*m + (1-β1)*g          m starts at 0
/// v' = β2*v + (1-β2)*g²         v starts at ϵ
/// v̂' = max(v̂, v')               v̂ starts at ϵ
/// Δ  = η*m' / sqrt(v̂')
/// Δ  = s_t * Δ                  s_t = 1 / (1 + decay*(t - 1))   (scales Δ)
/// p' = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// State: <c>m</c>, <c>v</c> and <c>v̂</c> (slot <c>"vhat"</c>) per parameter .
/// </remarks>
public sealed record AMSGrad : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("AMSGrad", "ADAM with the running maximum of the second moment", ["m", "v", "vhat"], Hyperparameter.Eta(0.001), Hyperparameter.Beta1(0.9), Hyperparameter.Beta2(0.999), Hyperparameter.Epsilon(1e-8), Hyperparameter.Decay());

    /// <summary>AMSGrad with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public AMSGrad(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? decay = null) : base(Declared, eta, beta1, beta2, epsilon, decay) { }

    private protected override ImmutableArray<Tensor> InitSlots(Param p) =>
        [p.Value.ZerosLike(), Tensor.Fill(this["epsilon"], p.Shape, p.ElementType), Tensor.Fill(this["epsilon"], p.Shape, p.ElementType)];

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        ThreeSlots(new Formula<TEmit, T>(this["eta"], this["beta1"], this["beta2"], InverseDecay(this["decay"], step.T)), p, g, slots, output);

    private readonly struct Formula<TEmit, T>(double eta, double beta1, double beta2, double s) : IFormula3<T>
        where TEmit : struct, IEmit
    {
        private readonly Vector256<T> _eta = Splat<T>(eta), _s = Splat<T>(s);
        private readonly MovingAverage<T> _m = new(beta1), _v = new(beta2);

        public void Apply(Vector256<T> p, Vector256<T> g, Vector256<T> m, Vector256<T> v, Vector256<T> vhat, out Vector256<T> o, out Vector256<T> m2, out Vector256<T> v2, out Vector256<T> vhat2)
        {
            m2 = _m.Next(m, g);
            v2 = _v.Next(v, g * g);
            vhat2 = Vector256.Max(vhat, v2);
            var delta = _eta * m2 / Vector256.Sqrt(vhat2);
            o = TEmit.Out(p, _s * delta);
        }
    }
}
