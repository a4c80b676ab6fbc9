using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>RAdam</c>: rectified ADAM
/// (Liu et al. 2020; Optax's <c>radam</c>, Optimisers.jl's <c>RAdam</c>).
/// <code>
/// m' = β1*m + (1-β1)*g              m starts at 0
/// v' = β2*v + (1-β2)*g²             v starts at 0
/// m̂ = m'/(1-β1^t),   v̂ = v'/(1-β2^t)
/// ρ∞ = 2/(1-β2) - 1,  ρ_t = ρ∞ - 2*t*β2^t/(1-β2^t)
/// ρ_t &gt; threshold:  r_t = sqrt((ρ_t-4)*(ρ_t-2)*ρ∞ / ((ρ∞-4)*(ρ∞-2)*ρ_t)),   Δ = η * r_t * m̂/(sqrt(v̂) + ϵ)
/// otherwise:         Δ = η * m̂                    (the variance is not yet tractable: momentum SGD)
/// p' = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// Closed form, constant gradient <c>g</c>: <c>m̂ = g</c>, <c>v̂ = g²</c>, so step t is
/// <c>η*r_t*g/(|g| + ϵ)</c> once rectified and <c>η*g</c> before (with the defaults, the first 5 steps).
/// State: <c>m</c> and <c>v</c> per parameter .
/// </remarks>
public sealed record RAdam : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("RAdam", "ADAM with its variance rectified", ["m", "v"], Hyperparameter.Eta(0.001), Hyperparameter.Beta1(0.9), Hyperparameter.Beta2(0.999), Hyperparameter.Epsilon(1e-8), new("threshold", "threshold", 5, HyperparameterRange.NonNegative, "the ρ_t above which steps are adapted"));

    /// <summary>RAdam with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public RAdam(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? threshold = null) : base(Declared, eta, beta1, beta2, epsilon, threshold) { }

    /// <summary>The rectification of step <paramref name="t"/>: <c>r_t</c> when <c>ρ_t &gt; threshold</c>, else null (an unadapted step).</summary>
    public double? Rectification(long t)
    {
        var beta2 = this["beta2"];
        var rhoInf = 2 / (1 - beta2) - 1;
        var b2t = Math.Pow(beta2, t);
        var rho = rhoInf - 2 * t * b2t / (1 - b2t);
        return rho > this["threshold"] ? Math.Sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho)) : null;
    }

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        TwoSlots(new Formula<TEmit, T>(this["eta"], this["beta1"], this["beta2"], this["epsilon"], step.T, Rectification(step.T)), p, g, slots, output);

    private readonly struct Formula<TEmit, T>(double eta, double beta1, double beta2, double epsilon, long t, double? r) : IFormula2<T>
        where TEmit : struct, IEmit
    {
        private readonly Vector256<T> _eta = Splat<T>(eta), _epsilon = Splat<T>(epsilon), _r = Splat<T>(r ?? 0);
        private readonly bool _rectified = r.HasValue;
        private readonly MovingAverage<T> _m = new(beta1, t), _v = new(beta2, t);

        public void Apply(Vector256<T> p, Vector256<T> g, Vector256<T> m, Vector256<T> v, out Vector256<T> o, out Vector256<T> m2, out Vector256<T> v2)
        {
            m2 = _m.Next(m, g);
            v2 = _v.Next(v, g * g);
            var mHat = _m.Unbiased(m2);
            var delta = _rectified ? _eta * _r * mHat / (Vector256.Sqrt(_v.Unbiased(v2)) + _epsilon) : _eta * mHat;
            o = TEmit.Out(p, delta);
        }
    }
}
