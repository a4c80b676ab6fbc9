using System.Collections.Immutable;
using System.Runtime.Intrinsics;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>NADAM(η = 0.001, β1 = 0.9, β2 = 0.999, ϵ = 1e-8, decay = 0)</c>: ADAM with Nesterov momentum.
/// <code>
/// m' = β1*m + (1-β1)*g          m starts at 0
/// v' = β2*v + (1-β2)*g²         v starts at 0
/// Δ  = η * (β1*m'/(1-β1^(t+1)) + (1-β1)*g/(1-β1^t)) / (sqrt(β2*v'/(1-β2^t)) + ϵ)
/// Δ  = s_t * Δ                  s_t = 1 / (1 + decay*(t - 1))   (scales Δ)
/// p' = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>η == eta</c>: the learning rate, finite and ≥ 0 (default 0.001).</item>
/// <item><c>β1 == beta1</c>, <c>β2 == beta2</c>: decays of the moments, in [0, 1) (defaults 0.9, 0.999).</item>
/// <item><c>ϵ == epsilon</c>: added to the denominator, finite and &gt; 0 (default 1e-8).</item>
/// <item><c>decay</c>: inverse decay, ≥ 0 (default 0).</item>
/// </list>
/// State: <c>m</c> and <c>v</c> per parameter (<see cref="NAdamState"/>).
/// </remarks>
public sealed record NAdam : SlotRule<NAdamState, MomentSlots>
{
    /// <summary>NADAM with the given hyperparameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it and its value.</exception>
    public NAdam(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double decay = 0)
    {
        Eta = Hyperparameters.LearningRate("NADAM", nameof(eta), eta);
        Beta1 = Hyperparameters.UnitInterval("NADAM", nameof(beta1), beta1);
        Beta2 = Hyperparameters.UnitInterval("NADAM", nameof(beta2), beta2);
        Epsilon = Hyperparameters.DivisorGuard("NADAM", nameof(epsilon), epsilon);
        Decay = Hyperparameters.NonNegative("NADAM", nameof(decay), decay);
    }

    /// <summary>η, the learning rate.</summary>
    public double Eta { get; }

    /// <summary>β1, the decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>β2, the decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>ϵ, added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>The inverse decay.</summary>
    public double Decay { get; }

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList => [("eta", Eta), ("beta1", Beta1), ("beta2", Beta2), ("epsilon", Epsilon), ("decay", Decay)];

    private protected override IOptimiser Rebuild(Func<string, double> value) => new NAdam(value("eta"), value("beta1"), value("beta2"), value("epsilon"), value("decay"));

    private protected override string Kind => NAdamState.KindName;

    private protected override NAdamState NewState(long stepCount, ImmutableDictionary<ParamId, MomentSlots> slots) => new(stepCount, slots);

    private protected override MomentSlots InitSlots(Param p) => MomentSlots.Zeros(p.Shape);

    private protected override MomentSlots Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, MomentSlots slots, double[] output)
    {
        var (m, v) = (NewArray(p.Length), NewArray(p.Length));
        var formula = new Formula<TEmit>(Eta, Beta1, Beta2, Epsilon, context.T, Hyperparameters.InverseDecay(Decay, context.T));
        Run(formula, p.Span, g.Span, slots.M.Span, slots.V.Span, output, m, v);
        return new(Tensor.Own(p.Shape, m), Tensor.Own(p.Shape, v));
    }

    private readonly struct Formula<TEmit>(double eta, double beta1, double beta2, double epsilon, long t, double s) : IFormula2
        where TEmit : struct, IEmit
    {
        private readonly V _eta = Splat(eta), _epsilon = Splat(epsilon), _s = Splat(s);
        private readonly V _beta1 = Splat(beta1), _oneMinusBeta1 = Splat(1 - beta1);
        private readonly V _correction1 = Splat(1 - Math.Pow(beta1, t)), _correction1Next = Splat(1 - Math.Pow(beta1, t + 1));
        private readonly V _beta2 = Splat(beta2), _oneMinusBeta2 = Splat(1 - beta2), _correction2 = Splat(1 - Math.Pow(beta2, t));

        public void Apply(V p, V g, V m, V v, out V o, out V m2, out V v2)
        {
            m2 = _beta1 * m + _oneMinusBeta1 * g;
            v2 = _beta2 * v + _oneMinusBeta2 * (g * g);
            var numerator = _beta1 * m2 / _correction1Next + _oneMinusBeta1 * g / _correction1;
            var delta = _eta * numerator / (Vector256.Sqrt(_beta2 * v2 / _correction2) + _epsilon);
            o = TEmit.Out(p, _s * delta);
        }
    }
}

/// <summary>The state of <see cref="NAdam"/>: the step count and each parameter's <c>m</c> and <c>v</c>.</summary>
public sealed record NAdamState : SlotState<MomentSlots>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "NADAM";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public NAdamState(long stepCount, ImmutableDictionary<ParamId, MomentSlots> slots) : base(stepCount, slots) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
