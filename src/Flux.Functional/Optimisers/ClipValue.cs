using System.Collections.Immutable;
using System.Runtime.Intrinsics;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>ClipValue(δ)</c>: clamps each gradient element to <c>[-δ, δ]</c>, as a chain element
/// (<c>Chain(ClipValue(1), ADAM())</c>).
/// <code>
/// Δ = min(max(g, -δ), δ)
/// </code>
/// Alone, it steps <c>p' = p - Δ</c>.
/// </summary>
/// <remarks><c>δ == delta</c>: the bound, finite and &gt; 0. State: the step count only. A NaN element stays NaN.</remarks>
public sealed record ClipValue : SlotRule<ClipValueState, NoSlots>
{
    /// <summary>Clamping to <c>[-delta, delta]</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not finite and &gt; 0.</exception>
    public ClipValue(double delta) => Delta = Hyperparameters.Positive("ClipValue", nameof(delta), delta);

    /// <summary>δ, the bound.</summary>
    public double Delta { get; }

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList => [("delta", Delta)];

    private protected override IOptimiser Rebuild(Func<string, double> value) => new ClipValue(value("delta"));

    private protected override string Kind => ClipValueState.KindName;

    private protected override ClipValueState NewState(long stepCount, ImmutableDictionary<ParamId, NoSlots> slots) => new(stepCount);

    private protected override NoSlots InitSlots(Param p) => default;

    private protected override NoSlots Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, NoSlots slots, double[] output)
    {
        Run(new Formula<TEmit>(Delta), p.Span, g.Span, output);
        return default;
    }

    private readonly struct Formula<TEmit>(double delta) : IFormula0 where TEmit : struct, IEmit
    {
        private readonly V _low = Splat(-delta), _high = Splat(delta);

        public void Apply(V p, V g, out V o) => o = TEmit.Out(p, Vector256.Min(Vector256.Max(g, _low), _high));
    }
}

/// <summary>The state of <see cref="ClipValue"/>: the step count.</summary>
public sealed record ClipValueState : SlotState<NoSlots>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "ClipValue";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public ClipValueState(long stepCount) : base(stepCount, ImmutableDictionary<ParamId, NoSlots>.Empty) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
