using System.Collections.Immutable;
using System.Runtime.Intrinsics;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>AMSGrad(η = 0.001, β1 = 0.9, β2 = 0.999, ϵ = 1e-8, decay = 0)</c>: ADAM with a non-decreasing second moment.
/// <code>
/// m' = β1*m + (1-β1)*g          m starts at 0
/// v' = β2*v + (1-β2)*g²         v starts at ϵ
/// v̂' = max(v̂, v')               v̂ starts at ϵ
/// Δ  = η*m' / sqrt(v̂')
/// Δ  = s_t * Δ                  s_t = 1 / (1 + decay*(t - 1))   (scales Δ)
/// p' = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>η == eta</c>: the learning rate, finite and ≥ 0 (default 0.001).</item>
/// <item><c>β1 == beta1</c>, <c>β2 == beta2</c>: decays of the moments, in [0, 1) (defaults 0.9, 0.999).</item>
/// <item><c>ϵ == epsilon</c>: the initial <c>v</c> and <c>v̂</c>, finite and &gt; 0 (default 1e-8).</item>
/// <item><c>decay</c>: inverse decay, ≥ 0 (default 0).</item>
/// </list>
/// State: <c>m</c>, <c>v</c> and <c>v̂</c> (slot <c>"vhat"</c>) per parameter (<see cref="AmsGradState"/>).
/// </remarks>
public sealed record AmsGrad : SlotRule<AmsGradState, AmsGradSlots>
{
    /// <summary>AMSGrad with the given hyperparameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it and its value.</exception>
    public AmsGrad(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double decay = 0)
    {
        Eta = Hyperparameters.LearningRate("AMSGrad", nameof(eta), eta);
        Beta1 = Hyperparameters.UnitInterval("AMSGrad", nameof(beta1), beta1);
        Beta2 = Hyperparameters.UnitInterval("AMSGrad", nameof(beta2), beta2);
        Epsilon = Hyperparameters.DivisorGuard("AMSGrad", nameof(epsilon), epsilon);
        Decay = Hyperparameters.NonNegative("AMSGrad", nameof(decay), decay);
    }

    /// <summary>η, the learning rate.</summary>
    public double Eta { get; }

    /// <summary>β1, the decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>β2, the decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>ϵ, the initial second moments.</summary>
    public double Epsilon { get; }

    /// <summary>The inverse decay.</summary>
    public double Decay { get; }

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList => [("eta", Eta), ("beta1", Beta1), ("beta2", Beta2), ("epsilon", Epsilon), ("decay", Decay)];

    private protected override IOptimiser Rebuild(Func<string, double> value) => new AmsGrad(value("eta"), value("beta1"), value("beta2"), value("epsilon"), value("decay"));

    private protected override string Kind => AmsGradState.KindName;

    private protected override AmsGradState NewState(long stepCount, ImmutableDictionary<ParamId, AmsGradSlots> slots) => new(stepCount, slots);

    private protected override AmsGradSlots InitSlots(Param p) =>
        new(Tensor.Zeros(p.Shape), Tensor.Fill(Epsilon, p.Shape), Tensor.Fill(Epsilon, p.Shape));

    private protected override AmsGradSlots Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, AmsGradSlots slots, double[] output)
    {
        var (m, v, vhat) = (NewArray(p.Length), NewArray(p.Length), NewArray(p.Length));
        var formula = new Formula<TEmit>(Eta, Beta1, Beta2, Hyperparameters.InverseDecay(Decay, context.T));
        Run(formula, p.Span, g.Span, slots.M.Span, slots.V.Span, slots.VHat.Span, output, m, v, vhat);
        return new(Tensor.Own(p.Shape, m), Tensor.Own(p.Shape, v), Tensor.Own(p.Shape, vhat));
    }

    private readonly struct Formula<TEmit>(double eta, double beta1, double beta2, double s) : IFormula3
        where TEmit : struct, IEmit
    {
        private readonly V _eta = Splat(eta), _s = Splat(s);
        private readonly V _beta1 = Splat(beta1), _oneMinusBeta1 = Splat(1 - beta1);
        private readonly V _beta2 = Splat(beta2), _oneMinusBeta2 = Splat(1 - beta2);

        public void Apply(V p, V g, V m, V v, V vhat, out V o, out V m2, out V v2, out V vhat2)
        {
            m2 = _beta1 * m + _oneMinusBeta1 * g;
            v2 = _beta2 * v + _oneMinusBeta2 * (g * g);
            vhat2 = Vector256.Max(vhat, v2);
            var delta = _eta * m2 / Vector256.Sqrt(vhat2);
            o = TEmit.Out(p, _s * delta);
        }
    }
}

/// <summary>The per-parameter slots of <see cref="AmsGrad"/>.</summary>
/// <param name="M">The first moment, slot <c>"m"</c>.</param>
/// <param name="V">The second moment, slot <c>"v"</c>.</param>
/// <param name="VHat">The running maximum of the second moment (<c>v̂</c>), slot <c>"vhat"</c>.</param>
public readonly record struct AmsGradSlots(Tensor M, Tensor V, Tensor VHat) : ISlots<AmsGradSlots>
{
    /// <inheritdoc/>
    public static ImmutableArray<string> Names { get; } = ["m", "v", "vhat"];

    /// <inheritdoc/>
    public ImmutableArray<Tensor> ToTensors() => [M, V, VHat];

    /// <inheritdoc/>
    public static AmsGradSlots FromTensors(ImmutableArray<Tensor> tensors) => new(tensors[0], tensors[1], tensors[2]);
}

/// <summary>The state of <see cref="AmsGrad"/>: the step count and each parameter's <c>m</c>, <c>v</c> and <c>v̂</c>.</summary>
public sealed record AmsGradState : SlotState<AmsGradSlots>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "AMSGrad";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public AmsGradState(long stepCount, ImmutableDictionary<ParamId, AmsGradSlots> slots) : base(stepCount, slots) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
