using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>Yogi</c> (Zaheer et al., 2018; Optax's <c>yogi</c>): ADAM whose second moment moves additively,
/// by at most <c>(1-β2)*g²</c> a step, so it cannot shrink as fast as ADAM's.
/// <code>
/// m' = β1*m + (1-β1)*g                    m starts at v₀
/// v' = v - (1-β2)*sign(v - g²)*g²         v starts at v₀
/// Δ  = η * (m'/(1-β1^t)) / (sqrt(v'/(1-β2^t)) + ϵ)
/// p' = p - Δ
/// </code>
/// </summary>
/// <remarks>State: <c>m</c> and <c>v</c> per parameter. For a constant gradient <c>g</c> with <c>g² ≥ v₀</c>, <c>v</c> grows by <c>(1-β2)*g²</c> a step until it passes <c>g²</c>.</remarks>
public sealed record Yogi : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("Yogi", "ADAM with an additive second moment", ["m", "v"],
        Hyperparameter.Eta(0.01), Hyperparameter.Beta1(0.9), Hyperparameter.Beta2(0.999), Hyperparameter.Epsilon(1e-3),
        new("initial", "v₀", 1e-6, HyperparameterRange.Positive, "the starting value of both moments"));

    /// <summary>Yogi with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public Yogi(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? initial = null)
        : base(Declared, eta, beta1, beta2, epsilon, initial) { }

    private protected override ImmutableArray<Tensor> InitSlots(Param p) => [Tensor.Fill(this["initial"], p.Shape, p.ElementType), Tensor.Fill(this["initial"], p.Shape, p.ElementType)];

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        TwoSlots(new Formula<TEmit, T>(this["eta"], this["beta1"], this["beta2"], this["epsilon"], step.T), p, g, slots, output);

    private readonly struct Formula<TEmit, T>(double eta, double beta1, double beta2, double epsilon, long t) : IFormula2<T> where TEmit : struct, IEmit
    {
        private readonly Vector256<T> _eta = Splat<T>(eta), _epsilon = Splat<T>(epsilon);
        private readonly MovingAverage<T> _m = new(beta1, t), _v = new(beta2, t);

        public void Apply(Vector256<T> p, Vector256<T> g, Vector256<T> m, Vector256<T> v, out Vector256<T> o, out Vector256<T> m2, out Vector256<T> v2)
        {
            m2 = _m.Next(m, g);
            var g2 = g * g;
            v2 = v - _v.OneMinusBeta * Sign(v - g2) * g2;
            o = TEmit.Out(p, _eta * _m.Unbiased(m2) / (Vector256.Sqrt(_v.Unbiased(v2)) + _epsilon));
        }
    }
}
