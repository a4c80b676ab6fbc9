using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

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

    private protected override ImmutableArray<Tensor> Kernel<TEmit>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, Array output) =>
        OneSlot(new Formula<TEmit>(this["eta"], this["beta1"], this["beta2"], this["weightDecay"]), p, g, slots, output);

    private readonly struct Formula<TEmit>(double eta, double beta1, double beta2, double lambda) : IFormula1 where TEmit : struct, IEmit
    {
        private readonly V _eta = Splat(eta), _lambda = Splat(lambda);
        private readonly bool _decay = lambda != 0;
        private readonly V _beta1 = Splat(beta1), _oneMinusBeta1 = Splat(1 - beta1);
        private readonly V _beta2 = Splat(beta2), _oneMinusBeta2 = Splat(1 - beta2);

        public void Apply(V p, V g, V m, out V o, out V m2)
        {
            var c = _beta1 * m + _oneMinusBeta1 * g;
            m2 = _beta2 * m + _oneMinusBeta2 * g;
            var direction = _decay ? Sign(c) + _lambda * p : Sign(c);
            o = TEmit.Out(p, _eta * direction);
        }
    }
}
