using System.Collections.Immutable;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>SGD(η = 0.1, decay = 0)</c>: plain gradient descent (Flux's <c>Descent</c>).
/// <code>
/// p' = p - η * s_t * g          s_t = 1 / (1 + decay*(t - 1))   (scales g)
/// </code>
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>η == eta</c>: the learning rate, finite and ≥ 0 (default 0.1).</item>
/// <item><c>decay</c>: inverse decay of the learning rate, ≥ 0 (default 0: none).</item>
/// </list>
/// State: the step count only (<see cref="SgdState"/>).
/// </remarks>
public sealed record Sgd : SlotRule<SgdState, NoSlots>
{
    /// <summary>Gradient descent with learning rate <paramref name="eta"/> and inverse decay <paramref name="decay"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it and its value.</exception>
    public Sgd(double eta = 0.1, double decay = 0)
    {
        Eta = Hyperparameters.LearningRate("SGD", nameof(eta), eta);
        Decay = Hyperparameters.NonNegative("SGD", nameof(decay), decay);
    }

    /// <summary>η, the learning rate.</summary>
    public double Eta { get; }

    /// <summary>The inverse decay of the learning rate.</summary>
    public double Decay { get; }

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList => [("eta", Eta), ("decay", Decay)];

    private protected override IOptimiser Rebuild(Func<string, double> value) => new Sgd(value("eta"), value("decay"));

    private protected override string Kind => SgdState.KindName;

    private protected override SgdState NewState(long stepCount, ImmutableDictionary<ParamId, NoSlots> slots) => new(stepCount);

    private protected override NoSlots InitSlots(Param p) => default;

    private protected override NoSlots Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, NoSlots slots, double[] output)
    {
        Run(new Formula<TEmit>(Eta, Hyperparameters.InverseDecay(Decay, context.T)), p.Span, g.Span, output);
        return default;
    }

    private readonly struct Formula<TEmit>(double eta, double s) : IFormula0 where TEmit : struct, IEmit
    {
        private readonly V _eta = Splat(eta), _s = Splat(s);

        public void Apply(V p, V g, out V o) => o = TEmit.Out(p, _eta * (_s * g));
    }
}

/// <summary>The state of <see cref="Sgd"/>: the step count.</summary>
public sealed record SgdState : SlotState<NoSlots>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "SGD";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public SgdState(long stepCount) : base(stepCount, ImmutableDictionary<ParamId, NoSlots>.Empty) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
