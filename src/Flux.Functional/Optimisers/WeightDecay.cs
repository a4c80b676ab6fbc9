using System.Collections.Immutable;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>WeightDecay(γ = 0)</c>: adds L2 weight decay to the gradient, as a chain element
/// (<c>Chain(WeightDecay(1e-4), ADAM())</c>).
/// <code>
/// Δ = g + γ*p
/// </code>
/// Alone, it steps <c>p' = p - Δ</c>.
/// </summary>
/// <remarks><c>γ == gamma</c>: the decay, finite and ≥ 0 (default 0). State: the step count only.</remarks>
public sealed record WeightDecay : SlotRule<WeightDecayState, NoSlots>
{
    /// <summary>Weight decay <paramref name="gamma"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is negative or not finite.</exception>
    public WeightDecay(double gamma = 0) => Gamma = Hyperparameters.NonNegative("WeightDecay", nameof(gamma), gamma);

    /// <summary>γ, the decay.</summary>
    public double Gamma { get; }

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList => [("gamma", Gamma)];

    private protected override IOptimiser Rebuild(Func<string, double> value) => new WeightDecay(value("gamma"));

    private protected override string Kind => WeightDecayState.KindName;

    private protected override WeightDecayState NewState(long stepCount, ImmutableDictionary<ParamId, NoSlots> slots) => new(stepCount);

    private protected override NoSlots InitSlots(Param p) => default;

    private protected override NoSlots Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, NoSlots slots, double[] output)
    {
        Run(new Formula<TEmit>(Gamma), p.Span, g.Span, output);
        return default;
    }

    private readonly struct Formula<TEmit>(double gamma) : IFormula0 where TEmit : struct, IEmit
    {
        private readonly V _gamma = Splat(gamma);

        public void Apply(V p, V g, out V o) => o = TEmit.Out(p, g + _gamma * p);
    }
}

/// <summary>The state of <see cref="WeightDecay"/>: the step count.</summary>
public sealed record WeightDecayState : SlotState<NoSlots>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "WeightDecay";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public WeightDecayState(long stepCount) : base(stepCount, ImmutableDictionary<ParamId, NoSlots>.Empty) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
