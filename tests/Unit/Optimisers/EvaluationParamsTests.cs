using Xunit;
using static Flux.Optimisers;

namespace Flux.Tests.Unit;

/// <summary>
/// The parameters to evaluate or save (<see cref="OptimiserState.EvaluationParams"/>): the training
/// parameters themselves for a rule that keeps none, the average of an EMA, the slow weights of
/// Lookahead, schedule-free's x; passed through wrappers, chains and partitions; and training's
/// <see cref="TrainingResult{TModel}.EvaluationModel"/>.
/// </summary>
public class EvaluationParamsTests
{
    private static readonly Param W = new("W", Tensor.FromArray([0.5, -1.0, 2.0, 0.25], 2, 2));
    private static readonly Param B = new("b", Tensor.Vector(0.1, -0.3));

    private static (OptimiserState State, Params Ps) Run(IOptimiser opt, int steps)
    {
        var ps = Params.Of(W, B);
        var state = opt.Init(ps);
        for (var t = 1; t <= steps; t++)
        {
            var grads = Grads.Of(ps.Select(p => new KeyValuePair<Param, Tensor>(p, Tensor.FromArray([.. p.Value.ToArray().Select(v => Math.Sin(t + v))], p.Shape.Dims))));
            (state, ps) = opt.Step(state, ps, grads);
        }
        return (state, ps);
    }

    [Fact]
    public void A_rule_that_keeps_none_gives_the_training_parameters_themselves()
    {
        foreach (var opt in new IOptimiser[] { ADAM(), Chain(ClipNorm(1), Momentum()), Scheduled(SGD(), "eta", Schedules.Linear(0.1, 0.01, 5)), Muon() })
        {
            var (state, ps) = Run(opt, 3);
            Assert.Same(ps, state.EvaluationParams(ps));
        }
    }

    [Fact]
    public void An_EMA_gives_its_averages_and_Lookahead_its_slow_weights()
    {
        var ema = EMA(ADAM(0.1), 0.5);
        var (s1, p1) = Run(ema, 4);
        Assert.Equal(ema.Averaged(s1, p1), s1.EvaluationParams(p1));
        Assert.NotEqual(p1, s1.EvaluationParams(p1));

        var lookahead = Lookahead(ADAM(0.1), 3, 0.5);
        var (s2, p2) = Run(lookahead, 4);   // one synchronisation, then a fast step: fast and slow differ
        Assert.Equal(lookahead.Slow(s2, p2), s2.EvaluationParams(p2));
        Assert.NotEqual(p2, s2.EvaluationParams(p2));
    }

    [Fact]
    public void Wrappers_chains_and_partitions_pass_the_question_to_the_part_that_keeps_them()
    {
        var inner = EMA(ADAM(0.1), 0.5);
        var (alone, ps) = Run(inner, 3);
        var expected = alone.EvaluationParams(ps);
        foreach (var wrapped in new IOptimiser[] { FiniteOnly(inner), Scheduled(inner, "eta", Schedules.Linear(0.1, 0.1, 5)), Chain(ClipValue(10), inner) })
        {
            var (state, after) = Run(wrapped, 3);
            Assert.Equal(ps, after);
            Assert.Equal(expected, state.EvaluationParams(after));
        }

        // A partition averages only the group whose optimiser does.
        var partition = Partition(ParamLabels.ByName(n => n), ("W", EMA(ADAM(0.1), 0.5)), ("b", ADAM(0.1)));
        var (ps3, pps) = Run(partition, 3);
        var evaluation = ps3.EvaluationParams(pps);
        Assert.NotEqual(pps[0].Value, evaluation[0].Value);
        Assert.Equal(pps[1].Value, evaluation[1].Value);
    }

    [Fact]
    public void Schedule_free_gives_x_which_the_state_holds()
    {
        foreach (var opt in new IOptimiser[] { new ScheduleFreeSGD(eta: 0.1), new ScheduleFreeAdamW(eta: 0.1) })
        {
            var (state, ps) = Run(opt, 5);
            var s = Assert.IsType<ScheduleFreeState>(state);
            var evaluation = state.EvaluationParams(ps);
            Assert.Equal(ps.Select(p => p.Id), evaluation.Select(p => p.Id));
            for (var i = 0; i < ps.Count; i++)
            {
                Assert.Equal(s[ps[i], "x"], evaluation[i].Value);
                Assert.NotEqual(ps[i].Value, evaluation[i].Value);
            }
            // Wrapped, the same x.
            var (wrapped, after) = Run(FiniteOnly(opt), 5);
            Assert.Equal(evaluation, wrapped.EvaluationParams(after));
        }
    }

    [Fact]
    public void Training_exposes_the_evaluation_model_and_it_is_the_model_itself_when_there_is_none()
    {
        var data = TrainingTests.Blobs(40, 2);
        var plain = Training.Train(TrainingTests.Model(1), ADAM(0.05), TrainingTests.Loss, data, epochs: 2, batchSize: 8, seed: 3);
        Assert.Same(plain.Model, plain.EvaluationModel);

        var ema = EMA(ADAM(0.05), 0.9);
        var averaged = Training.Train(TrainingTests.Model(1), ema, TrainingTests.Loss, data, epochs: 2, batchSize: 8, seed: 3);
        Assert.Equal(ema.Averaged(averaged.State, averaged.Model).Params(), averaged.EvaluationModel.Params());
        Assert.NotEqual(averaged.Model.Params(), averaged.EvaluationModel.Params());

        var sf = Training.Train(TrainingTests.Model(1), new ScheduleFreeAdamW(eta: 0.05), TrainingTests.Loss, data, epochs: 2, batchSize: 8, seed: 3);
        var x = (ScheduleFreeState)sf.State;
        Assert.All(sf.EvaluationModel.Params(), p => Assert.Equal(x[p, "x"], p.Value));
        Assert.True(Metrics.Accuracy(sf.EvaluationModel, data) > 0.8);
    }
}
