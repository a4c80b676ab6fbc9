using FsCheck.Xunit;
using Xunit;

namespace Flux.Tests.Optimisation;

/// <summary>
/// The schedule-free rules against a plain scalar transcription of Optax's <c>contrib/_schedule_free.py</c>
/// (its warm-up schedule counted as Optax counts it, its averaging weight, its recomputation of x
/// from y and z, its base optimisers), over random hyperparameters and gradient sequences; the
/// evaluation parameters against Optax's <c>schedule_free_eval_params</c>; Update against Step; the
/// average x converging on the table's quadratic; a state read back that is not one.
/// </summary>
public class ScheduleFreeProperties
{
    private sealed record Setting(double Eta, int Warmup, double Beta1, double Beta2, double Epsilon, double WeightDecay, double Power);

    private static Setting Draw(Draw d) => new(
        Eta: Math.Pow(10, d.Uniform(-3, -0.5)),
        Warmup: d.Coin() ? 0 : d.Int(1, 5),
        Beta1: d.Coin() ? 0.9 : d.Uniform(0.1, 0.99),   // Optax divides by β1 to recover x, so it must stay away from 0 here
        Beta2: d.Coin() ? 0.999 : d.Uniform(0.5, 0.999),
        Epsilon: d.Coin() ? 1e-8 : Math.Pow(10, d.Uniform(-10, -3)),
        WeightDecay: d.Coin() ? 0 : d.Uniform(0, 0.1),
        Power: d.Coin() ? 2 : d.Uniform(0, 3));

    /// <summary>
    /// One element under Optax's schedule_free(base, lr, b1, weight_lr_power), written as its code reads:
    /// y after every step, then z, Optax's evaluation x and the second moment.
    /// </summary>
    private static (double[] Ys, double Z, double X, double Nu) Optax(bool adamw, Setting s, double p0, double[] gs)
    {
        // warmup_constant_schedule(init_value=0, peak_value=η, warmup_steps=W) at a count.
        double Lr(long count) => s.Warmup == 0 ? s.Eta : s.Eta * (Math.Min(count, s.Warmup) / (double)s.Warmup);
        double y = p0, z = p0, nu = 0, weightSum = 0, maxLr = 0;
        long stepCount = 1, baseCount = 0;   // the wrapper counts from 1, the base optimiser from 0
        var ys = new double[gs.Length];
        for (var k = 0; k < gs.Length; k++)
        {
            var g = gs[k];
            var lr = Lr(stepCount);
            maxLr = Math.Max(maxLr, lr);
            var weight = Math.Pow(maxLr, s.Power);
            var total = weightSum + weight;
            var ck = weight / total;
            if (double.IsNaN(ck)) ck = 0;   // nan_to_num(nan=0)

            double u;
            if (adamw)
            {
                // scale_by_rms(decay=b2, eps, eps_in_sqrt=False, bias_correction=True), add_decayed_weights(wd), scale_by_learning_rate(lr)
                nu = s.Beta2 * nu + (1 - s.Beta2) * (g * g);
                var nuHat = nu / (1 - Math.Pow(s.Beta2, baseCount + 1));
                u = g / (Math.Sqrt(nuHat) + s.Epsilon);
                if (s.WeightDecay != 0) u = u + s.WeightDecay * y;
            }
            else
            {
                // chain(add_decayed_weights(wd), sgd(lr)); weight_decay None when 0
                u = s.WeightDecay != 0 ? g + s.WeightDecay * y : g;
            }
            var update = -(Lr(baseCount) * u);
            var zNew = z + update;
            var prevX = (y - (1 - s.Beta1) * z) / s.Beta1;
            var x = (1 - ck) * prevX + ck * zNew;
            y = s.Beta1 * x + (1 - s.Beta1) * zNew;
            z = zNew;
            weightSum = total;
            stepCount++;
            baseCount++;
            ys[k] = y;
        }
        return (ys, z, (y - (1 - s.Beta1) * z) / s.Beta1, nu);
    }

    private static ScheduleFree Rule(bool adamw, Setting s) => adamw
        ? new ScheduleFreeAdamW(s.Eta, s.Warmup, s.Beta1, s.Beta2, s.Epsilon, s.WeightDecay, s.Power)
        : new ScheduleFreeSGD(s.Eta, s.Warmup, s.Beta1, s.WeightDecay, s.Power);

    [Property(MaxTest = 100)]
    public void Both_rules_equal_the_transcription_of_Optax_element_by_element_and_x_is_its_evaluation_parameters(int seed)
    {
        var d = new Draw(seed);
        foreach (var adamw in new[] { false, true })
        {
            var s = Draw(d);
            var n = d.Int(1, 9);
            var steps = d.Int(1, 12);
            var p = new Param("p", d.Tensor([n], () => d.Uniform(-3, 3)));
            var gs = Enumerable.Range(0, steps).Select(_ => d.Values(n, d.NonZero)).ToArray();
            var rule = Rule(adamw, s);
            var (state, ps) = (rule.Init(Params.Of(p)), Params.Of(p));
            var ys = new double[steps][];
            for (var t = 0; t < steps; t++)
            {
                (state, ps) = rule.Step(state, ps, Grads.Of((ps[0], Tensor.Vector(gs[t]))));
                ys[t] = ps[0].Value.ToArray();
            }
            var sf = Assert.IsType<ScheduleFreeState>(state);
            var x = state.EvaluationParams(ps)[0].Value.ToArray();
            for (var i = 0; i < n; i++)
            {
                var reference = Optax(adamw, s, p.Value[i], [.. gs.Select(g => g[i])]);
                var scale = 1 + Math.Abs(p.Value[i]) + Math.Abs(reference.Z);
                var what = $"{rule}, element {i}";
                for (var t = 0; t < steps; t++) Compare.Close(reference.Ys[t], ys[t][i], scale, 1e-12, $"{what}: y after step {t + 1}");
                Compare.Close(reference.Z, sf[ps[0], "z"][i], scale, 1e-12, $"{what}: z");
                Compare.Close(reference.X, x[i], scale / s.Beta1, 1e-12, $"{what}: x");
                if (adamw) Compare.Close(reference.Nu, sf[ps[0], "v"][i], reference.Nu, 1e-12, $"{what}: v");
            }
        }
    }

    [Property(MaxTest = 30)]
    public void Update_gives_the_same_state_as_Step_and_a_step_that_Step_rounds_at_most_in_the_last_bits(int seed)
    {
        var d = new Draw(seed);
        foreach (var adamw in new[] { false, true })
        {
            var rule = Rule(adamw, Draw(d));
            var p = new Param("p", d.Tensor(d.Shape(), () => d.Uniform(-3, 3)));
            var ps = Params.Of(p);
            var state = rule.Init(ps);
            for (var t = 0; t < d.Int(0, 4); t++) (state, ps) = rule.Step(state, ps, Grads.Of((ps[0], d.Tensor(p.Shape.Dims, d.NonZero))));
            var g = Grads.Of((ps[0], d.Tensor(p.Shape.Dims, d.NonZero)));
            var (s1, delta) = rule.Update(state, ps, g);
            var (s2, next) = rule.Step(state, ps, g);
            Assert.Equal(s2.ToNode(), s1.ToNode());
            var (y, y2, step) = (ps[0].Value.ToArray(), next[0].Value.ToArray(), delta[ps[0]].ToArray());
            for (var i = 0; i < y.Length; i++) Compare.Close(y2[i], y[i] - step[i], Math.Abs(y[i]) + Math.Abs(y2[i]), 1e-15, $"{rule}: y - Δ, element {i}");
        }
    }

    [Theory]
    [InlineData(false, 0.1)]
    [InlineData(true, 0.01)]
    public void The_average_x_converges_on_the_quadratic_of_the_table(bool adamw, double eta)
    {
        // f(p) = (p₁² + 10 p₂²)/2 from (1, 1): the evaluation parameters, not only the y the steps return.
        var opt = adamw ? (IOptimiser)new ScheduleFreeAdamW(eta: eta) : new ScheduleFreeSGD(eta: eta);
        var ps = Params.Of(new Param("p", Tensor.Vector(1, 1)));
        var state = opt.Init(ps);
        for (var t = 0; t < 2_000; t++)
        {
            var v = ps[0].Value;
            (state, ps) = opt.Step(state, ps, Grads.Of((ps[0], Tensor.Vector(v[0], 10 * v[1]))));
        }
        Assert.True(state.EvaluationParams(ps)[0].Value.Norm() < 1e-3, $"{opt}: x = {state.EvaluationParams(ps)[0].Value}");
    }

    [Fact]
    public void With_a_warm_up_the_first_step_moves_nothing_and_x_then_averages_from_the_second()
    {
        var opt = new ScheduleFreeSGD(eta: 0.5, warmupSteps: 2);
        var p = new Param("p", Tensor.Vector(1.0));
        var (state, ps) = opt.Step(opt.Init(Params.Of(p)), Params.Of(p), Grads.Of((p, Tensor.Vector(2.0))));
        Assert.Equal(1.0, ps[0].Value[0]);
        var sf = (ScheduleFreeState)state;
        Assert.Equal((0.25 * 0.25, 0.25), (sf.WeightSum, sf.MaxEta));   // the weight counts from 1: η/2 at step 1
        (state, ps) = opt.Step(state, ps, Grads.Of((ps[0], Tensor.Vector(2.0))));
        // Step 2: z = 1 - 0.25*2 = 0.5; c = 0.25/(0.0625 + 0.25) = 0.8; x = 0.2*1 + 0.8*0.5 = 0.6; y = 0.9*0.6 + 0.1*0.5 = 0.59.
        Assert.Equal(0.59, ps[0].Value[0], 1e-15);
        Assert.Equal(0.6, state.EvaluationParams(ps)[0].Value[0], 1e-15);
    }

    [Fact]
    public void A_node_whose_scalars_are_missing_or_out_of_range_is_refused()
    {
        var opt = new ScheduleFreeAdamW();
        var p = new Param("p", Tensor.Vector(1, 2));
        var node = opt.Init(Params.Of(p)).ToNode();
        Assert.Equal(node, opt.Restore(node).ToNode());
        var missing = Assert.Throws<ArgumentException>(() => opt.Restore(node with { Scalars = node.Scalars.Remove("maxEta") }));
        Assert.Contains("lacks scalar 'maxEta'", missing.Message);
        var negative = Assert.Throws<ArgumentException>(() => opt.Restore(node with { Scalars = node.Scalars.SetItem("weightSum", -1) }));
        Assert.Contains("finite and 0 or more", negative.Message);
        Assert.Throws<ArgumentException>(() => new ScheduleFreeSGD().Restore(node));
    }
}
