using FsCheck.Xunit;
using Xunit;
using static Flux.Optimisers;

namespace Flux.Tests.Optimisation;

/// <summary>
/// The closed forms of OPTIMISERS.md: with a constant gradient <c>g</c> (every element non-zero)
/// from a start <c>p0</c>, after <c>n</c> steps. Gradients, starts, step counts and hyperparameters
/// are random; comparisons are relative to the magnitude of the numbers involved: 1e-9 in float64,
/// and in float32 1e-5 (forty steps, each rounding the parameter and the state once to 2⁻²⁴).
/// Every property runs in both element types (the subclasses below).
/// </summary>
public abstract class ClosedFormProperties(ElementType type)
{
    private readonly double Tolerance = type == ElementType.Float32 ? 1e-5 : 1e-9;

    // The start and the gradient in the type under test; the closed forms read them back as doubles (exactly).
    private (Param P, Params Ps, Grads G, double[] P0, double[] Gs, int N) Setup(Draw d, int maxSteps = 40)
    {
        var shape = d.Shape();
        var p = new Param("p", d.Tensor(shape, () => d.Uniform(-5, 5)).ToElementType(type));
        var g = d.Tensor(shape, d.NonZero).ToElementType(type);
        return (p, Params.Of(p), Grads.Of((p, g)), p.Value.ToArray(), g.ToArray(), d.Int(1, maxSteps));
    }

    private static (OptimiserState State, Params Ps) Run(IOptimiser opt, Params ps, Grads g, int n)
    {
        var state = opt.Init(ps);
        for (var k = 0; k < n; k++) (state, ps) = opt.Step(state, ps, g);
        return (state, ps);
    }

    private static double S(double decay, int t) => 1 / (1 + decay * (t - 1));

    [Property(MaxTest = 100)]
    public void SgdMovesByNEtaG(int seed)
    {
        var d = new Draw(seed);
        var (_, ps, g, p0, gs, n) = Setup(d);
        var eta = d.Uniform(1e-4, 1);
        var p = Run(SGD(eta), ps, g, n).Ps[0].Value.ToArray();
        for (var i = 0; i < p.Length; i++)
            Compare.Close(p0[i] - n * eta * gs[i], p[i], Math.Abs(p0[i]) + n * eta * Math.Abs(gs[i]), Tolerance, $"SGD element {i}");
    }

    [Property(MaxTest = 100)]
    public void SgdWithInverseDecayMovesByTheHarmonicSum(int seed)
    {
        var d = new Draw(seed);
        var (_, ps, g, p0, gs, n) = Setup(d);
        var (eta, decay) = (d.Uniform(1e-4, 1), d.Uniform(0, 2));
        var p = Run(SGD(eta, decay), ps, g, n).Ps[0].Value.ToArray();
        var sum = Enumerable.Range(0, n).Sum(k => 1 / (1 + decay * k));
        for (var i = 0; i < p.Length; i++)
            Compare.Close(p0[i] - eta * gs[i] * sum, p[i], Math.Abs(p0[i]) + n * eta * Math.Abs(gs[i]), Tolerance, $"SGD decay element {i}");
    }

    [Property(MaxTest = 100)]
    public void MomentumFollowsItsGeometricSeries(int seed)
    {
        var d = new Draw(seed);
        var (p, ps, g, p0, gs, n) = Setup(d);
        var (eta, rho) = (d.Uniform(1e-4, 0.5), d.Uniform(0, 0.99));
        var (state, after) = Run(Momentum(eta, rho), ps, g, n);
        var (v, pn) = (((RuleState)state)[p, "v"].ToArray(), after[0].Value.ToArray());
        var rn = Math.Pow(rho, n);
        for (var i = 0; i < pn.Length; i++)
        {
            var scale = Math.Abs(p0[i]) + n * eta * Math.Abs(gs[i]) / (1 - rho);
            Compare.Close(-eta * gs[i] * (1 - rn) / (1 - rho), v[i], eta * Math.Abs(gs[i]) / (1 - rho), Tolerance, $"Momentum v element {i}");
            Compare.Close(p0[i] - eta * gs[i] / (1 - rho) * (n - rho * (1 - rn) / (1 - rho)), pn[i], scale, Tolerance, $"Momentum p element {i}");
        }
    }

    [Property(MaxTest = 100)]
    public void AdamStepsByEtaGOverAbsGPlusEpsilon(int seed)
    {
        var d = new Draw(seed);
        var (_, ps, g, p0, gs, n) = Setup(d);
        var h = d.Hyper();
        var p = Run(ADAM(h.Eta, h.Beta1, h.Beta2, h.Epsilon, h.Decay), ps, g, n).Ps[0].Value.ToArray();
        var sum = Enumerable.Range(1, n).Sum(t => S(h.Decay, t));
        for (var i = 0; i < p.Length; i++)
            Compare.Close(p0[i] - sum * h.Eta * gs[i] / (Math.Abs(gs[i]) + h.Epsilon), p[i], Math.Abs(p0[i]) + n * h.Eta, Tolerance, $"ADAM element {i}");
    }

    [Property(MaxTest = 100)]
    public void AdaMaxStepsByEtaGOverAbsGPlusEpsilon(int seed)
    {
        var d = new Draw(seed);
        var (p, ps, g, p0, gs, n) = Setup(d);
        var h = d.Hyper();
        var (state, after) = Run(AdaMax(h.Eta, h.Beta1, h.Beta2, h.Epsilon, h.Decay), ps, g, n);
        var (u, pn) = (((RuleState)state)[p, "u"].ToArray(), after[0].Value.ToArray());
        var sum = Enumerable.Range(1, n).Sum(t => S(h.Decay, t));
        for (var i = 0; i < pn.Length; i++)
        {
            Assert.Equal(Math.Abs(gs[i]), u[i]);
            Compare.Close(p0[i] - sum * h.Eta * gs[i] / (Math.Abs(gs[i]) + h.Epsilon), pn[i], Math.Abs(p0[i]) + n * h.Eta, Tolerance, $"AdaMax element {i}");
        }
    }

    [Property(MaxTest = 100)]
    public void RmsPropAccumulatesGSquaredTimesOneMinusRhoToTheN(int seed)
    {
        var d = new Draw(seed);
        var (p, ps, g, p0, gs, n) = Setup(d);
        var h = d.Hyper();
        var (state, after) = Run(RMSProp(h.Eta, h.Rho, h.Epsilon, h.Decay), ps, g, n);
        var (acc, pn) = (((RuleState)state)[p, "acc"].ToArray(), after[0].Value.ToArray());
        for (var i = 0; i < pn.Length; i++)
        {
            var g2 = gs[i] * gs[i];
            Compare.Close(g2 * (1 - Math.Pow(h.Rho, n)), acc[i], g2, Tolerance, $"RMSProp acc element {i}");
            var moved = Enumerable.Range(1, n).Sum(k => S(h.Decay, k) * h.Eta * gs[i] / (Math.Abs(gs[i]) * Math.Sqrt(1 - Math.Pow(h.Rho, k)) + h.Epsilon));
            Compare.Close(p0[i] - moved, pn[i], Math.Abs(p0[i]) + Math.Abs(moved), Tolerance, $"RMSProp p element {i}");
        }
    }

    [Property(MaxTest = 100)]
    public void AdaGradAccumulatesEpsilonPlusNGSquared(int seed)
    {
        var d = new Draw(seed);
        var (p, ps, g, p0, gs, n) = Setup(d);
        var h = d.Hyper();
        var (state, after) = Run(ADAGrad(h.Eta, h.Epsilon, h.Decay), ps, g, n);
        var (acc, pn) = (((RuleState)state)[p, "acc"].ToArray(), after[0].Value.ToArray());
        for (var i = 0; i < pn.Length; i++)
        {
            var g2 = gs[i] * gs[i];
            Compare.Close(h.Epsilon + n * g2, acc[i], n * g2, Tolerance, $"ADAGrad acc element {i}");
            var moved = Enumerable.Range(1, n).Sum(k => S(h.Decay, k) * h.Eta * gs[i] / Math.Sqrt(h.Epsilon + k * g2));
            Compare.Close(p0[i] - moved, pn[i], Math.Abs(p0[i]) + Math.Abs(moved), Tolerance, $"ADAGrad p element {i}");
        }
    }

    [Property(MaxTest = 100)]
    public void SgdOnAQuadraticContractsGeometrically(int seed)
    {
        // f(p) = a*p²/2 elementwise, so g = a*p and p_n = (1 - η*a)^n * p0.
        var d = new Draw(seed);
        var shape = d.Shape();
        var p = new Param("p", d.Tensor(shape, () => d.Uniform(-5, 5)));
        var (a, eta, n) = (d.Uniform(0.1, 10), 0.0, d.Int(1, 60));
        eta = d.Uniform(0.01, 1.9) / a;
        var ps = Params.Of(p);
        var opt = SGD(eta);
        var state = opt.Init(ps);
        for (var k = 0; k < n; k++) (state, ps) = opt.Step(state, ps, Grads.Of((ps[0], ps[0].Value * a)));
        var (p0, pn) = (p.Value.ToArray(), ps[0].Value.ToArray());
        for (var i = 0; i < pn.Length; i++)
            Compare.Close(Math.Pow(1 - eta * a, n) * p0[i], pn[i], Math.Abs(p0[i]), 1e-9 * n, $"SGD quadratic element {i}");
    }

    [Property(MaxTest = 100)]
    public void YogiGrowsItsSecondMomentByAConstantUntilItReachesGSquared(int seed)
    {
        // With g² > v₀ and n(1-β2) < 1, every step adds (1-β2)g² to v: v_t = v₀ + t(1-β2)g², and
        // m_t = g + (v₀ - g)β1^t, the running mean of a constant from v₀.
        var d = new Draw(seed);
        var (_, ps, g, p0, gs, n) = Setup(d);
        var (eta, beta1, beta2, epsilon) = (d.Uniform(1e-4, 0.1), d.Uniform(0, 0.99), d.Uniform(0.99, 0.999), d.Uniform(1e-4, 1e-2));
        const double v0 = 1e-6;
        var p = Run(new Yogi(eta, beta1, beta2, epsilon), ps, g, n).Ps[0].Value.ToArray();
        for (var i = 0; i < p.Length; i++)
        {
            var (gi, expected) = (gs[i], p0[i]);
            for (var t = 1; t <= n; t++)
            {
                var m = gi + (v0 - gi) * Math.Pow(beta1, t);
                var v = v0 + t * (1 - beta2) * gi * gi;
                expected -= eta * (m / (1 - Math.Pow(beta1, t))) / (Math.Sqrt(v / (1 - Math.Pow(beta2, t))) + epsilon);
            }
            Compare.Close(expected, p[i], Math.Abs(p0[i]) + n * eta * 1e3, Tolerance, $"Yogi element {i}");
        }
    }

    [Property(MaxTest = 100)]
    public void SignDecayBeforeSgdAddsLambdaTowardsZeroEachStep(int seed)
    {
        // Chain(SignDecay(λ), SGD(η)) with a constant g: p_n = p0 - nη(g + λ sign(p0)) while no element crosses 0.
        var d = new Draw(seed);
        var (_, ps, g, p0, gs, n) = Setup(d);
        var (eta, lambda) = (d.Uniform(1e-5, 1e-3), d.Uniform(0, 1));
        var p = Run(Chain(new SignDecay(lambda), SGD(eta)), ps, g, n).Ps[0].Value.ToArray();
        for (var i = 0; i < p.Length; i++)
        {
            if (Math.Abs(p0[i]) <= n * eta * (Math.Abs(gs[i]) + lambda)) continue;   // it might cross 0, where sign flips
            Compare.Close(p0[i] - n * eta * (gs[i] + lambda * Math.Sign(p0[i])), p[i], Math.Abs(p0[i]) + n * eta * (Math.Abs(gs[i]) + lambda), Tolerance, $"SignDecay element {i}");
        }
    }
}

/// <summary>The closed forms in float64.</summary>
public sealed class ClosedFormPropertiesFloat64() : ClosedFormProperties(ElementType.Float64);

/// <summary>The closed forms in float32.</summary>
public sealed class ClosedFormPropertiesFloat32() : ClosedFormProperties(ElementType.Float32);
