using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>Lion</c>: evolved sign momentum (Chen et al. 2023), in
/// the paper's and Optax's convention: the step's sign interpolates with β1, the momentum is
/// updated with β2, both from the old <c>m</c>.
/// <code>
/// c  = β1*m + (1-β1)*g
/// m' = β2*m + (1-β2)*g                     m starts at 0
/// Δ  = η * (sign(c) + λ*p)
/// p' = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// <c>sign(0) = 0</c>. Closed form, constant gradient <c>g</c> from <c>m = 0</c>, λ = 0: <c>c</c> has
/// the sign of <c>g</c> at every step, so <c>p_n = p0 - n*η*sign(g)</c>.
/// State: <c>m</c> per parameter .
/// </remarks>
public sealed record Lion : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("Lion", "the sign of an interpolated momentum", ["m"], Hyperparameter.Eta(0.001), Hyperparameter.Beta1(0.9), Hyperparameter.Beta2(0.99), new("weightDecay", "λ", 0, HyperparameterRange.NonNegative, "decoupled weight decay, scaled by η", "DecoupledWeightDecay", "Lambda"));

    /// <summary>Lion with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public Lion(double? eta = null, double? beta1 = null, double? beta2 = null, double? weightDecay = null) : base(Declared, eta, beta1, beta2, weightDecay) { }

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        OneSlot(new Formula<TEmit, T>(this["eta"], this["beta1"], this["beta2"], this["weightDecay"]), p, g, slots, output);

    private readonly struct Formula<TEmit, T>(double eta, double beta1, double beta2, double lambda) : IFormula1<T> where TEmit : struct, IEmit
    {
        private readonly Vector256<T> _eta = Splat<T>(eta), _lambda = Splat<T>(lambda);
        private readonly bool _decay = lambda != 0;
        private readonly MovingAverage<T> _interpolation = new(beta1), _m = new(beta2);

        public void Apply(Vector256<T> p, Vector256<T> g, Vector256<T> m, out Vector256<T> o, out Vector256<T> m2)
        {
            var c = _interpolation.Next(m, g);
            m2 = _m.Next(m, g);
            var direction = _decay ? Sign(c) + _lambda * p : Sign(c);
            o = TEmit.Out(p, _eta * direction);
        }
    }
}
