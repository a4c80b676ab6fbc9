using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>OAdam</c>: optimistic ADAM (Daskalakis et al. 2018;
/// Optimisers.jl's <c>OAdam</c>), which extrapolates by taking twice this step's ADAM step minus
/// the last one's.
/// <code>
/// m' = β1*m + (1-β1)*g                      m starts at 0
/// v' = β2*v + (1-β2)*g²                     v starts at 0
/// a' = η * (m'/(1-β1^t)) / (sqrt(v'/(1-β2^t)) + ϵ)   the ADAM step; a starts at 0
/// Δ  = 2*a' - a
/// p' = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// Closed form, constant gradient <c>g</c>: every ADAM step is <c>a = η*g/(|g| + ϵ)</c>, so the first
/// step is <c>2a</c> and every later one <c>a</c>: <c>p_n = p0 - (n + 1)*a</c>.
/// State: <c>m</c>, <c>v</c> and the last ADAM step <c>a</c> per parameter .
/// </remarks>
public sealed record OAdam : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("OAdam", "optimistic ADAM", ["m", "v", "a"], Hyperparameter.Eta(0.001), Hyperparameter.Beta1(0.5), Hyperparameter.Beta2(0.9), Hyperparameter.Epsilon(1e-8));

    /// <summary>OAdam with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public OAdam(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null) : base(Declared, eta, beta1, beta2, epsilon) { }

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        ThreeSlots(new Formula<TEmit, T>(this["eta"], this["beta1"], this["beta2"], this["epsilon"], step.T), p, g, slots, output);

    private readonly struct Formula<TEmit, T>(double eta, double beta1, double beta2, double epsilon, long t) : IFormula3<T>
        where TEmit : struct, IEmit
    {
        private readonly Vector256<T> _eta = Splat<T>(eta), _epsilon = Splat<T>(epsilon), _two = Splat<T>(2);
        private readonly MovingAverage<T> _m = new(beta1, t), _v = new(beta2, t);

        public void Apply(Vector256<T> p, Vector256<T> g, Vector256<T> m, Vector256<T> v, Vector256<T> a, out Vector256<T> o, out Vector256<T> m2, out Vector256<T> v2, out Vector256<T> a2)
        {
            m2 = _m.Next(m, g);
            v2 = _v.Next(v, g * g);
            a2 = _eta * _m.Unbiased(m2) / (Vector256.Sqrt(_v.Unbiased(v2)) + _epsilon);
            o = TEmit.Out(p, _two * a2 - a);
        }
    }
}
