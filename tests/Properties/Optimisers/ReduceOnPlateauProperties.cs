using FsCheck.Xunit;
using Xunit;
using static Flux.Optimisers;

namespace Flux.Tests.Optimisation;

/// <summary>
/// ReduceOnPlateau against a plain transcription of Optax's <c>contrib/_reduce_on_plateau.py</c> on
/// scripted loss sequences (plateaus, improvements, cooldowns, accumulation); the step it scales; the
/// training fold feeding it each batch's loss; wrappers and chains passing the loss down; refusals.
/// </summary>
public class ReduceOnPlateauProperties
{
    private sealed record Setting(double Factor, int Patience, double Rtol, double Atol, int Cooldown, int Accumulation, double MinScale)
    {
        public ReduceOnPlateau Transform => ReduceOnPlateau(Factor, Patience, Rtol, Atol, Cooldown, Accumulation, MinScale);
    }

    private static Setting Draw(Draw d)
    {
        var rtol = d.Coin() ? 1e-4 : d.Uniform(0, 0.2);
        return new(d.Uniform(0.05, 0.95), d.Int(1, 5), rtol, rtol == 0 || d.Coin() ? d.Uniform(1e-3, 0.1) : 0, d.Int(0, 3), d.Int(1, 3), d.Coin() ? 0 : d.Uniform(0, 0.5));
    }

    /// <summary>Losses that fall, stall (repeat a value, or wobble within a hair of it) and jump, in random stretches.</summary>
    private static double[] ScriptedLosses(Draw d, int n)
    {
        var losses = new double[n];
        var level = d.Uniform(0.5, 5);
        for (var i = 0; i < n; i++)
        {
            level = d.Int(0, 3) switch
            {
                0 => level * d.Uniform(0.5, 0.99),        // an improvement
                1 => level,                                // a plateau
                2 => level * (1 + d.Uniform(-1e-5, 1e-5)), // a plateau within the tolerance
                _ => level * d.Uniform(1, 1.5),            // worse
            };
            losses[i] = level;
        }
        return losses;
    }

    /// <summary>The scale after each loss, as Optax's update_fn computes it (its jnp.where and lax.cond written as branches).</summary>
    private static double[] Optax(Setting s, double[] values)
    {
        double scale = 1, best = double.PositiveInfinity, avg = 0;
        long plateau = 0, cooldown = 0, count = 0;
        var scales = new double[values.Length];
        for (var k = 0; k < values.Length; k++)
        {
            var newCount = count + 1;
            avg = (count * avg + values[k]) / newCount;
            count = newCount;
            if (count == s.Accumulation)
            {
                var improved = avg < (1 - s.Rtol) * best - s.Atol;
                var newBest = improved ? avg : best;
                var current = improved ? 0 : plateau + 1;
                if (cooldown > 0)
                {
                    plateau = 0;
                    cooldown -= 1;
                }
                else
                {
                    plateau = current == s.Patience ? 0 : current;
                    scale = Math.Max(current == s.Patience ? scale * s.Factor : scale, s.MinScale);
                    cooldown = current == s.Patience ? s.Cooldown : 0;
                }
                best = newBest;
                count = 0;
                avg = 0;
            }
            scales[k] = scale;
        }
        return scales;
    }

    [Property(MaxTest = 200)]
    public void The_factor_after_every_loss_equals_the_transcription_of_Optax_and_every_step_is_scaled_by_it(int seed)
    {
        var d = new Draw(seed);
        var s = Draw(d);
        var losses = ScriptedLosses(d, d.Int(1, 60));
        var expected = Optax(s, losses);
        var p = new Param("p", d.Tensor(d.Shape(), () => d.Uniform(-3, 3)));
        var (opt, ps) = (s.Transform, Params.Of(p));
        var state = opt.Init(ps);
        for (var k = 0; k < losses.Length; k++)
        {
            state = opt.Observe(state, losses[k]);
            var scale = ((ReduceOnPlateauState)state).Scale;
            Assert.True(BitConverter.DoubleToInt64Bits(expected[k]) == BitConverter.DoubleToInt64Bits(scale), $"{opt}, loss {k + 1} of [{string.Join(", ", losses)}]: scale {scale:R}, Optax's {expected[k]:R}");
            var g = d.Tensor(p.Shape.Dims, d.NonZero);
            var (next, delta) = opt.Update(state, ps, Grads.Of((ps[0], g)));
            Compare.Bits(g * scale, delta[ps[0]], $"{opt}: Δ at loss {k + 1}");
            state = next;
        }
        Assert.Equal(losses.Length, state.StepCount);
    }

    [Fact]
    public void The_training_fold_tells_it_each_batch_loss_before_the_step()
    {
        var data = new Dataset(Tensor.Uniform(new Seed(3), -1, 1, 2, 40), Tensor.Uniform(new Seed(4), -1, 1, 1, 40));
        var model = Layers.Chain(Layers.Dense(2, 1, seed: 5));
        static Expr Loss(Chain m, Tensor x, Tensor y) => Losses.Mse(m.Apply(x), y);
        // A relative threshold of 0.5 is rarely met, so the factor drops every few evaluations.
        var s = new Setting(0.5, 2, 0.5, 0, 1, 2, 0.01);
        var result = Training.Train(model, Chain(SGD(eta: 0.1), s.Transform), Loss, data, epochs: 6, batchSize: 8, seed: 2);
        var plateau = (ReduceOnPlateauState)((ChainState)result.State).Elements[1];
        var expected = Optax(s, [.. result.Losses]);
        Assert.Equal(expected[^1], plateau.Scale);
        Assert.True(plateau.Scale < 0.5, $"scale {plateau.Scale}");

        // Each step used the factor after its own batch's loss: the plain loop with Observe before Step is the fold, bit for bit.
        var (state, m) = (Chain(SGD(eta: 0.1), s.Transform).Init(model.Params()), model);
        var opt = Chain(SGD(eta: 0.1), s.Transform);
        for (var e = 0; e < 6; e++)
        {
            var order = data.Permutation(2, e);
            for (var b = 0; b < data.BatchCount(8); b++)
            {
                var batch = data.Batch(order, b, 8);
                var current = m;
                var (value, grads) = Gradient.ValueAndGradient(() => Loss(current, batch.Features, batch.Targets), current.Params());
                (state, m) = opt.Step(opt.Observe(state, value), m, grads);
            }
        }
        Assert.Equal(m.Params(), result.Model.Params());
        Assert.Equal(state.ToNode(), result.State.ToNode());
    }

    [Fact]
    public void Wrappers_chains_partitions_and_freezes_pass_the_loss_down()
    {
        var p = new Param("p", Tensor.Vector(1, 2));
        var ps = Params.Of(p);
        var plateau = ReduceOnPlateau(factor: 0.5, patience: 1);
        IOptimiser[] wrapped =
        [
            EMA(FiniteOnly(AccumGrad(Lookahead(Scheduled(Chain(ADAM(), plateau), "eta", Schedules.Linear(0.1, 0.01, 5)), 2), 1)), 0.9),
            Partition(ParamLabels.ByName(_ => "all"), ("all", Chain(ADAM(), plateau))),
            Freeze(Chain(ADAM(), plateau), Params.Empty),
        ];
        foreach (var opt in wrapped)
        {
            var state = opt.Init(ps);
            foreach (var loss in new[] { 3.0, 3.0, 3.0 }) state = opt.Observe(state, loss);
            var inner = state.ToNode();
            while (inner.Kind != ReduceOnPlateauState.KindName) inner = inner.Children[^1];
            Assert.Equal(0.25, inner.Scalars["scale"]);   // the first loss improves on +∞; each repeat is a plateau of patience 1, halving the factor
        }
        // A rule that keeps nothing of the loss returns its state itself.
        IOptimiser adam = ADAM();
        var s0 = adam.Init(ps);
        Assert.Same(s0, adam.Observe(s0, 1.0));
        var chain = Chain(ClipNorm(1), ADAM());
        var c0 = chain.Init(ps);
        Assert.Same(c0, chain.Observe(c0, 1.0));
    }

    [Fact]
    public void Out_of_range_settings_losses_and_nodes_are_refused()
    {
        Assert.Contains("cannot both be 0", Assert.Throws<ArgumentOutOfRangeException>(() => ReduceOnPlateau(rtol: 0, atol: 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ReduceOnPlateau(factor: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReduceOnPlateau(patience: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReduceOnPlateau(cooldown: 1.5));
        var opt = ReduceOnPlateau();
        var state = opt.Init(Params.Empty);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => opt.Observe(state, double.NaN)).Message);
        Assert.Throws<ArgumentException>(() => opt.Observe(ADAM().Init(Params.Empty), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => opt.Adjust(state, "atol", 0).Optimiser.Adjust(state, "rtol", 0));
        var node = opt.Observe(state, 2).ToNode();
        Assert.Equal(node, opt.Restore(node).ToNode());
        Assert.Throws<ArgumentException>(() => opt.Restore(node with { Scalars = node.Scalars.SetItem("plateauCount", 1.5) }));
        Assert.Throws<ArgumentException>(() => opt.Restore(node with { Scalars = node.Scalars.SetItem("scale", 2) }));
        Assert.Throws<ArgumentException>(() => opt.Restore(node with { Scalars = node.Scalars.Remove("best") }));
    }
}
