using System.Collections.Immutable;
using System.Runtime.Intrinsics;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>RAdam(η = 0.001, β1 = 0.9, β2 = 0.999, ϵ = 1e-8, threshold = 5)</c>: rectified ADAM
/// (Liu et al. 2020; Optax's <c>radam</c>, Optimisers.jl's <c>RAdam</c>).
/// <code>
/// m' = β1*m + (1-β1)*g              m starts at 0
/// v' = β2*v + (1-β2)*g²             v starts at 0
/// m̂ = m'/(1-β1^t),   v̂ = v'/(1-β2^t)
/// ρ∞ = 2/(1-β2) - 1,  ρ_t = ρ∞ - 2*t*β2^t/(1-β2^t)
/// ρ_t &gt; threshold:  r_t = sqrt((ρ_t-4)*(ρ_t-2)*ρ∞ / ((ρ∞-4)*(ρ∞-2)*ρ_t)),   Δ = η * r_t * m̂/(sqrt(v̂) + ϵ)
/// otherwise:         Δ = η * m̂                    (the variance is not yet tractable: momentum SGD)
/// p' = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>η == eta</c>: the learning rate, finite and ≥ 0 (default 0.001).</item>
/// <item><c>β1 == beta1</c>, <c>β2 == beta2</c>: decays of the moments, in [0, 1) (defaults 0.9, 0.999).</item>
/// <item><c>ϵ == epsilon</c>: added to the denominator, finite and &gt; 0 (default 1e-8).</item>
/// <item><c>threshold</c>: the ρ_t above which the adaptive step is used, ≥ 0 (default 5, as Optax; Optimisers.jl uses 4).</item>
/// </list>
/// Closed form, constant gradient <c>g</c>: <c>m̂ = g</c>, <c>v̂ = g²</c>, so step t is
/// <c>η*r_t*g/(|g| + ϵ)</c> once rectified and <c>η*g</c> before (with the defaults, the first 5 steps).
/// State: <c>m</c> and <c>v</c> per parameter (<see cref="RAdamState"/>).
/// </remarks>
public sealed record RAdam : SlotRule<RAdamState, MomentSlots>
{
    /// <summary>RAdam with the given hyperparameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it and its value.</exception>
    public RAdam(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double threshold = 5)
    {
        Eta = Hyperparameters.LearningRate("RAdam", nameof(eta), eta);
        Beta1 = Hyperparameters.UnitInterval("RAdam", nameof(beta1), beta1);
        Beta2 = Hyperparameters.UnitInterval("RAdam", nameof(beta2), beta2);
        Epsilon = Hyperparameters.DivisorGuard("RAdam", nameof(epsilon), epsilon);
        Threshold = Hyperparameters.NonNegative("RAdam", nameof(threshold), threshold);
    }

    /// <summary>η, the learning rate.</summary>
    public double Eta { get; }

    /// <summary>β1, the decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>β2, the decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>ϵ, added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>The ρ_t above which the rectified adaptive step is taken.</summary>
    public double Threshold { get; }

    /// <summary>The rectification of step <paramref name="t"/>: <c>r_t</c> when <c>ρ_t &gt; threshold</c>, else null (an unadapted step).</summary>
    public double? Rectification(long t)
    {
        var rhoInf = 2 / (1 - Beta2) - 1;
        var b2t = Math.Pow(Beta2, t);
        var rho = rhoInf - 2 * t * b2t / (1 - b2t);
        return rho > Threshold ? Math.Sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho)) : null;
    }

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList =>
        [("eta", Eta), ("beta1", Beta1), ("beta2", Beta2), ("epsilon", Epsilon), ("threshold", Threshold)];

    private protected override IOptimiser Rebuild(Func<string, double> value) =>
        new RAdam(value("eta"), value("beta1"), value("beta2"), value("epsilon"), value("threshold"));

    private protected override string Kind => RAdamState.KindName;

    private protected override RAdamState NewState(long stepCount, ImmutableDictionary<ParamId, MomentSlots> slots) => new(stepCount, slots);

    private protected override MomentSlots InitSlots(Param p) => MomentSlots.Zeros(p.Shape);

    private protected override MomentSlots Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, MomentSlots slots, double[] output)
    {
        var (m, v) = (NewArray(p.Length), NewArray(p.Length));
        Run(new Formula<TEmit>(Eta, Beta1, Beta2, Epsilon, context.T, Rectification(context.T)), p.Span, g.Span, slots.M.Span, slots.V.Span, output, m, v);
        return new(Tensor.Own(p.Shape, m), Tensor.Own(p.Shape, v));
    }

    private readonly struct Formula<TEmit>(double eta, double beta1, double beta2, double epsilon, long t, double? r) : IFormula2
        where TEmit : struct, IEmit
    {
        private readonly V _eta = Splat(eta), _epsilon = Splat(epsilon), _r = Splat(r ?? 0);
        private readonly bool _rectified = r.HasValue;
        private readonly V _beta1 = Splat(beta1), _oneMinusBeta1 = Splat(1 - beta1), _correction1 = Splat(1 - Math.Pow(beta1, t));
        private readonly V _beta2 = Splat(beta2), _oneMinusBeta2 = Splat(1 - beta2), _correction2 = Splat(1 - Math.Pow(beta2, t));

        public void Apply(V p, V g, V m, V v, out V o, out V m2, out V v2)
        {
            m2 = _beta1 * m + _oneMinusBeta1 * g;
            v2 = _beta2 * v + _oneMinusBeta2 * (g * g);
            var mHat = m2 / _correction1;
            var delta = _rectified ? _eta * _r * mHat / (Vector256.Sqrt(v2 / _correction2) + _epsilon) : _eta * mHat;
            o = TEmit.Out(p, delta);
        }
    }
}

/// <summary>The state of <see cref="RAdam"/>: the step count and each parameter's <c>m</c> and <c>v</c>.</summary>
public sealed record RAdamState : SlotState<MomentSlots>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "RAdam";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public RAdamState(long stepCount, ImmutableDictionary<ParamId, MomentSlots> slots) : base(stepCount, slots) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
