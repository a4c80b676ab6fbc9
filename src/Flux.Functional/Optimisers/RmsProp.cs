using System.Collections.Immutable;
using System.Runtime.Intrinsics;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>RMSProp(η = 0.001, ρ = 0.9, ϵ = 1e-8, decay = 0)</c>: steps scaled by a running RMS of the gradient.
/// <code>
/// acc' = ρ*acc + (1-ρ)*g²       acc starts at 0
/// Δ    = η*g / (sqrt(acc') + ϵ)
/// Δ    = s_t * Δ                s_t = 1 / (1 + decay*(t - 1))   (scales Δ)
/// p'   = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>η == eta</c>: the learning rate, finite and ≥ 0 (default 0.001).</item>
/// <item><c>ρ == rho</c>: the decay of the running mean of <c>g²</c>, in [0, 1) (default 0.9).</item>
/// <item><c>ϵ == epsilon</c>: added to the denominator, finite and &gt; 0 (default 1e-8).</item>
/// <item><c>decay</c>: inverse decay, ≥ 0 (default 0).</item>
/// </list>
/// State: <c>acc</c> per parameter (<see cref="RmsPropState"/>).
/// </remarks>
public sealed record RmsProp : SlotRule<RmsPropState, AccumulatorSlots>
{
    /// <summary>RMSProp with the given hyperparameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it and its value.</exception>
    public RmsProp(double eta = 0.001, double rho = 0.9, double epsilon = 1e-8, double decay = 0)
    {
        Eta = Hyperparameters.LearningRate("RMSProp", nameof(eta), eta);
        Rho = Hyperparameters.UnitInterval("RMSProp", nameof(rho), rho);
        Epsilon = Hyperparameters.DivisorGuard("RMSProp", nameof(epsilon), epsilon);
        Decay = Hyperparameters.NonNegative("RMSProp", nameof(decay), decay);
    }

    /// <summary>η, the learning rate.</summary>
    public double Eta { get; }

    /// <summary>ρ, the decay of the running mean of <c>g²</c>.</summary>
    public double Rho { get; }

    /// <summary>ϵ, added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>The inverse decay.</summary>
    public double Decay { get; }

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList => [("eta", Eta), ("rho", Rho), ("epsilon", Epsilon), ("decay", Decay)];

    private protected override IOptimiser Rebuild(Func<string, double> value) => new RmsProp(value("eta"), value("rho"), value("epsilon"), value("decay"));

    private protected override string Kind => RmsPropState.KindName;

    private protected override RmsPropState NewState(long stepCount, ImmutableDictionary<ParamId, AccumulatorSlots> slots) => new(stepCount, slots);

    private protected override AccumulatorSlots InitSlots(Param p) => new(Tensor.Zeros(p.Shape));

    private protected override AccumulatorSlots Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, AccumulatorSlots slots, double[] output)
    {
        var acc = NewArray(p.Length);
        Run(new Formula<TEmit>(Eta, Rho, Epsilon, Hyperparameters.InverseDecay(Decay, context.T)), p.Span, g.Span, slots.Acc.Span, output, acc);
        return new(Tensor.Own(p.Shape, acc));
    }

    private readonly struct Formula<TEmit>(double eta, double rho, double epsilon, double s) : IFormula1 where TEmit : struct, IEmit
    {
        private readonly V _eta = Splat(eta), _rho = Splat(rho), _oneMinusRho = Splat(1 - rho), _epsilon = Splat(epsilon), _s = Splat(s);

        public void Apply(V p, V g, V acc, out V o, out V acc2)
        {
            acc2 = _rho * acc + _oneMinusRho * (g * g);
            var delta = _eta * g / (Vector256.Sqrt(acc2) + _epsilon);
            o = TEmit.Out(p, _s * delta);
        }
    }
}

/// <summary>The per-parameter slot of <see cref="RmsProp"/> and <see cref="AdaGrad"/>: the accumulator <c>acc</c>.</summary>
/// <param name="Acc">The accumulated squared gradient, slot <c>"acc"</c>.</param>
public readonly record struct AccumulatorSlots(Tensor Acc) : ISlots<AccumulatorSlots>
{
    /// <inheritdoc/>
    public static ImmutableArray<string> Names { get; } = ["acc"];

    /// <inheritdoc/>
    public ImmutableArray<Tensor> ToTensors() => [Acc];

    /// <inheritdoc/>
    public static AccumulatorSlots FromTensors(ImmutableArray<Tensor> tensors) => new(tensors[0]);
}

/// <summary>The state of <see cref="RmsProp"/>: the step count and each parameter's <c>acc</c>.</summary>
public sealed record RmsPropState : SlotState<AccumulatorSlots>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "RMSProp";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public RmsPropState(long stepCount, ImmutableDictionary<ParamId, AccumulatorSlots> slots) : base(stepCount, slots) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
