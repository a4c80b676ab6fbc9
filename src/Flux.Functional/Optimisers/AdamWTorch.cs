using System.Collections.Immutable;
using System.Runtime.Intrinsics;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>AdamWTorch(η = 0.001, β1 = 0.9, β2 = 0.999, ϵ = 1e-8, λ = 0.01)</c>: ADAM with decoupled weight
/// decay in PyTorch's (and Optax's <c>adamw</c>) convention, where the decay is multiplied by the
/// learning rate.
/// <code>
/// m' = β1*m + (1-β1)*g          m starts at 0
/// v' = β2*v + (1-β2)*g²         v starts at 0
/// p' = p - η * ( (m'/(1-β1^t)) / (sqrt(v'/(1-β2^t)) + ϵ)  +  λ*p )
/// </code>
/// </summary>
/// <remarks>
/// <para><b>Against the Flux <see cref="AdamW"/>:</b> Flux's ADAMW subtracts <c>decay*p</c> as it is,
/// <c>p' = p - Δ - decay*p</c>; this rule subtracts <c>η*λ*p</c>. So <c>AdamWTorch(η, λ)</c> is
/// <c>ADAMW(η, decay: η*λ)</c> (up to rounding), and a value of λ taken from a PyTorch or Optax
/// recipe belongs here, not in ADAMW's <c>decay</c>.</para>
/// <list type="bullet">
/// <item><c>η == eta</c>: the learning rate, finite and ≥ 0 (default 0.001).</item>
/// <item><c>β1 == beta1</c>, <c>β2 == beta2</c>: decays of the moments, in [0, 1) (defaults 0.9, 0.999).</item>
/// <item><c>ϵ == epsilon</c>: added to the denominator, finite and &gt; 0 (default 1e-8).</item>
/// <item><c>λ == weightDecay</c>: the weight decay, ≥ 0 (default 0.01, as PyTorch). With 0 the rule is exactly ADAM.</item>
/// <item>With η = 0 the decay, scaled by η, vanishes too, as in PyTorch: <c>p' = p</c>.</item>
/// </list>
/// State: <c>m</c> and <c>v</c> per parameter (<see cref="AdamWTorchState"/>).
/// </remarks>
public sealed record AdamWTorch : SlotRule<AdamWTorchState, MomentSlots>
{
    /// <summary>AdamWTorch with the given hyperparameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it and its value.</exception>
    public AdamWTorch(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
    {
        Eta = Hyperparameters.LearningRate("AdamWTorch", nameof(eta), eta);
        Beta1 = Hyperparameters.UnitInterval("AdamWTorch", nameof(beta1), beta1);
        Beta2 = Hyperparameters.UnitInterval("AdamWTorch", nameof(beta2), beta2);
        Epsilon = Hyperparameters.DivisorGuard("AdamWTorch", nameof(epsilon), epsilon);
        WeightDecay = Hyperparameters.NonNegative("AdamWTorch", nameof(weightDecay), weightDecay);
    }

    /// <summary>η, the learning rate.</summary>
    public double Eta { get; }

    /// <summary>β1, the decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>β2, the decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>ϵ, added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>λ, the weight decay (multiplied by η).</summary>
    public double WeightDecay { get; }

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList =>
        [("eta", Eta), ("beta1", Beta1), ("beta2", Beta2), ("epsilon", Epsilon), ("weightDecay", WeightDecay)];

    private protected override IOptimiser Rebuild(Func<string, double> value) =>
        new AdamWTorch(value("eta"), value("beta1"), value("beta2"), value("epsilon"), value("weightDecay"));

    private protected override string Kind => AdamWTorchState.KindName;

    private protected override AdamWTorchState NewState(long stepCount, ImmutableDictionary<ParamId, MomentSlots> slots) => new(stepCount, slots);

    private protected override MomentSlots InitSlots(Param p) => MomentSlots.Zeros(p.Shape);

    private protected override MomentSlots Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, MomentSlots slots, double[] output)
    {
        var (m, v) = (NewArray(p.Length), NewArray(p.Length));
        Run(new Formula<TEmit>(Eta, Beta1, Beta2, Epsilon, WeightDecay, context.T), p.Span, g.Span, slots.M.Span, slots.V.Span, output, m, v);
        return new(Tensor.Own(p.Shape, m), Tensor.Own(p.Shape, v));
    }

    private readonly struct Formula<TEmit>(double eta, double beta1, double beta2, double epsilon, double lambda, long t) : IFormula2
        where TEmit : struct, IEmit
    {
        private readonly V _eta = Splat(eta), _epsilon = Splat(epsilon), _etaLambda = Splat(eta * lambda);
        private readonly bool _decay = lambda != 0;
        private readonly V _beta1 = Splat(beta1), _oneMinusBeta1 = Splat(1 - beta1), _correction1 = Splat(1 - Math.Pow(beta1, t));
        private readonly V _beta2 = Splat(beta2), _oneMinusBeta2 = Splat(1 - beta2), _correction2 = Splat(1 - Math.Pow(beta2, t));

        public void Apply(V p, V g, V m, V v, out V o, out V m2, out V v2)
        {
            m2 = _beta1 * m + _oneMinusBeta1 * g;
            v2 = _beta2 * v + _oneMinusBeta2 * (g * g);
            var delta = _eta * (m2 / _correction1) / (Vector256.Sqrt(v2 / _correction2) + _epsilon);
            // ADAM's Δ computed as ADAM does, then η*λ*p added: with λ = 0 this is ADAM bit for bit.
            o = TEmit.Out(p, _decay ? delta + _etaLambda * p : delta);
        }
    }
}

/// <summary>The state of <see cref="AdamWTorch"/>: the step count and each parameter's <c>m</c> and <c>v</c>.</summary>
public sealed record AdamWTorchState : SlotState<MomentSlots>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "AdamWTorch";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public AdamWTorchState(long stepCount, ImmutableDictionary<ParamId, MomentSlots> slots) : base(stepCount, slots) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
