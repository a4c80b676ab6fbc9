using System.Collections.Immutable;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>InvDecay(γ = 0.001)</c>: the inverse-decay schedule, as a chain element
/// (<c>Chain(InvDecay(0.01), SGD())</c> or <c>Chain(ADAM(), InvDecay(0.01))</c>).
/// <code>
/// Δ = g / (1 + γ*(t - 1))       the first step is unscaled; the same s_t as a rule's decay argument
/// </code>
/// Alone, it steps <c>p' = p - Δ</c>.
/// </summary>
/// <remarks><c>γ == gamma</c>: the decay, finite and ≥ 0 (default 0.001); with 0 every element
/// passes unchanged, bit for bit. State: the step count only.</remarks>
public sealed record InvDecay : SlotRule<InvDecayState, NoSlots>
{
    /// <summary>Inverse decay <paramref name="gamma"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is negative or not finite.</exception>
    public InvDecay(double gamma = 0.001) => Gamma = Hyperparameters.NonNegative("InvDecay", nameof(gamma), gamma);

    /// <summary>γ, the decay.</summary>
    public double Gamma { get; }

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList => [("gamma", Gamma)];

    private protected override IOptimiser Rebuild(Func<string, double> value) => new InvDecay(value("gamma"));

    private protected override string Kind => InvDecayState.KindName;

    private protected override InvDecayState NewState(long stepCount, ImmutableDictionary<ParamId, NoSlots> slots) => new(stepCount);

    private protected override NoSlots InitSlots(Param p) => default;

    private protected override NoSlots Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, NoSlots slots, double[] output)
    {
        Run(new Formula<TEmit>(Hyperparameters.InverseDecay(Gamma, context.T)), p.Span, g.Span, output);
        return default;
    }

    private readonly struct Formula<TEmit>(double s) : IFormula0 where TEmit : struct, IEmit
    {
        private readonly V _s = Splat(s);

        public void Apply(V p, V g, out V o) => o = TEmit.Out(p, _s * g);
    }
}

/// <summary>The state of <see cref="InvDecay"/>: the step count.</summary>
public sealed record InvDecayState : SlotState<NoSlots>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "InvDecay";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public InvDecayState(long stepCount) : base(stepCount, ImmutableDictionary<ParamId, NoSlots>.Empty) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
