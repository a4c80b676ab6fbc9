using System.Collections.Immutable;
using System.Runtime.Intrinsics;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>AdaMax(η = 0.002, β1 = 0.9, β2 = 0.999, ϵ = 1e-8, decay = 0)</c>: ADAM with the infinity norm.
/// <code>
/// m' = β1*m + (1-β1)*g          m starts at 0
/// u' = max(β2*u, abs(g))        u starts at 0
/// Δ  = (η/(1-β1^t)) * m'/(u' + ϵ)
/// Δ  = s_t * Δ                  s_t = 1 / (1 + decay*(t - 1))   (scales Δ)
/// p' = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>η == eta</c>: the learning rate, finite and ≥ 0 (default 0.002).</item>
/// <item><c>β1 == beta1</c>, <c>β2 == beta2</c>: decays of the moment and of the norm, in [0, 1) (defaults 0.9, 0.999).</item>
/// <item><c>ϵ == epsilon</c>: added to the denominator, finite and &gt; 0 (default 1e-8).</item>
/// <item><c>decay</c>: inverse decay, ≥ 0 (default 0).</item>
/// </list>
/// State: <c>m</c> and <c>u</c> per parameter (<see cref="AdaMaxState"/>).
/// </remarks>
public sealed record AdaMax : SlotRule<AdaMaxState, AdaMaxSlots>
{
    /// <summary>AdaMax with the given hyperparameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it and its value.</exception>
    public AdaMax(double eta = 0.002, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double decay = 0)
    {
        Eta = Hyperparameters.LearningRate("AdaMax", nameof(eta), eta);
        Beta1 = Hyperparameters.UnitInterval("AdaMax", nameof(beta1), beta1);
        Beta2 = Hyperparameters.UnitInterval("AdaMax", nameof(beta2), beta2);
        Epsilon = Hyperparameters.DivisorGuard("AdaMax", nameof(epsilon), epsilon);
        Decay = Hyperparameters.NonNegative("AdaMax", nameof(decay), decay);
    }

    /// <summary>η, the learning rate.</summary>
    public double Eta { get; }

    /// <summary>β1, the decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>β2, the decay of the infinity norm.</summary>
    public double Beta2 { get; }

    /// <summary>ϵ, added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>The inverse decay.</summary>
    public double Decay { get; }

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList => [("eta", Eta), ("beta1", Beta1), ("beta2", Beta2), ("epsilon", Epsilon), ("decay", Decay)];

    private protected override IOptimiser Rebuild(Func<string, double> value) => new AdaMax(value("eta"), value("beta1"), value("beta2"), value("epsilon"), value("decay"));

    private protected override string Kind => AdaMaxState.KindName;

    private protected override AdaMaxState NewState(long stepCount, ImmutableDictionary<ParamId, AdaMaxSlots> slots) => new(stepCount, slots);

    private protected override AdaMaxSlots InitSlots(Param p) => new(Tensor.Zeros(p.Shape), Tensor.Zeros(p.Shape));

    private protected override AdaMaxSlots Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, AdaMaxSlots slots, double[] output)
    {
        var (m, u) = (NewArray(p.Length), NewArray(p.Length));
        var formula = new Formula<TEmit>(Eta, Beta1, Beta2, Epsilon, context.T, Hyperparameters.InverseDecay(Decay, context.T));
        Run(formula, p.Span, g.Span, slots.M.Span, slots.U.Span, output, m, u);
        return new(Tensor.Own(p.Shape, m), Tensor.Own(p.Shape, u));
    }

    private readonly struct Formula<TEmit>(double eta, double beta1, double beta2, double epsilon, long t, double s) : IFormula2
        where TEmit : struct, IEmit
    {
        private readonly V _etaCorrected = Splat(eta / (1 - Math.Pow(beta1, t))), _epsilon = Splat(epsilon), _s = Splat(s);
        private readonly V _beta1 = Splat(beta1), _oneMinusBeta1 = Splat(1 - beta1), _beta2 = Splat(beta2);

        public void Apply(V p, V g, V m, V u, out V o, out V m2, out V u2)
        {
            m2 = _beta1 * m + _oneMinusBeta1 * g;
            u2 = Vector256.Max(_beta2 * u, Vector256.Abs(g));
            var delta = _etaCorrected * m2 / (u2 + _epsilon);
            o = TEmit.Out(p, _s * delta);
        }
    }
}

/// <summary>The per-parameter slots of <see cref="AdaMax"/>.</summary>
/// <param name="M">The first moment, slot <c>"m"</c>.</param>
/// <param name="U">The exponentially weighted infinity norm, slot <c>"u"</c>.</param>
public readonly record struct AdaMaxSlots(Tensor M, Tensor U) : ISlots<AdaMaxSlots>
{
    /// <inheritdoc/>
    public static ImmutableArray<string> Names { get; } = ["m", "u"];

    /// <inheritdoc/>
    public ImmutableArray<Tensor> ToTensors() => [M, U];

    /// <inheritdoc/>
    public static AdaMaxSlots FromTensors(ImmutableArray<Tensor> tensors) => new(tensors[0], tensors[1]);
}

/// <summary>The state of <see cref="AdaMax"/>: the step count and each parameter's <c>m</c> and <c>u</c>.</summary>
public sealed record AdaMaxState : SlotState<AdaMaxSlots>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "AdaMax";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public AdaMaxState(long stepCount, ImmutableDictionary<ParamId, AdaMaxSlots> slots) : base(stepCount, slots) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
