using FsCheck.Xunit;
using Xunit;
using static Flux.Optimisers;

namespace Flux.Tests.Optimisation;

/// <summary>Each schedule equals its closed form (as its XML docs state it), at random arguments and steps; and the closed forms of the toolkit's rules.</summary>
public class ScheduleProperties
{
    private static void Close(double expected, double actual, string what) => Compare.Close(expected, actual, Math.Abs(expected), 1e-12, what);

    private static IEnumerable<long> Steps(Draw d) => Enumerable.Range(0, 20).Select(_ => (long)d.Int(1, 400)).Append(1);

    [Property(MaxTest = 50)]
    public void EachScheduleEqualsItsClosedForm(int seed)
    {
        var d = new Draw(seed);
        var (init, end, rate, power) = (d.Uniform(-2, 2), d.Uniform(-2, 2), d.Uniform(0, 1.5), d.Uniform(0, 3));
        var (steps, every, alpha) = ((long)d.Int(1, 100), (long)d.Int(1, 50), d.Uniform(0, 1));
        foreach (var t in Steps(d))
        {
            var c = Math.Min(t - 1, steps);
            Close(init, Schedules.Constant(init).At(t), $"Constant at {t}");
            Close(init * Math.Pow(rate, Math.Floor((t - 1) / (double)every)), Schedules.Step(init, rate, every).At(t), $"Step at {t}");
            Close(init * Math.Pow(rate, (t - 1) / (double)steps), Schedules.Exponential(init, rate, steps).At(t), $"Exponential at {t}");
            Close(init / Math.Pow(1 + rate * (t - 1), power), Schedules.Inverse(init, rate, power).At(t), $"Inverse at {t}");
            Close((init - end) * Math.Pow(1 - c / (double)steps, power) + end, Schedules.Polynomial(init, end, power, steps).At(t), $"Polynomial at {t}");
            Close(init * ((1 - alpha) * 0.5 * (1 + Math.Cos(Math.PI * c / steps)) + alpha), Schedules.Cosine(init, steps, alpha).At(t), $"Cosine at {t}");
            Close(init + (end - init) * c / steps, Schedules.Linear(init, end, steps).At(t), $"Linear at {t}");
            Close(init * Math.Min(t, steps) / steps, Schedules.Warmup(init, steps).At(t), $"Warmup at {t}");
        }
    }

    [Property(MaxTest = 50)]
    public void PiecewiseJoinAndWarmupCosineEqualTheirClosedForms(int seed)
    {
        var d = new Draw(seed);
        var init = d.Uniform(0.1, 2);
        var b1 = (long)d.Int(1, 50);
        var b2 = b1 + d.Int(1, 50);
        var (s1, s2) = (d.Uniform(0, 1), d.Uniform(0, 1));
        var piecewise = Schedules.Piecewise(init, (b1, s1), (b2, s2));
        var (a, b, c) = (Schedules.Constant(d.Uniform(-1, 1)), Schedules.Linear(d.Uniform(-1, 1), d.Uniform(-1, 1), d.Int(1, 30)), Schedules.Cosine(d.Uniform(0, 1), d.Int(1, 30)));
        var join = Schedules.Join([a, b, c], [b1, b2]);
        var (peak, w, decay) = (d.Uniform(0.01, 1), (long)d.Int(1, 30), (long)d.Int(1, 100));
        var end = d.Uniform(0, peak);
        var wc = Schedules.WarmupCosine(peak, w, decay, end);
        foreach (var t in Steps(d).Concat([b1, b1 + 1, b2, b2 + 1, w, w + 1, w + decay, w + decay + 1]))
        {
            Close(init * (t > b1 ? s1 : 1) * (t > b2 ? s2 : 1), piecewise.At(t), $"Piecewise at {t}");
            var expected = t <= b1 ? a.At(t) : t <= b2 ? b.At(t - b1) : c.At(t - b2);
            Close(expected, join.At(t), $"Join at {t}");
            var alpha = end / peak;
            var cosine = peak * ((1 - alpha) * (1 + Math.Cos(Math.PI * Math.Min(t - w - 1, decay) / decay)) / 2 + alpha);
            Close(t <= w ? peak * t / w : cosine, wc.At(t), $"WarmupCosine at {t}");
        }
        Close(end, wc.At(w + decay + 1), "WarmupCosine ends at end");
        Close(peak, wc.At(w), "WarmupCosine peaks at w");
    }

    [Fact]
    public void SchedulesRefuseStepsBelowOneAndBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedules.Constant(1).At(0));
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => Schedules.Cosine(1, 0)).ParamName);
        Assert.Throws<ArgumentException>(() => Schedules.Join([Schedules.Constant(1)], [3]));
        Assert.Throws<ArgumentException>(() => Schedules.Piecewise(1, (5, 0.5), (5, 0.5)));
        Assert.Equal("init", Assert.Throws<ArgumentOutOfRangeException>(() => Schedules.Linear(double.NaN, 1, 3)).ParamName);
    }

    // Closed forms of the toolkit's rules under a constant gradient g (per element, g ≠ 0).

    private static (Params Ps, Grads G) Constant(Draw d)
    {
        var p = new Param("p", d.Tensor([d.Int(1, 9)], () => d.Uniform(-3, 3)));
        return (Params.Of(p), Grads.Of((p, d.Tensor([p.Value.Length], d.NonZero))));
    }

    private static Params Steps(IOptimiser opt, Params ps, Grads g, int n)
    {
        var state = opt.Init(ps);
        for (var k = 0; k < n; k++) (state, ps) = opt.Step(state, ps, Grads.Of((ps[0], g.First().Value)));
        return ps;
    }

    [Property(MaxTest = 50)]
    public void OAdamMovesTwiceTheAdamStepFirstThenOnce(int seed)
    {
        var d = new Draw(seed);
        var (ps, g) = Constant(d);
        var (n, eta) = (d.Int(1, 20), Math.Pow(10, d.Uniform(-4, -1)));
        var after = Steps(OAdam(eta), ps, g, n)[0].Value;
        for (var i = 0; i < after.Length; i++)
        {
            var gi = g.First().Value[i];
            var a = eta * gi / (Math.Abs(gi) + 1e-8);
            Compare.Close(ps[0].Value[i] - (n + 1) * a, after[i], Math.Abs(ps[0].Value[i]) + n * eta, 1e-9, $"OAdam element {i}");
        }
    }

    [Property(MaxTest = 50)]
    public void LionMovesEtaTimesTheSignEveryStep(int seed)
    {
        var d = new Draw(seed);
        var (ps, g) = Constant(d);
        var (n, eta) = (d.Int(1, 20), Math.Pow(10, d.Uniform(-4, -1)));
        var after = Steps(Lion(eta, d.Uniform(0, 0.99), d.Uniform(0, 0.99)), ps, g, n)[0].Value;
        for (var i = 0; i < after.Length; i++)
            Compare.Close(ps[0].Value[i] - n * eta * Math.Sign(g.First().Value[i]), after[i], Math.Abs(ps[0].Value[i]) + n * eta, 1e-12, $"Lion element {i}");
    }

    [Property(MaxTest = 50)]
    public void RpropGrowsItsStepGeometricallyUpToTheBound(int seed)
    {
        var d = new Draw(seed);
        var (ps, g) = Constant(d);
        var (n, eta, max) = (d.Int(1, 30), Math.Pow(10, d.Uniform(-4, -1)), d.Uniform(0.1, 1));
        var after = Steps(Rprop(eta, maxStep: max), ps, g, n)[0].Value;
        for (var i = 0; i < after.Length; i++)
        {
            var moved = Enumerable.Range(1, n).Sum(t => Math.Min(eta * Math.Pow(1.2, t - 1), max));
            Compare.Close(ps[0].Value[i] - moved * Math.Sign(g.First().Value[i]), after[i], Math.Abs(ps[0].Value[i]) + moved, 1e-12, $"Rprop element {i}");
        }
    }

    [Fact]
    public void RpropStandsStillAfterASignFlipThenShrinks()
    {
        var p = new Param("p", Tensor.Vector(0.0));
        var opt = Rprop(eta: 0.1);
        var (state, ps) = (opt.Init(Params.Of(p)), Params.Of(p));
        (state, ps) = opt.Step(state, ps, Grads.Of((ps[0], Tensor.Vector(1.0))));   // -0.1
        (state, ps) = opt.Step(state, ps, Grads.Of((ps[0], Tensor.Vector(-1.0))));  // flip: no move, step 0.05
        Assert.Equal(-0.1, ps[0].Value[0], 15);
        (_, ps) = opt.Step(state, ps, Grads.Of((ps[0], Tensor.Vector(-1.0))));      // +0.05
        Assert.Equal(-0.05, ps[0].Value[0], 15);
    }

    [Property(MaxTest = 50)]
    public void RAdamIsMomentumSgdUntilRectifiedThenScaledAdam(int seed)
    {
        var d = new Draw(seed);
        var (ps, g) = Constant(d);
        var (n, eta) = (d.Int(1, 20), Math.Pow(10, d.Uniform(-4, -1)));
        var opt = RAdam(eta);
        var after = Steps(opt, ps, g, n)[0].Value;
        for (var i = 0; i < after.Length; i++)
        {
            var gi = g.First().Value[i];
            var moved = Enumerable.Range(1, n).Sum(t => opt.Rectification(t) is { } r ? eta * r * gi / (Math.Abs(gi) + 1e-8) : eta * gi);
            Compare.Close(ps[0].Value[i] - moved, after[i], Math.Abs(ps[0].Value[i]) + n * eta * Math.Abs(gi), 1e-9, $"RAdam element {i}");
        }
        Assert.Null(opt.Rectification(1));
    }

    [Property(MaxTest = 50)]
    public void AdaBeliefsFirstStepHasItsClosedForm(int seed)
    {
        var d = new Draw(seed);
        var (ps, g) = Constant(d);
        var (eta, b1, b2) = (Math.Pow(10, d.Uniform(-4, -1)), d.Uniform(0.1, 0.99), d.Uniform(0, 0.999));
        var after = Steps(AdaBelief(eta, b1, b2), ps, g, 1)[0].Value;
        for (var i = 0; i < after.Length; i++)
        {
            var gi = g.First().Value[i];
            var expected = ps[0].Value[i] - eta * gi / (Math.Sqrt(b1 * b1 * gi * gi + 1e-16 / (1 - b2)) + 1e-16);
            Compare.Close(expected, after[i], Math.Abs(ps[0].Value[i]) + eta / b1, 1e-9, $"AdaBelief element {i}");
        }
    }

    [Property(MaxTest = 50)]
    public void AdamWTorchIsAdamWithDecayEtaLambdaAndAdamWithoutDecay(int seed)
    {
        var d = new Draw(seed);
        var (ps, g) = Constant(d);
        var (n, eta, lambda) = (d.Int(1, 10), Math.Pow(10, d.Uniform(-4, -1)), d.Uniform(0, 0.1));
        var torch = Steps(AdamWTorch(eta, weightDecay: lambda), ps, g, n)[0].Value;
        var flux = Steps(ADAMW(eta, decay: eta * lambda), ps, g, n)[0].Value;
        for (var i = 0; i < torch.Length; i++) Compare.Close(flux[i], torch[i], Math.Abs(flux[i]) + n * eta, 1e-12, $"element {i}");
        Compare.Bits(Steps(ADAM(eta), ps, g, n)[0].Value, Steps(AdamWTorch(eta, weightDecay: 0), ps, g, n)[0].Value, "λ = 0");
    }
}
