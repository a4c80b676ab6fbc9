using FsCheck.Xunit;
using Xunit;
using static Flux.Optimisers;

namespace Flux.Tests.Optimisation;

/// <summary>
/// Closed forms of <see cref="Lookahead"/>, <see cref="EMA"/> and <see cref="SWA"/>: Lookahead around SGD on a
/// quadratic and with a constant gradient, its limits α = 1 and k = 1; EMA's and SWA's steps are their inner
/// rule's bit for bit, EMA's average is the weighted sum of the trajectory and SWA's the mean of its averaged steps. Starts, gradients,
/// hyperparameters and step counts are random; comparisons are relative (1e-9).
/// </summary>
public class AveragingProperties
{
    private const double Tolerance = 1e-9;

    [Property(MaxTest = 100)]
    public void LookaheadAroundSgdOnAQuadraticContractsBy1MinusAlphaPlusAlphaTimesTheFastFactor(int seed)
    {
        // f(p) = a*p²/2: k fast steps multiply by (1 - η*a)^k, the slow step makes it 1 - α + α*(1 - η*a)^k.
        var d = new Draw(seed);
        var (a, eta, k, alpha) = (d.Uniform(0.1, 2), d.Uniform(1e-3, 0.5), d.Int(1, 6), d.Uniform(0.05, 1));
        var opt = Lookahead(SGD(eta), k, alpha);
        var p0 = d.Values(3, () => d.Uniform(-5, 5));
        var ps = Params.Of(new Param("p", Tensor.Vector(p0)));
        var state = opt.Init(ps);
        var n = d.Int(1, 30);
        for (var t = 1; t <= n; t++)
        {
            (state, ps) = opt.Step(state, ps, Grads.Of((ps[0], ps[0].Value * a)));
            var (j, i) = (t / k, t % k);
            var factor = Math.Pow(1 - alpha + alpha * Math.Pow(1 - eta * a, k), j) * Math.Pow(1 - eta * a, i);
            for (var e = 0; e < 3; e++)
                Compare.Close(factor * p0[e], ps[0].Value[e], Math.Abs(p0[e]), Tolerance, $"step {t}, element {e}");
        }
    }

    [Property(MaxTest = 100)]
    public void LookaheadAroundSgdWithAConstantGradientMovesByAlphaKEtaGPerCycle(int seed)
    {
        var d = new Draw(seed);
        var shape = d.Shape();
        var (eta, k, alpha, n) = (d.Uniform(1e-3, 1), d.Int(1, 6), d.Uniform(0.05, 1), d.Int(1, 30));
        var ps = Params.Of(new Param("p", d.Tensor(shape, () => d.Uniform(-5, 5))));
        var g = d.Tensor(shape, d.NonZero);
        var (p0, gs) = (ps[0].Value.ToArray(), g.ToArray());
        var opt = Lookahead(SGD(eta), k, alpha);
        var state = opt.Init(ps);
        for (var t = 0; t < n; t++) (state, ps) = opt.Step(state, ps, Grads.Of((ps[0], g)));
        var (j, i) = (n / k, n % k);
        var slow = opt.Slow(state, ps)[0].Value;
        for (var e = 0; e < p0.Length; e++)
        {
            var scale = Math.Abs(p0[e]) + n * eta * Math.Abs(gs[e]);
            Compare.Close(p0[e] - (j * alpha * k + i) * eta * gs[e], ps[0].Value[e], scale, Tolerance, $"fast element {e}");
            Compare.Close(p0[e] - j * alpha * k * eta * gs[e], slow[e], scale, Tolerance, $"slow element {e}");
        }
    }

    [Property(MaxTest = 50)]
    public void LookaheadWithAlpha1IsItsInnerRuleAndWithK1AroundSgdIsSgdWithEtaAlpha(int seed)
    {
        var d = new Draw(seed);
        var h = d.Hyper();
        var (k, alpha, eta) = (d.Int(1, 5), d.Uniform(0.05, 1), d.Uniform(1e-3, 0.5));
        var ps = Params.Of(new Param("W", d.Tensor([3, 2], () => d.Uniform(-2, 2))));
        var grads = Enumerable.Range(0, d.Int(1, 12)).Select(_ => d.Tensor([3, 2], d.NonZero)).ToArray();
        Same(Lookahead(ADAM(h.Eta, h.Beta1, h.Beta2, h.Epsilon), k, 1), ADAM(h.Eta, h.Beta1, h.Beta2, h.Epsilon));
        Same(Lookahead(SGD(eta), 1, alpha), SGD(eta * alpha));

        void Same(IOptimiser a, IOptimiser b)
        {
            var (pa, pb) = (ps, ps);
            var (sa, sb) = (a.Init(pa), b.Init(pb));
            foreach (var g in grads)
            {
                (sa, pa) = a.Step(sa, pa, Grads.Of((pa[0], g)));
                (sb, pb) = b.Step(sb, pb, Grads.Of((pb[0], g)));
            }
            for (var e = 0; e < 6; e++) Compare.Close(pb[0].Value[e], pa[0].Value[e], 1 + Math.Abs(pb[0].Value[e]), Tolerance, $"{a} element {e}");
        }
    }

    [Property(MaxTest = 100)]
    public void EmaStepsAreItsInnerRulesBitForBitAndItsAverageIsTheWeightedTrajectory(int seed)
    {
        var d = new Draw(seed);
        var h = d.Hyper();
        var (beta, debias) = (d.Coin() ? 0 : d.Uniform(0, 0.999), d.Coin());
        var inner = d.Coin() ? (IOptimiser)ADAM(h.Eta, h.Beta1, h.Beta2, h.Epsilon) : Momentum(h.Eta, h.Rho);
        var opt = EMA(inner, beta, debias);
        var shape = d.Shape();
        var ps = Params.Of(new Param("p", d.Tensor(shape, () => d.Uniform(-5, 5))));
        var (qs, state, innerState) = (ps, opt.Init(ps), inner.Init(ps));
        var trajectory = new List<double[]> { ps[0].Value.ToArray() };
        for (var t = 1; t <= d.Int(1, 25); t++)
        {
            var g = d.Tensor(shape, d.NonZero);
            (state, ps) = opt.Step(state, ps, Grads.Of((ps[0], g)));
            (innerState, qs) = inner.Step(innerState, qs, Grads.Of((qs[0], g)));
            Compare.Bits(qs[0].Value, ps[0].Value, $"step {t}");
            Assert.Equal(innerState.ToNode(), ((EMAState)state).Inner.ToNode());
            trajectory.Add(ps[0].Value.ToArray());
            var average = opt.Averaged(state, ps)[0];
            Assert.Equal(ps[0].Id, average.Id);
            for (var e = 0; e < average.Value.Length; e++)
            {
                // Σ_i β^(t-i) p_i over p_1 … p_t (normalised when debiased), plus β^t p_0 when not.
                double sum = 0, weights = 0, scale = 0;
                for (var i = 1; i <= t; i++)
                {
                    var w = (1 - beta) * Math.Pow(beta, t - i);
                    (sum, weights, scale) = (sum + w * trajectory[i][e], weights + w, scale + Math.Abs(trajectory[i][e]));
                }
                var expected = debias ? sum / weights : sum + Math.Pow(beta, t) * trajectory[0][e];
                Compare.Close(expected, average.Value[e], scale + Math.Abs(trajectory[0][e]), Tolerance, $"step {t}, element {e}");
            }
        }
        if (beta == 0) Compare.Bits(ps[0].Value, opt.Averaged(state, ps)[0].Value, "β = 0 keeps the last value");
    }

    [Fact]
    public void EmaCountsEachParametersOwnStepsAndAveragesAModel()
    {
        var model = new Dense(new Param("W", Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3)), new Param("b", Tensor.FromArray([0.5, -0.5], 2)));
        var opt = EMA(SGD(0.1), 0.5);
        var state = opt.Init(model);
        var g = Grads.Of((model.W, Tensor.Ones(2, 3)));   // the bias gets no gradient
        (state, var stepped) = opt.Step(state, model, g);
        (state, stepped) = opt.Step(state, stepped, Grads.Of((stepped.W, Tensor.Ones(2, 3))));
        var s = (EMAState)state;
        Assert.Equal((2L, 0L), (s.Averages[model.W.Id].Count, s.Averages[model.b.Id].Count));
        var averaged = opt.Averaged(state, stepped);
        Assert.IsType<Dense>(averaged);
        Assert.Equal(model.b.Value, averaged.b.Value);
        // p_1 = W - 0.1, p_2 = W - 0.2; debiased with β = 0.5: (0.5*p_1 + p_2)/1.5 = W - 0.5/3.
        Assert.True(averaged.W.Value.AllClose(model.W.Value - 0.5 / 3, 1e-12));
        Assert.Equal(stepped.Params().Select(p => p.Id), averaged.Params().Select(p => p.Id));
    }

    [Property(MaxTest = 100)]
    public void SwaStepsAreItsInnerRulesBitForBitAndItsAverageIsTheMeanOfTheAveragedSteps(int seed)
    {
        var d = new Draw(seed);
        var h = d.Hyper();
        var (start, every, steps) = (d.Int(1, 8), d.Int(1, 4), d.Int(1, 30));
        var inner = d.Coin() ? (IOptimiser)ADAM(h.Eta, h.Beta1, h.Beta2, h.Epsilon) : Momentum(h.Eta, h.Rho);
        var opt = SWA(inner, start, every);
        var shape = d.Shape();
        var ps = Params.Of(new Param("p", d.Tensor(shape, () => d.Uniform(-5, 5))));
        var (qs, state, innerState) = (ps, opt.Init(ps), inner.Init(ps));
        var p0 = ps[0].Value;
        var averaged = new List<Tensor>();
        for (var t = 1; t <= steps; t++)
        {
            var g = d.Tensor(shape, d.NonZero);
            (state, ps) = opt.Step(state, ps, Grads.Of((ps[0], g)));
            (innerState, qs) = inner.Step(innerState, qs, Grads.Of((qs[0], g)));
            Compare.Bits(qs[0].Value, ps[0].Value, $"step {t}");
            if (t >= start && (t - start) % every == 0) averaged.Add(ps[0].Value);
            var average = state.EvaluationParams(ps)[0].Value;
            Assert.Equal(averaged.Count, ((EMAState)state).Averages[ps[0].Id].Count);
            if (averaged.Count == 0) { Compare.Bits(p0, average, $"step {t}: nothing averaged yet"); continue; }
            if (averaged.Count == 1) Compare.Bits(averaged[0], average, $"step {t}: the first value is copied");
            for (var e = 0; e < average.Length; e++)
            {
                var mean = averaged.Average(v => v[e]);
                Compare.Close(mean, average[e], averaged.Max(v => Math.Abs(v[e])), Tolerance, $"step {t}, element {e}");
            }
        }
    }

    [Fact]
    public void SwaAndEmaStatesAreNotEachOthers()
    {
        var ps = Params.Of(new Param("p", Tensor.Vector(1.0, 2.0)));
        var g = Grads.Of((ps[0], Tensor.Vector(1.0, 1.0)));
        var swaState = SWA(SGD(0.1)).Init(ps);
        Assert.Equal("SWA", swaState.Kind);
        Assert.Contains("SWA", Assert.Throws<ArgumentException>(() => EMA(SGD(0.1)).Step(swaState, ps, g)).Message);
        Assert.Contains("EMA", Assert.Throws<ArgumentException>(() => SWA(SGD(0.1)).Step(EMA(SGD(0.1)).Init(ps), ps, g)).Message);
        Assert.Throws<ArgumentException>(() => SWA(SGD(0.1)).Restore(EMA(SGD(0.1)).Init(ps).ToNode()));
        Assert.Throws<ArgumentOutOfRangeException>(() => SWA(SGD(0.1), start: 0));
    }
}
