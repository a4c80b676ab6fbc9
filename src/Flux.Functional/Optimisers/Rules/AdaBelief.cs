using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>AdaBelief</c>: ADAM with the second moment of the
/// gradient's surprise <c>g - m'</c> instead of <c>g</c> (Zhuang et al. 2020; Optax's
/// <c>adabelief</c>, Optimisers.jl's <c>AdaBelief</c>).
/// <code>
/// m' = β1*m + (1-β1)*g                    m starts at 0
/// s' = β2*s + (1-β2)*(g - m')² + ϵ         s starts at 0
/// Δ  = η * (m'/(1-β1^t)) / (sqrt(s'/(1-β2^t)) + ϵ)
/// p' = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// Closed form of the first step: <c>m̂ = g</c>, <c>ŝ = β1²g² + ϵ/(1-β2)</c>, so
/// <c>Δ₁ = η*g/(sqrt(β1²g² + ϵ/(1-β2)) + ϵ)</c>. State: <c>m</c> and <c>s</c> per parameter .
/// </remarks>
public sealed record AdaBelief : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("AdaBelief", "ADAM with the variance of the gradient about its mean", ["m", "s"], Hyperparameter.Eta(0.001), Hyperparameter.Beta1(0.9), Hyperparameter.Beta2(0.999), Hyperparameter.Epsilon(1e-16));

    /// <summary>AdaBelief with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public AdaBelief(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null) : base(Declared, eta, beta1, beta2, epsilon) { }

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        TwoSlots(new Formula<TEmit, T>(this["eta"], this["beta1"], this["beta2"], this["epsilon"], step.T), p, g, slots, output);

    private readonly struct Formula<TEmit, T>(double eta, double beta1, double beta2, double epsilon, long t) : IFormula2<T>
        where TEmit : struct, IEmit
    {
        private readonly Vector256<T> _eta = Splat<T>(eta), _epsilon = Splat<T>(epsilon);
        private readonly MovingAverage<T> _m = new(beta1, t), _s = new(beta2, t);

        public void Apply(Vector256<T> p, Vector256<T> g, Vector256<T> m, Vector256<T> s, out Vector256<T> o, out Vector256<T> m2, out Vector256<T> s2)
        {
            m2 = _m.Next(m, g);
            var surprise = g - m2;
            s2 = _s.Next(s, surprise * surprise) + _epsilon;
            o = TEmit.Out(p, _eta * _m.Unbiased(m2) / (Vector256.Sqrt(_s.Unbiased(s2)) + _epsilon));
        }
    }
}
