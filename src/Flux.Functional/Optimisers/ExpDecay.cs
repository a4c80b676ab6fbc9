using System.Collections.Immutable;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>ExpDecay(η = 0.001, decay = 0.1, decay_step = 1000, clip = 1e-4)</c>: a step-wise exponential
/// learning-rate schedule, as a chain element (<c>Chain(ADAM(), ExpDecay())</c>).
/// <code>
/// Δ = max(η * decay^floor((t-1)/decay_step), clip) * g
/// </code>
/// η for the first <c>decay_step</c> steps, then <c>η*decay</c>, and so on, never below <c>clip</c>.
/// Alone, it steps <c>p' = p - Δ</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>η == eta</c>: the initial factor, finite and ≥ 0 (default 0.001).</item>
/// <item><c>decay</c>: the factor applied every <c>decay_step</c> steps, in [0, 1] (default 0.1).</item>
/// <item><c>decay_step == decayStep</c>: steps between decays, ≥ 1 (default 1000).</item>
/// <item><c>clip</c>: the floor of the factor, finite and ≥ 0 (default 1e-4).</item>
/// </list>
/// State: the step count only.
/// </remarks>
public sealed record ExpDecay : SlotRule<ExpDecayState, NoSlots>
{
    /// <summary>The schedule with the given hyperparameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it and its value.</exception>
    public ExpDecay(double eta = 0.001, double decay = 0.1, long decayStep = 1000, double clip = 1e-4)
    {
        Eta = Hyperparameters.LearningRate("ExpDecay", nameof(eta), eta);
        Decay = Hyperparameters.ClosedUnitInterval("ExpDecay", nameof(decay), decay);
        DecayStep = Hyperparameters.AtLeastOne("ExpDecay", nameof(decayStep), decayStep);
        Clip = Hyperparameters.NonNegative("ExpDecay", nameof(clip), clip);
    }

    /// <summary>η, the initial factor.</summary>
    public double Eta { get; }

    /// <summary>The factor applied every <see cref="DecayStep"/> steps.</summary>
    public double Decay { get; }

    /// <summary>Steps between decays.</summary>
    public long DecayStep { get; }

    /// <summary>The floor of the factor.</summary>
    public double Clip { get; }

    /// <summary>The factor of step <paramref name="t"/> (from 1): <c>max(η * decay^floor((t-1)/decay_step), clip)</c>.</summary>
    public double Factor(long t) => Math.Max(Eta * Math.Pow(Decay, (t - 1) / DecayStep), Clip);

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList => [("eta", Eta), ("decay", Decay), ("decayStep", DecayStep), ("clip", Clip)];

    private protected override IOptimiser Rebuild(Func<string, double> value) => new ExpDecay(value("eta"), value("decay"), Hyperparameters.Whole("ExpDecay", "decayStep", value("decayStep")), value("clip"));

    private protected override string Kind => ExpDecayState.KindName;

    private protected override ExpDecayState NewState(long stepCount, ImmutableDictionary<ParamId, NoSlots> slots) => new(stepCount);

    private protected override NoSlots InitSlots(Param p) => default;

    private protected override NoSlots Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, NoSlots slots, double[] output)
    {
        Run(new Formula<TEmit>(Factor(context.T)), p.Span, g.Span, output);
        return default;
    }

    private readonly struct Formula<TEmit>(double factor) : IFormula0 where TEmit : struct, IEmit
    {
        private readonly V _factor = Splat(factor);

        public void Apply(V p, V g, out V o) => o = TEmit.Out(p, _factor * g);
    }
}

/// <summary>The state of <see cref="ExpDecay"/>: the step count.</summary>
public sealed record ExpDecayState : SlotState<NoSlots>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "ExpDecay";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public ExpDecayState(long stepCount) : base(stepCount, ImmutableDictionary<ParamId, NoSlots>.Empty) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
