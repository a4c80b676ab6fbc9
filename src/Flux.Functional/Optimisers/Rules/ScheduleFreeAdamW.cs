using Flux.Kernels;
using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>ScheduleFreeAdamW</c>: AdamW without momentum or a learning-rate schedule, by interpolation and
/// averaging (Defazio et al. 2024; Optax's <c>contrib.schedule_free_adamw</c>). With <c>y</c> the
/// parameters (where the gradient <c>g</c> is taken):
/// <code>
/// η_z   = η * min(t-1, W)/W,   η_c = η * min(t, W)/W      (both η when W = 0)
/// η̂'    = max(η̂, η_c),   S' = S + η̂'^r,   c = η̂'^r / S'   (c = 0 when S' = 0)
/// v'    = β2*v + (1-β2)*g²                                 v starts at 0
/// u     = g / (sqrt(v'/(1-β2^t)) + ϵ) + λ*y                 decoupled weight decay, at y
/// z'    = z - η_z * u                                      z starts at the parameters
/// x'    = (1-c)*x + c*z'                                   x starts at the parameters
/// y'    = β1*x' + (1-β1)*z'
/// p'    = y'                                               evaluate and save x (EvaluationParams)
/// </code>
/// </summary>
/// <remarks>
/// <para>Hyperparameters (Optax's defaults): <c>η == eta</c> (0.0025), <c>W == warmupSteps</c> (0,
/// no warm-up), <c>β1 == beta1</c> (0.9, the interpolation), <c>β2 == beta2</c> (0.999),
/// <c>ϵ == epsilon</c> (1e-8, outside the square root), <c>λ == weightDecay</c> (0, multiplied by
/// η as in Optax and PyTorch), <c>r == weightLrPower</c> (2). The second moment is ADAM's, bias
/// corrected; there is no first moment (β1 interpolates instead). The weight <c>c</c> uses the
/// scheduled η, not the bias-corrected one PyTorch's reference weighs with.</para>
/// <para>State: <see cref="ScheduleFreeState"/> (slots <c>z</c>, <c>x</c>, <c>v</c>; scalars
/// <c>S</c> and <c>η̂</c>). The conventions shared with <see cref="ScheduleFreeSGD"/> are on
/// <see cref="ScheduleFree"/>. One fused pass per parameter reads <c>y, g, z, x, v</c> and writes
/// <c>y', z', x', v'</c>.</para>
/// </remarks>
public sealed record ScheduleFreeAdamW : ScheduleFree
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("ScheduleFreeAdamW", "AdamW without a schedule: interpolation and averaging instead of momentum", ["z", "x", "v"],
        Hyperparameter.Eta(0.0025), ScheduleFreeHyperparameters.WarmupSteps, ScheduleFreeHyperparameters.Beta1, Hyperparameter.Beta2(0.999),
        Hyperparameter.Epsilon(1e-8), ScheduleFreeHyperparameters.WeightDecay, ScheduleFreeHyperparameters.WeightLrPower);

    /// <summary>ScheduleFreeAdamW with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public ScheduleFreeAdamW(double? eta = null, double? warmupSteps = null, double? beta1 = null, double? beta2 = null, double? epsilon = null,
        double? weightDecay = null, double? weightLrPower = null)
        : base(Declared, eta, warmupSteps, beta1, beta2, epsilon, weightDecay, weightLrPower) { }

    private protected override ImmutableArray<Tensor> Kernel(in ScheduleFreeStep step, Tensor y, Tensor g, ImmutableArray<Tensor> slots, Array output, bool emitParams) =>
        ThreeSlotsInDouble(new Formula<double>(step, this["beta2"], this["epsilon"], this["weightDecay"], emitParams), y, g, slots, output);

    private readonly struct Formula<T>(ScheduleFreeStep step, double beta2, double epsilon, double lambda, bool emitParams) : IFormula3<T>
    {
        private readonly Vector256<T> _eta = Splat<T>(step.Eta), _c = Splat<T>(step.C), _keep = Splat<T>(1 - step.C);
        private readonly MovingAverage<T> _interpolation = new(step.Beta1), _v = new(beta2, step.T);
        private readonly Vector256<T> _epsilon = Splat<T>(epsilon), _lambda = Splat<T>(lambda);
        private readonly bool _decay = lambda != 0, _emitParams = emitParams;

        public void Apply(Vector256<T> y, Vector256<T> g, Vector256<T> z, Vector256<T> x, Vector256<T> v, out Vector256<T> o, out Vector256<T> z2, out Vector256<T> x2, out Vector256<T> v2)
        {
            v2 = _v.Next(v, g * g);
            var u = g / (Vector256.Sqrt(_v.Unbiased(v2)) + _epsilon);
            if (_decay) u += _lambda * y;
            z2 = z - _eta * u;
            x2 = _keep * x + _c * z2;
            var y2 = _interpolation.Next(x2, z2);
            o = _emitParams ? y2 : y - y2;
        }
    }
}
