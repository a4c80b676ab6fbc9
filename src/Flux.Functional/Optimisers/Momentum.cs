using System.Collections.Immutable;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>Momentum(η = 0.01, ρ = 0.9, decay = 0)</c>: gradient descent with velocity.
/// <code>
/// g  = s_t * g                  s_t = 1 / (1 + decay*(t - 1))   (scales g)
/// v' = ρ*v - η*g                v starts at 0
/// p' = p + v'
/// </code>
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>η == eta</c>: the learning rate, finite and ≥ 0 (default 0.01).</item>
/// <item><c>ρ == rho</c>: the momentum, in [0, 1) (default 0.9).</item>
/// <item><c>decay</c>: inverse decay, ≥ 0 (default 0).</item>
/// </list>
/// State: the velocity <c>v</c> per parameter (<see cref="MomentumState"/>).
/// </remarks>
public sealed record Momentum : SlotRule<MomentumState, VelocitySlots>
{
    /// <summary>Momentum with the given hyperparameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it and its value.</exception>
    public Momentum(double eta = 0.01, double rho = 0.9, double decay = 0)
    {
        Eta = Hyperparameters.LearningRate("Momentum", nameof(eta), eta);
        Rho = Hyperparameters.UnitInterval("Momentum", nameof(rho), rho);
        Decay = Hyperparameters.NonNegative("Momentum", nameof(decay), decay);
    }

    /// <summary>η, the learning rate.</summary>
    public double Eta { get; }

    /// <summary>ρ, the momentum.</summary>
    public double Rho { get; }

    /// <summary>The inverse decay.</summary>
    public double Decay { get; }

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList => [("eta", Eta), ("rho", Rho), ("decay", Decay)];

    private protected override IOptimiser Rebuild(Func<string, double> value) => new Momentum(value("eta"), value("rho"), value("decay"));

    private protected override string Kind => MomentumState.KindName;

    private protected override MomentumState NewState(long stepCount, ImmutableDictionary<ParamId, VelocitySlots> slots) => new(stepCount, slots);

    private protected override VelocitySlots InitSlots(Param p) => new(Tensor.Zeros(p.Shape));

    private protected override VelocitySlots Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, VelocitySlots slots, double[] output)
    {
        var v = NewArray(p.Length);
        Run(new Formula<TEmit>(Eta, Rho, Hyperparameters.InverseDecay(Decay, context.T)), p.Span, g.Span, slots.V.Span, output, v);
        return new(Tensor.Own(p.Shape, v));
    }

    private readonly struct Formula<TEmit>(double eta, double rho, double s) : IFormula1 where TEmit : struct, IEmit
    {
        private readonly V _eta = Splat(eta), _rho = Splat(rho), _s = Splat(s);

        public void Apply(V p, V g, V v, out V o, out V v2)
        {
            g = _s * g;
            v2 = _rho * v - _eta * g;
            o = TEmit.Out(p, -v2);
        }
    }
}

/// <summary>The per-parameter slot of <see cref="Momentum"/> and <see cref="Nesterov"/>: the velocity <c>v</c>.</summary>
/// <param name="V">The velocity, slot <c>"v"</c>.</param>
public readonly record struct VelocitySlots(Tensor V) : ISlots<VelocitySlots>
{
    /// <inheritdoc/>
    public static ImmutableArray<string> Names { get; } = ["v"];

    /// <inheritdoc/>
    public ImmutableArray<Tensor> ToTensors() => [V];

    /// <inheritdoc/>
    public static VelocitySlots FromTensors(ImmutableArray<Tensor> tensors) => new(tensors[0]);
}

/// <summary>The state of <see cref="Momentum"/>: the step count and each parameter's velocity.</summary>
public sealed record MomentumState : SlotState<VelocitySlots>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "Momentum";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public MomentumState(long stepCount, ImmutableDictionary<ParamId, VelocitySlots> slots) : base(stepCount, slots) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
