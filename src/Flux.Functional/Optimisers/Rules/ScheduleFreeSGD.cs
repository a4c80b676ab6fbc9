using Flux.Kernels;
using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>ScheduleFreeSGD</c>: gradient descent without a learning-rate schedule, by interpolation and
/// averaging in place of momentum (Defazio et al. 2024; Optax's <c>contrib.schedule_free_sgd</c>).
/// With <c>y</c> the parameters (where the gradient <c>g</c> is taken):
/// <code>
/// η_z   = η * min(t-1, W)/W,   η_c = η * min(t, W)/W      (both η when W = 0)
/// η̂'    = max(η̂, η_c),   S' = S + η̂'^r,   c = η̂'^r / S'   (c = 0 when S' = 0)
/// z'    = z - η_z * (g + λ*y)                              z starts at the parameters
/// x'    = (1-c)*x + c*z'                                   x starts at the parameters
/// y'    = β1*x' + (1-β1)*z'
/// p'    = y'                                               evaluate and save x (EvaluationParams)
/// </code>
/// </summary>
/// <remarks>
/// <para>Hyperparameters (Optax's defaults): <c>η == eta</c> (1), <c>W == warmupSteps</c> (0, no
/// warm-up), <c>β1 == beta1</c> (0.9), <c>λ == weightDecay</c> (0: Optax's <c>None</c>; the decay
/// is added to the gradient at <c>y</c> and so scaled by η), <c>r == weightLrPower</c> (2). With a
/// constant η, <c>c = 1/t</c> and <c>x</c> is the running mean of the <c>z</c>'s.</para>
/// <para>State: <see cref="ScheduleFreeState"/> (slots <c>z</c>, <c>x</c>; scalars <c>S</c> and
/// <c>η̂</c>). The conventions shared with <see cref="ScheduleFreeAdamW"/> are on
/// <see cref="ScheduleFree"/>. One fused pass per parameter reads <c>y, g, z, x</c> and writes
/// <c>y', z', x'</c>.</para>
/// </remarks>
public sealed record ScheduleFreeSGD : ScheduleFree
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("ScheduleFreeSGD", "SGD without a schedule: interpolation and averaging instead of momentum", ["z", "x"],
        Hyperparameter.Eta(1.0), ScheduleFreeHyperparameters.WarmupSteps, ScheduleFreeHyperparameters.Beta1, ScheduleFreeHyperparameters.WeightDecay, ScheduleFreeHyperparameters.WeightLrPower);

    /// <summary>ScheduleFreeSGD with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public ScheduleFreeSGD(double? eta = null, double? warmupSteps = null, double? beta1 = null, double? weightDecay = null, double? weightLrPower = null)
        : base(Declared, eta, warmupSteps, beta1, weightDecay, weightLrPower) { }

    private protected override ImmutableArray<Tensor> Kernel(in ScheduleFreeStep step, Tensor y, Tensor g, ImmutableArray<Tensor> slots, Array output, bool emitParams) =>
        TwoSlotsInDouble(new Formula<double>(step, this["weightDecay"], emitParams), y, g, slots, output);

    private readonly struct Formula<T>(ScheduleFreeStep step, double lambda, bool emitParams) : IFormula2<T>
    {
        private readonly Vector256<T> _eta = Splat<T>(step.Eta), _c = Splat<T>(step.C), _keep = Splat<T>(1 - step.C);
        private readonly Vector256<T> _lambda = Splat<T>(lambda);
        private readonly MovingAverage<T> _interpolation = new(step.Beta1);
        private readonly bool _decay = lambda != 0, _emitParams = emitParams;

        public void Apply(Vector256<T> y, Vector256<T> g, Vector256<T> z, Vector256<T> x, out Vector256<T> o, out Vector256<T> z2, out Vector256<T> x2)
        {
            var u = _decay ? g + _lambda * y : g;
            z2 = z - _eta * u;
            x2 = _keep * x + _c * z2;
            var y2 = _interpolation.Next(x2, z2);
            o = _emitParams ? y2 : y - y2;
        }
    }
}
