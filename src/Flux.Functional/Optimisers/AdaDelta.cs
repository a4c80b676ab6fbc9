using System.Collections.Immutable;
using System.Runtime.Intrinsics;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>ADADelta(ρ = 0.9, ϵ = 1e-8, decay = 0)</c>: steps in the units of the parameter, with no learning rate.
/// <code>
/// acc'  = ρ*acc + (1-ρ)*g²                       acc starts at 0
/// Δ     = g * sqrt(Δacc + ϵ) / sqrt(acc' + ϵ)
/// Δacc' = ρ*Δacc + (1-ρ)*Δ²                      Δacc starts at 0
/// Δ     = s_t * Δ               s_t = 1 / (1 + decay*(t - 1))   (scales Δ, after Δacc')
/// p'    = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>ρ == rho</c>: the decay of both running means, in [0, 1) (default 0.9).</item>
/// <item><c>ϵ == epsilon</c>: inside both roots, finite and &gt; 0 (default 1e-8).</item>
/// <item><c>decay</c>: inverse decay, ≥ 0 (default 0).</item>
/// </list>
/// State: <c>acc</c> and <c>Δacc</c> (slot <c>"dacc"</c>) per parameter (<see cref="AdaDeltaState"/>).
/// </remarks>
public sealed record AdaDelta : SlotRule<AdaDeltaState, AdaDeltaSlots>
{
    /// <summary>ADADelta with the given hyperparameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it and its value.</exception>
    public AdaDelta(double rho = 0.9, double epsilon = 1e-8, double decay = 0)
    {
        Rho = Hyperparameters.UnitInterval("ADADelta", nameof(rho), rho);
        Epsilon = Hyperparameters.DivisorGuard("ADADelta", nameof(epsilon), epsilon);
        Decay = Hyperparameters.NonNegative("ADADelta", nameof(decay), decay);
    }

    /// <summary>ρ, the decay of the running means.</summary>
    public double Rho { get; }

    /// <summary>ϵ, inside both roots.</summary>
    public double Epsilon { get; }

    /// <summary>The inverse decay.</summary>
    public double Decay { get; }

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList => [("rho", Rho), ("epsilon", Epsilon), ("decay", Decay)];

    private protected override IOptimiser Rebuild(Func<string, double> value) => new AdaDelta(value("rho"), value("epsilon"), value("decay"));

    private protected override string Kind => AdaDeltaState.KindName;

    private protected override AdaDeltaState NewState(long stepCount, ImmutableDictionary<ParamId, AdaDeltaSlots> slots) => new(stepCount, slots);

    private protected override AdaDeltaSlots InitSlots(Param p) => new(Tensor.Zeros(p.Shape), Tensor.Zeros(p.Shape));

    private protected override AdaDeltaSlots Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, AdaDeltaSlots slots, double[] output)
    {
        var acc = NewArray(p.Length);
        var dacc = NewArray(p.Length);
        Run(new Formula<TEmit>(Rho, Epsilon, Hyperparameters.InverseDecay(Decay, context.T)),
            p.Span, g.Span, slots.Acc.Span, slots.DeltaAcc.Span, output, acc, dacc);
        return new(Tensor.Own(p.Shape, acc), Tensor.Own(p.Shape, dacc));
    }

    private readonly struct Formula<TEmit>(double rho, double epsilon, double s) : IFormula2 where TEmit : struct, IEmit
    {
        private readonly V _rho = Splat(rho), _oneMinusRho = Splat(1 - rho), _epsilon = Splat(epsilon), _s = Splat(s);

        public void Apply(V p, V g, V acc, V dacc, out V o, out V acc2, out V dacc2)
        {
            acc2 = _rho * acc + _oneMinusRho * (g * g);
            var delta = g * Vector256.Sqrt(dacc + _epsilon) / Vector256.Sqrt(acc2 + _epsilon);
            dacc2 = _rho * dacc + _oneMinusRho * (delta * delta);
            o = TEmit.Out(p, _s * delta);
        }
    }
}

/// <summary>The per-parameter slots of <see cref="AdaDelta"/>.</summary>
/// <param name="Acc">The running mean of <c>g²</c>, slot <c>"acc"</c>.</param>
/// <param name="DeltaAcc">The running mean of <c>Δ²</c> (<c>Δacc</c>), slot <c>"dacc"</c>.</param>
public readonly record struct AdaDeltaSlots(Tensor Acc, Tensor DeltaAcc) : ISlots<AdaDeltaSlots>
{
    /// <inheritdoc/>
    public static ImmutableArray<string> Names { get; } = ["acc", "dacc"];

    /// <inheritdoc/>
    public ImmutableArray<Tensor> ToTensors() => [Acc, DeltaAcc];

    /// <inheritdoc/>
    public static AdaDeltaSlots FromTensors(ImmutableArray<Tensor> tensors) => new(tensors[0], tensors[1]);
}

/// <summary>The state of <see cref="AdaDelta"/>: the step count and each parameter's <c>acc</c> and <c>Δacc</c>.</summary>
public sealed record AdaDeltaState : SlotState<AdaDeltaSlots>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "ADADelta";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public AdaDeltaState(long stepCount, ImmutableDictionary<ParamId, AdaDeltaSlots> slots) : base(stepCount, slots) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
