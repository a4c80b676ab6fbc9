using System.Collections.Immutable;
using System.Runtime.Intrinsics;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>AdaBelief(η = 0.001, β1 = 0.9, β2 = 0.999, ϵ = 1e-16)</c>: ADAM with the second moment of the
/// gradient's surprise <c>g - m'</c> instead of <c>g</c> (Zhuang et al. 2020; Optax's
/// <c>adabelief</c>, Optimisers.jl's <c>AdaBelief</c>).
/// <code>
/// m' = β1*m + (1-β1)*g                    m starts at 0
/// s' = β2*s + (1-β2)*(g - m')² + ϵ         s starts at 0
/// Δ  = η * (m'/(1-β1^t)) / (sqrt(s'/(1-β2^t)) + ϵ)
/// p' = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>η == eta</c>: the learning rate, finite and ≥ 0 (default 0.001).</item>
/// <item><c>β1 == beta1</c>, <c>β2 == beta2</c>: decays of the moments, in [0, 1) (defaults 0.9, 0.999).</item>
/// <item><c>ϵ == epsilon</c>: added inside <c>s</c> and to the denominator, finite and &gt; 0 (default 1e-16, as both references).</item>
/// </list>
/// Closed form of the first step: <c>m̂ = g</c>, <c>ŝ = β1²g² + ϵ/(1-β2)</c>, so
/// <c>Δ₁ = η*g/(sqrt(β1²g² + ϵ/(1-β2)) + ϵ)</c>. State: <c>m</c> and <c>s</c> per parameter (<see cref="AdaBeliefState"/>).
/// </remarks>
public sealed record AdaBelief : SlotRule<AdaBeliefState, BeliefSlots>
{
    /// <summary>AdaBelief with the given hyperparameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it and its value.</exception>
    public AdaBelief(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-16)
    {
        Eta = Hyperparameters.LearningRate("AdaBelief", nameof(eta), eta);
        Beta1 = Hyperparameters.UnitInterval("AdaBelief", nameof(beta1), beta1);
        Beta2 = Hyperparameters.UnitInterval("AdaBelief", nameof(beta2), beta2);
        Epsilon = Hyperparameters.DivisorGuard("AdaBelief", nameof(epsilon), epsilon);
    }

    /// <summary>η, the learning rate.</summary>
    public double Eta { get; }

    /// <summary>β1, the decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>β2, the decay of the belief (second) moment.</summary>
    public double Beta2 { get; }

    /// <summary>ϵ, added inside <c>s</c> and to the denominator.</summary>
    public double Epsilon { get; }

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList =>
        [("eta", Eta), ("beta1", Beta1), ("beta2", Beta2), ("epsilon", Epsilon)];

    private protected override IOptimiser Rebuild(Func<string, double> value) =>
        new AdaBelief(value("eta"), value("beta1"), value("beta2"), value("epsilon"));

    private protected override string Kind => AdaBeliefState.KindName;

    private protected override AdaBeliefState NewState(long stepCount, ImmutableDictionary<ParamId, BeliefSlots> slots) => new(stepCount, slots);

    private protected override BeliefSlots InitSlots(Param p) => new(Tensor.Zeros(p.Shape), Tensor.Zeros(p.Shape));

    private protected override BeliefSlots Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, BeliefSlots slots, double[] output)
    {
        var (m, s) = (NewArray(p.Length), NewArray(p.Length));
        Run(new Formula<TEmit>(Eta, Beta1, Beta2, Epsilon, context.T), p.Span, g.Span, slots.M.Span, slots.S.Span, output, m, s);
        return new(Tensor.Own(p.Shape, m), Tensor.Own(p.Shape, s));
    }

    private readonly struct Formula<TEmit>(double eta, double beta1, double beta2, double epsilon, long t) : IFormula2
        where TEmit : struct, IEmit
    {
        private readonly V _eta = Splat(eta), _epsilon = Splat(epsilon);
        private readonly V _beta1 = Splat(beta1), _oneMinusBeta1 = Splat(1 - beta1), _correction1 = Splat(1 - Math.Pow(beta1, t));
        private readonly V _beta2 = Splat(beta2), _oneMinusBeta2 = Splat(1 - beta2), _correction2 = Splat(1 - Math.Pow(beta2, t));

        public void Apply(V p, V g, V m, V s, out V o, out V m2, out V s2)
        {
            m2 = _beta1 * m + _oneMinusBeta1 * g;
            var surprise = g - m2;
            s2 = _beta2 * s + _oneMinusBeta2 * (surprise * surprise) + _epsilon;
            o = TEmit.Out(p, _eta * (m2 / _correction1) / (Vector256.Sqrt(s2 / _correction2) + _epsilon));
        }
    }
}

/// <summary>The per-parameter slots of <see cref="AdaBelief"/>.</summary>
/// <param name="M">The first moment, slot <c>"m"</c>.</param>
/// <param name="S">The belief moment (running mean of <c>(g - m)²</c>), slot <c>"s"</c>.</param>
public readonly record struct BeliefSlots(Tensor M, Tensor S) : ISlots<BeliefSlots>
{
    /// <inheritdoc/>
    public static ImmutableArray<string> Names { get; } = ["m", "s"];

    /// <inheritdoc/>
    public ImmutableArray<Tensor> ToTensors() => [M, S];

    /// <inheritdoc/>
    public static BeliefSlots FromTensors(ImmutableArray<Tensor> tensors) => new(tensors[0], tensors[1]);
}

/// <summary>The state of <see cref="AdaBelief"/>: the step count and each parameter's <c>m</c> and <c>s</c>.</summary>
public sealed record AdaBeliefState : SlotState<BeliefSlots>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "AdaBelief";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public AdaBeliefState(long stepCount, ImmutableDictionary<ParamId, BeliefSlots> slots) : base(stepCount, slots) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
