using System.Collections.Immutable;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>Lion(η = 0.001, β1 = 0.9, β2 = 0.99, λ = 0)</c>: evolved sign momentum (Chen et al. 2023), in
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
/// <list type="bullet">
/// <item><c>η == eta</c>: the learning rate, finite and ≥ 0 (default 0.001, as Optimisers.jl; the paper advises 3–10× smaller than ADAM's).</item>
/// <item><c>β1 == beta1</c>, <c>β2 == beta2</c>: interpolation and momentum decays, in [0, 1) (defaults 0.9, 0.99, as the paper and Optax).</item>
/// <item><c>λ == weightDecay</c>: decoupled weight decay, scaled by η as in Optax, ≥ 0 (default 0).</item>
/// </list>
/// <c>sign(0) = 0</c>. Closed form, constant gradient <c>g</c> from <c>m = 0</c>, λ = 0: <c>c</c> has
/// the sign of <c>g</c> at every step, so <c>p_n = p0 - n*η*sign(g)</c>.
/// State: <c>m</c> per parameter (<see cref="LionState"/>).
/// </remarks>
public sealed record Lion : SlotRule<LionState, MomentumSlot>
{
    /// <summary>Lion with the given hyperparameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it and its value.</exception>
    public Lion(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.99, double weightDecay = 0)
    {
        Eta = Hyperparameters.LearningRate("Lion", nameof(eta), eta);
        Beta1 = Hyperparameters.UnitInterval("Lion", nameof(beta1), beta1);
        Beta2 = Hyperparameters.UnitInterval("Lion", nameof(beta2), beta2);
        WeightDecay = Hyperparameters.NonNegative("Lion", nameof(weightDecay), weightDecay);
    }

    /// <summary>η, the learning rate.</summary>
    public double Eta { get; }

    /// <summary>β1, the interpolation of the step's sign.</summary>
    public double Beta1 { get; }

    /// <summary>β2, the decay of the momentum.</summary>
    public double Beta2 { get; }

    /// <summary>λ, the decoupled weight decay (multiplied by η).</summary>
    public double WeightDecay { get; }

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList =>
        [("eta", Eta), ("beta1", Beta1), ("beta2", Beta2), ("weightDecay", WeightDecay)];

    private protected override IOptimiser Rebuild(Func<string, double> value) =>
        new Lion(value("eta"), value("beta1"), value("beta2"), value("weightDecay"));

    private protected override string Kind => LionState.KindName;

    private protected override LionState NewState(long stepCount, ImmutableDictionary<ParamId, MomentumSlot> slots) => new(stepCount, slots);

    private protected override MomentumSlot InitSlots(Param p) => new(Tensor.Zeros(p.Shape));

    private protected override MomentumSlot Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, MomentumSlot slots, double[] output)
    {
        var m = NewArray(p.Length);
        Run(new Formula<TEmit>(Eta, Beta1, Beta2, WeightDecay), p.Span, g.Span, slots.M.Span, output, m);
        return new(Tensor.Own(p.Shape, m));
    }

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

/// <summary>The per-parameter slot of <see cref="Lion"/>: the momentum <c>m</c>.</summary>
/// <param name="M">The momentum, slot <c>"m"</c>.</param>
public readonly record struct MomentumSlot(Tensor M) : ISlots<MomentumSlot>
{
    /// <inheritdoc/>
    public static ImmutableArray<string> Names { get; } = ["m"];

    /// <inheritdoc/>
    public ImmutableArray<Tensor> ToTensors() => [M];

    /// <inheritdoc/>
    public static MomentumSlot FromTensors(ImmutableArray<Tensor> tensors) => new(tensors[0]);
}

/// <summary>The state of <see cref="Lion"/>: the step count and each parameter's <c>m</c>.</summary>
public sealed record LionState : SlotState<MomentumSlot>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "Lion";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public LionState(long stepCount, ImmutableDictionary<ParamId, MomentumSlot> slots) : base(stepCount, slots) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
