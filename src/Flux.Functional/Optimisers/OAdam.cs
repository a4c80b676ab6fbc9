using System.Collections.Immutable;
using System.Runtime.Intrinsics;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>OAdam(η = 0.001, β1 = 0.5, β2 = 0.9, ϵ = 1e-8)</c>: optimistic ADAM (Daskalakis et al. 2018;
/// Optimisers.jl's <c>OAdam</c>), which extrapolates by taking twice this step's ADAM step minus
/// the last one's.
/// <code>
/// m' = β1*m + (1-β1)*g                      m starts at 0
/// v' = β2*v + (1-β2)*g²                     v starts at 0
/// a' = η * (m'/(1-β1^t)) / (sqrt(v'/(1-β2^t)) + ϵ)   the ADAM step; a starts at 0
/// Δ  = 2*a' - a
/// p' = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>η == eta</c>: the learning rate, finite and ≥ 0 (default 0.001).</item>
/// <item><c>β1 == beta1</c>, <c>β2 == beta2</c>: decays of the moments, in [0, 1) (defaults 0.5, 0.9, as Optimisers.jl).</item>
/// <item><c>ϵ == epsilon</c>: added to the denominator, finite and &gt; 0 (default 1e-8).</item>
/// </list>
/// Closed form, constant gradient <c>g</c>: every ADAM step is <c>a = η*g/(|g| + ϵ)</c>, so the first
/// step is <c>2a</c> and every later one <c>a</c>: <c>p_n = p0 - (n + 1)*a</c>.
/// State: <c>m</c>, <c>v</c> and the last ADAM step <c>a</c> per parameter (<see cref="OAdamState"/>).
/// </remarks>
public sealed record OAdam : SlotRule<OAdamState, OptimisticSlots>
{
    /// <summary>OAdam with the given hyperparameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it and its value.</exception>
    public OAdam(double eta = 0.001, double beta1 = 0.5, double beta2 = 0.9, double epsilon = 1e-8)
    {
        Eta = Hyperparameters.LearningRate("OAdam", nameof(eta), eta);
        Beta1 = Hyperparameters.UnitInterval("OAdam", nameof(beta1), beta1);
        Beta2 = Hyperparameters.UnitInterval("OAdam", nameof(beta2), beta2);
        Epsilon = Hyperparameters.DivisorGuard("OAdam", nameof(epsilon), epsilon);
    }

    /// <summary>η, the learning rate.</summary>
    public double Eta { get; }

    /// <summary>β1, the decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>β2, the decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>ϵ, added to the denominator.</summary>
    public double Epsilon { get; }

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList =>
        [("eta", Eta), ("beta1", Beta1), ("beta2", Beta2), ("epsilon", Epsilon)];

    private protected override IOptimiser Rebuild(Func<string, double> value) =>
        new OAdam(value("eta"), value("beta1"), value("beta2"), value("epsilon"));

    private protected override string Kind => OAdamState.KindName;

    private protected override OAdamState NewState(long stepCount, ImmutableDictionary<ParamId, OptimisticSlots> slots) => new(stepCount, slots);

    private protected override OptimisticSlots InitSlots(Param p) => new(Tensor.Zeros(p.Shape), Tensor.Zeros(p.Shape), Tensor.Zeros(p.Shape));

    private protected override OptimisticSlots Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, OptimisticSlots slots, double[] output)
    {
        var (m, v, a) = (NewArray(p.Length), NewArray(p.Length), NewArray(p.Length));
        Run(new Formula<TEmit>(Eta, Beta1, Beta2, Epsilon, context.T), p.Span, g.Span, slots.M.Span, slots.V.Span, slots.A.Span, output, m, v, a);
        return new(Tensor.Own(p.Shape, m), Tensor.Own(p.Shape, v), Tensor.Own(p.Shape, a));
    }

    private readonly struct Formula<TEmit>(double eta, double beta1, double beta2, double epsilon, long t) : IFormula3
        where TEmit : struct, IEmit
    {
        private readonly V _eta = Splat(eta), _epsilon = Splat(epsilon), _two = Splat(2);
        private readonly V _beta1 = Splat(beta1), _oneMinusBeta1 = Splat(1 - beta1), _correction1 = Splat(1 - Math.Pow(beta1, t));
        private readonly V _beta2 = Splat(beta2), _oneMinusBeta2 = Splat(1 - beta2), _correction2 = Splat(1 - Math.Pow(beta2, t));

        public void Apply(V p, V g, V m, V v, V a, out V o, out V m2, out V v2, out V a2)
        {
            m2 = _beta1 * m + _oneMinusBeta1 * g;
            v2 = _beta2 * v + _oneMinusBeta2 * (g * g);
            a2 = _eta * (m2 / _correction1) / (Vector256.Sqrt(v2 / _correction2) + _epsilon);
            o = TEmit.Out(p, _two * a2 - a);
        }
    }
}

/// <summary>The per-parameter slots of <see cref="OAdam"/>.</summary>
/// <param name="M">The first moment, slot <c>"m"</c>.</param>
/// <param name="V">The second moment, slot <c>"v"</c>.</param>
/// <param name="A">The last ADAM step, slot <c>"a"</c>.</param>
public readonly record struct OptimisticSlots(Tensor M, Tensor V, Tensor A) : ISlots<OptimisticSlots>
{
    /// <inheritdoc/>
    public static ImmutableArray<string> Names { get; } = ["m", "v", "a"];

    /// <inheritdoc/>
    public ImmutableArray<Tensor> ToTensors() => [M, V, A];

    /// <inheritdoc/>
    public static OptimisticSlots FromTensors(ImmutableArray<Tensor> tensors) => new(tensors[0], tensors[1], tensors[2]);
}

/// <summary>The state of <see cref="OAdam"/>: the step count and each parameter's <c>m</c>, <c>v</c> and <c>a</c>.</summary>
public sealed record OAdamState : SlotState<OptimisticSlots>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "OAdam";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public OAdamState(long stepCount, ImmutableDictionary<ParamId, OptimisticSlots> slots) : base(stepCount, slots) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
