using System.Collections.Immutable;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>Nesterov(η = 0.01, ρ = 0.9, decay = 0)</c>: momentum with Nesterov's look-ahead.
/// <code>
/// g  = s_t * g                  s_t = 1 / (1 + decay*(t - 1))   (scales g)
/// d  = ρ²*v - (1+ρ)*η*g
/// v' = ρ*v - η*g                v starts at 0
/// p' = p + d
/// </code>
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>η == eta</c>: the learning rate, finite and ≥ 0 (default 0.01).</item>
/// <item><c>ρ == rho</c>: the momentum, in [0, 1) (default 0.9).</item>
/// <item><c>decay</c>: inverse decay, ≥ 0 (default 0).</item>
/// </list>
/// State: the velocity <c>v</c> per parameter (<see cref="NesterovState"/>).
/// </remarks>
public sealed record Nesterov : SlotRule<NesterovState, VelocitySlots>
{
    /// <summary>Nesterov momentum with the given hyperparameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it and its value.</exception>
    public Nesterov(double eta = 0.01, double rho = 0.9, double decay = 0)
    {
        Eta = Hyperparameters.LearningRate("Nesterov", nameof(eta), eta);
        Rho = Hyperparameters.UnitInterval("Nesterov", nameof(rho), rho);
        Decay = Hyperparameters.NonNegative("Nesterov", nameof(decay), decay);
    }

    /// <summary>η, the learning rate.</summary>
    public double Eta { get; }

    /// <summary>ρ, the momentum.</summary>
    public double Rho { get; }

    /// <summary>The inverse decay.</summary>
    public double Decay { get; }

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList => [("eta", Eta), ("rho", Rho), ("decay", Decay)];

    private protected override IOptimiser Rebuild(Func<string, double> value) => new Nesterov(value("eta"), value("rho"), value("decay"));

    private protected override string Kind => NesterovState.KindName;

    private protected override NesterovState NewState(long stepCount, ImmutableDictionary<ParamId, VelocitySlots> slots) => new(stepCount, slots);

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
        private readonly V _rho2 = Splat(rho * rho), _onePlusRhoEta = Splat((1 + rho) * eta);

        public void Apply(V p, V g, V v, out V o, out V v2)
        {
            g = _s * g;
            var d = _rho2 * v - _onePlusRhoEta * g;
            v2 = _rho * v - _eta * g;
            o = TEmit.Out(p, -d);
        }
    }
}

/// <summary>The state of <see cref="Nesterov"/>: the step count and each parameter's velocity.</summary>
public sealed record NesterovState : SlotState<VelocitySlots>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "Nesterov";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public NesterovState(long stepCount, ImmutableDictionary<ParamId, VelocitySlots> slots) : base(stepCount, slots) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
