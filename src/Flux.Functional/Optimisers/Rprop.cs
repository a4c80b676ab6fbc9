using System.Collections.Immutable;
using System.Runtime.Intrinsics;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>Rprop(η = 0.001, ℓ- = 0.5, ℓ+ = 1.2, Γmin = 1e-6, Γmax = 50)</c>: resilient backpropagation
/// (iRprop-, as Optimisers.jl's <c>Rprop</c> and Optax's <c>rprop</c>): each element has its own step
/// size, grown while the gradient keeps its sign and shrunk when it flips; only the gradient's
/// sign is used.
/// <code>
/// q  = h*g                                   h: the last gradient kept, starts at 0
/// s' = min(s*ℓ+, Γmax)  if q &gt; 0             s: the step sizes, start at η
///      max(s*ℓ-, Γmin)  if q &lt; 0
///      s                if q = 0
/// h' = 0 if q &lt; 0, else g                   (after a flip, the next step does not compare)
/// Δ  = s' * sign(h')
/// p' = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>η == eta</c>: the initial step size, finite and &gt; 0 (default 0.001). Unlike a learning rate it is not a factor of each step: step sizes grow from it by ℓ+, and from 0 none would ever grow.</item>
/// <item><c>ℓ- == etaMinus</c>, <c>ℓ+ == etaPlus</c>: the shrink and growth factors, <c>0 &lt; ℓ- ≤ 1 ≤ ℓ+</c> (defaults 0.5, 1.2).</item>
/// <item><c>Γmin == minStep</c>, <c>Γmax == maxStep</c>: bounds of the step sizes, <c>0 &lt; Γmin ≤ Γmax</c> (defaults 1e-6, 50).</item>
/// </list>
/// η only sets the step sizes of a parameter's first step (set by <c>Init</c>): adjusting it later
/// leaves the running step sizes, which are state, as they are. Closed form, constant gradient
/// <c>g</c> (η ≤ Γmax): step t is <c>min(η*ℓ+^(t-1), Γmax) * sign(g)</c>; a gradient that flips sign
/// every step gives a step of 0 after each flip. State: <c>h</c> and <c>s</c> per parameter (<see cref="RpropState"/>).
/// </remarks>
public sealed record Rprop : SlotRule<RpropState, RpropSlots>
{
    /// <summary>Rprop with the given hyperparameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it and its value.</exception>
    public Rprop(double eta = 0.001, double etaMinus = 0.5, double etaPlus = 1.2, double minStep = 1e-6, double maxStep = 50)
    {
        Eta = Hyperparameters.Positive("Rprop", nameof(eta), eta);
        EtaMinus = Hyperparameters.Positive("Rprop", nameof(etaMinus), etaMinus) <= 1
            ? etaMinus
            : throw new ArgumentOutOfRangeException(nameof(etaMinus), etaMinus, $"Rprop: etaMinus must be in (0, 1]; got {etaMinus}.");
        EtaPlus = double.IsFinite(etaPlus) && etaPlus >= 1
            ? etaPlus
            : throw new ArgumentOutOfRangeException(nameof(etaPlus), etaPlus, $"Rprop: etaPlus must be finite and 1 or more; got {etaPlus}.");
        MinStep = Hyperparameters.Positive("Rprop", nameof(minStep), minStep);
        MaxStep = Hyperparameters.Positive("Rprop", nameof(maxStep), maxStep) >= minStep
            ? maxStep
            : throw new ArgumentOutOfRangeException(nameof(maxStep), maxStep, $"Rprop: maxStep must be finite and at least minStep = {minStep}; got {maxStep}.");
    }

    /// <summary>η, the initial step size.</summary>
    public double Eta { get; }

    /// <summary>ℓ-, the factor applied to a step size when the gradient flips sign.</summary>
    public double EtaMinus { get; }

    /// <summary>ℓ+, the factor applied to a step size while the gradient keeps its sign.</summary>
    public double EtaPlus { get; }

    /// <summary>Γmin, the smallest step size.</summary>
    public double MinStep { get; }

    /// <summary>Γmax, the largest step size.</summary>
    public double MaxStep { get; }

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList =>
        [("eta", Eta), ("etaMinus", EtaMinus), ("etaPlus", EtaPlus), ("minStep", MinStep), ("maxStep", MaxStep)];

    private protected override IOptimiser Rebuild(Func<string, double> value) =>
        new Rprop(value("eta"), value("etaMinus"), value("etaPlus"), value("minStep"), value("maxStep"));

    private protected override string Kind => RpropState.KindName;

    private protected override RpropState NewState(long stepCount, ImmutableDictionary<ParamId, RpropSlots> slots) => new(stepCount, slots);

    private protected override RpropSlots InitSlots(Param p) => new(Tensor.Zeros(p.Shape), Tensor.Fill(Eta, p.Shape.Dims));

    private protected override RpropSlots Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, RpropSlots slots, double[] output)
    {
        var (h, s) = (NewArray(p.Length), NewArray(p.Length));
        Run(new Formula<TEmit>(EtaMinus, EtaPlus, MinStep, MaxStep), p.Span, g.Span, slots.H.Span, slots.S.Span, output, h, s);
        return new(Tensor.Own(p.Shape, h), Tensor.Own(p.Shape, s));
    }

    private readonly struct Formula<TEmit>(double etaMinus, double etaPlus, double minStep, double maxStep) : IFormula2
        where TEmit : struct, IEmit
    {
        private readonly V _minus = Splat(etaMinus), _plus = Splat(etaPlus), _min = Splat(minStep), _max = Splat(maxStep);

        public void Apply(V p, V g, V h, V s, out V o, out V h2, out V s2)
        {
            var q = h * g;
            var grow = Vector256.GreaterThan(q, V.Zero);
            var flip = Vector256.LessThan(q, V.Zero);
            s2 = Vector256.ConditionalSelect(grow, Vector256.Min(s * _plus, _max),
                Vector256.ConditionalSelect(flip, Vector256.Max(s * _minus, _min), s));
            h2 = Vector256.ConditionalSelect(flip, V.Zero, g);
            o = TEmit.Out(p, s2 * Sign(h2));
        }
    }
}

/// <summary>The per-parameter slots of <see cref="Rprop"/>.</summary>
/// <param name="H">The last gradient kept (0 after a sign flip), slot <c>"h"</c>.</param>
/// <param name="S">The step sizes, slot <c>"s"</c>.</param>
public readonly record struct RpropSlots(Tensor H, Tensor S) : ISlots<RpropSlots>
{
    /// <inheritdoc/>
    public static ImmutableArray<string> Names { get; } = ["h", "s"];

    /// <inheritdoc/>
    public ImmutableArray<Tensor> ToTensors() => [H, S];

    /// <inheritdoc/>
    public static RpropSlots FromTensors(ImmutableArray<Tensor> tensors) => new(tensors[0], tensors[1]);
}

/// <summary>The state of <see cref="Rprop"/>: the step count and each parameter's <c>h</c> and <c>s</c>.</summary>
public sealed record RpropState : SlotState<RpropSlots>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "Rprop";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public RpropState(long stepCount, ImmutableDictionary<ParamId, RpropSlots> slots) : base(stepCount, slots) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
