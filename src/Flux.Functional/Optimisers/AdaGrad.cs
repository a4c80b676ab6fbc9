using System.Collections.Immutable;
using System.Runtime.Intrinsics;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>ADAGrad(η = 0.01, ϵ = 1e-8, decay = 0)</c>: steps scaled by the root of the sum of squared gradients.
/// <code>
/// acc' = acc + g²               acc starts at ϵ (every element)
/// Δ    = η*g / sqrt(acc')
/// Δ    = s_t * Δ                s_t = 1 / (1 + decay*(t - 1))   (scales Δ)
/// p'   = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>η == eta</c>: the learning rate, finite and ≥ 0 (default 0.01).</item>
/// <item><c>ϵ == epsilon</c>: the initial accumulator, finite and &gt; 0 (default 1e-8).</item>
/// <item><c>decay</c>: inverse decay, ≥ 0 (default 0).</item>
/// </list>
/// State: <c>acc</c> per parameter (<see cref="AdaGradState"/>).
/// </remarks>
public sealed record AdaGrad : SlotRule<AdaGradState, AccumulatorSlots>
{
    /// <summary>ADAGrad with the given hyperparameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it and its value.</exception>
    public AdaGrad(double eta = 0.01, double epsilon = 1e-8, double decay = 0)
    {
        Eta = Hyperparameters.LearningRate("ADAGrad", nameof(eta), eta);
        Epsilon = Hyperparameters.DivisorGuard("ADAGrad", nameof(epsilon), epsilon);
        Decay = Hyperparameters.NonNegative("ADAGrad", nameof(decay), decay);
    }

    /// <summary>η, the learning rate.</summary>
    public double Eta { get; }

    /// <summary>ϵ, the initial value of the accumulator.</summary>
    public double Epsilon { get; }

    /// <summary>The inverse decay.</summary>
    public double Decay { get; }

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList => [("eta", Eta), ("epsilon", Epsilon), ("decay", Decay)];

    private protected override IOptimiser Rebuild(Func<string, double> value) => new AdaGrad(value("eta"), value("epsilon"), value("decay"));

    private protected override string Kind => AdaGradState.KindName;

    private protected override AdaGradState NewState(long stepCount, ImmutableDictionary<ParamId, AccumulatorSlots> slots) => new(stepCount, slots);

    private protected override AccumulatorSlots InitSlots(Param p) => new(Tensor.Fill(Epsilon, p.Shape));

    private protected override AccumulatorSlots Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, AccumulatorSlots slots, double[] output)
    {
        var acc = NewArray(p.Length);
        Run(new Formula<TEmit>(Eta, Hyperparameters.InverseDecay(Decay, context.T)), p.Span, g.Span, slots.Acc.Span, output, acc);
        return new(Tensor.Own(p.Shape, acc));
    }

    private readonly struct Formula<TEmit>(double eta, double s) : IFormula1 where TEmit : struct, IEmit
    {
        private readonly V _eta = Splat(eta), _s = Splat(s);

        public void Apply(V p, V g, V acc, out V o, out V acc2)
        {
            acc2 = acc + g * g;
            var delta = _eta * g / Vector256.Sqrt(acc2);
            o = TEmit.Out(p, _s * delta);
        }
    }
}

/// <summary>The state of <see cref="AdaGrad"/>: the step count and each parameter's <c>acc</c>.</summary>
public sealed record AdaGradState : SlotState<AccumulatorSlots>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "ADAGrad";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public AdaGradState(long stepCount, ImmutableDictionary<ParamId, AccumulatorSlots> slots) : base(stepCount, slots) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
