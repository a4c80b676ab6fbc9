using Xunit;

namespace Flux.Tests.Unit;

public class TrainingTests
{
    /// <summary>Reports on the calling thread, in order (System.Progress posts to the thread pool).</summary>
    private sealed class Recorder : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> Reports { get; } = [];
        public void Report(TrainingProgress value) => Reports.Add(value);
    }

    internal static Dataset Blobs(int n, int seed)
    {
        // Two classes in the plane: class 1 is shifted by (2, 2).
        var x = Tensor.Randn(new Seed(seed), 2, n).ToArray();
        var labels = new int[n];
        for (var j = 0; j < n; j++)
        {
            labels[j] = j % 2;
            x[2 * j] += 2 * labels[j];
            x[2 * j + 1] += 2 * labels[j];
        }
        return new Dataset(Tensor.FromArray(x, 2, n), Labels.OneHot(labels, 2));
    }

    internal static Chain Model(int seed) =>
        Layers.Chain(Layers.Dense(2, 8, Activation.Tanh, seed: seed), Layers.Dense(8, 2, seed: seed + 1), Layers.Softmax);

    internal static Expr Loss(Chain m, Tensor x, Tensor y) => Losses.CrossEntropy(m.Apply(x), y);

    [Fact]
    public void The_fold_lowers_the_loss_and_leaves_the_input_model_untouched()
    {
        var data = Blobs(60, 3);
        var m0 = Model(1);
        var before = m0.Params().Select(p => p.Value).ToArray();
        var result = Training.Train(m0, Optimisers.ADAM(0.05), Loss, data, epochs: 20, batchSize: 8, seed: 5);
        Assert.Equal(20 * 8, result.Steps);
        Assert.Equal(160, result.Losses.Length);
        Assert.Equal(TrainingStop.Completed, result.Stop);
        Assert.True(result.Losses.TakeLast(8).Average() < 0.5 * result.Losses.Take(8).Average());
        Assert.True(Metrics.Accuracy(result.Model, data) > 0.9);
        Assert.Equal(before, m0.Params().Select(p => p.Value));
        Assert.Equal(m0.Params().Select(p => p.Id), result.Model.Params().Select(p => p.Id));
        Assert.Equal(160, result.State.StepCount);
    }

    [Fact]
    public void The_same_seed_gives_the_same_result_bit_for_bit()
    {
        var data = Blobs(30, 4);
        var m = Model(2);
        var a = Training.Train(m, Optimisers.ADAM(0.01), Loss, data, 5, 7, seed: 11);
        var b = Training.Train(m, Optimisers.ADAM(0.01), Loss, data, 5, 7, seed: 11);
        Assert.Equal(a, b);
        var c = Training.Train(m, Optimisers.ADAM(0.01), Loss, data, 5, 7, seed: 12);
        Assert.NotEqual(a.Losses.ToArray(), c.Losses.ToArray());
    }

    [Fact]
    public void Progress_reports_every_step_in_order()
    {
        var recorder = new Recorder();
        var result = Training.Train(Model(1), Optimisers.SGD(0.1), Loss, Blobs(10, 1), epochs: 2, batchSize: 4, seed: 1, progress: recorder);
        Assert.Equal(6, recorder.Reports.Count);
        Assert.Equal([1L, 2, 3, 4, 5, 6], recorder.Reports.Select(r => r.Step));
        Assert.Equal([0, 0, 0, 1, 1, 1], recorder.Reports.Select(r => r.Epoch));
        Assert.Equal([0, 1, 2, 0, 1, 2], recorder.Reports.Select(r => r.Batch));
        Assert.All(recorder.Reports, r => Assert.Equal(3, r.BatchesPerEpoch));
        Assert.Equal(result.Losses.ToArray(), recorder.Reports.Select(r => r.Loss));
        Assert.True(recorder.Reports[2].EndOfEpoch);
        Assert.True(recorder.Reports.Zip(recorder.Reports.Skip(1)).All(p => p.Item1.Elapsed <= p.Item2.Elapsed));
        Assert.StartsWith("epoch 0, batch 1/3, step 1: loss ", recorder.Reports[0].ToString());
    }

    [Fact]
    public void The_callback_stops_early()
    {
        var result = Training.Train(Model(1), Optimisers.SGD(0.1), Loss, Blobs(10, 1), epochs: 10, batchSize: 4, seed: 1,
            stop: p => p.Step == 5);
        Assert.Equal(5, result.Steps);
        Assert.Equal(5, result.Losses.Length);
        Assert.Equal(TrainingStop.Callback, result.Stop);
    }

    [Fact]
    public void A_non_finite_loss_stops_before_its_step()
    {
        var data = Blobs(8, 1);
        var m = Model(1);
        var calls = 0;
        var result = Training.Train(m, Optimisers.SGD(0.1), (model, x, y) => ++calls == 3 ? Ops.Log(-1.0 + Ops.Mean(model.Apply(x)) * 0.0) : Loss(model, x, y),
            data, epochs: 3, batchSize: 4, seed: 1);
        Assert.Equal(TrainingStop.NonFiniteLoss, result.Stop);
        Assert.Equal(2, result.Steps);
        Assert.Equal(3, result.Losses.Length);
        Assert.True(double.IsNaN(result.FinalLoss));
        var twoSteps = Training.Train(m, Optimisers.SGD(0.1), Loss, data, epochs: 1, batchSize: 4, seed: 1);
        Assert.Equal(twoSteps.Model, result.Model);
    }

    [Fact]
    public void Resuming_mid_epoch_gives_the_uninterrupted_run()
    {
        var data = Blobs(25, 7);
        var opt = Optimisers.ADAM(0.02);
        var whole = Training.Train(Model(3), opt, Loss, data, epochs: 4, batchSize: 6, seed: 9);
        var first = Training.Train(Model(3), opt, Loss, data, epochs: 4, batchSize: 6, seed: 9, stop: p => p.Step == 7);
        var rest = Training.Resume(first.Model, first.State, first.Steps, opt, Loss, data, epochs: 4, batchSize: 6, seed: 9);
        Assert.Equal(whole.Losses.ToArray(), first.Losses.AddRange(rest.Losses).ToArray());
        Assert.Equal(whole.Steps, rest.Steps);
        Assert.Equal(whole.Model.Params().Select(p => p.Value), rest.Model.Params().Select(p => p.Value));
        Assert.Equal(SlotsInParamOrder(whole), SlotsInParamOrder(rest));
    }

    /// <summary>The optimiser's slot tensors, parameter by parameter (identities differ between two builds of a model).</summary>
    internal static IEnumerable<Tensor> SlotsInParamOrder(TrainingResult<Chain> r)
    {
        var node = r.State.ToNode();
        return r.Model.Params().SelectMany(p => node.Slots.Where(s => s.Param == p.Id).OrderBy(s => s.Name).Select(s => s.Value)).ToArray();
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        var data = Blobs(4, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => Training.Train(Model(1), Optimisers.SGD(), Loss, data, -1, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Training.Train(Model(1), Optimisers.SGD(), Loss, data, 1, 0, 1));
        var empty = new Dataset(Tensor.Zeros(2, 0), Tensor.Zeros(2, 0));
        Assert.Throws<ArgumentException>(() => Training.Train(Model(1), Optimisers.SGD(), Loss, empty, 1, 2, 1));
        var none = Training.Train(Model(1), Optimisers.SGD(), Loss, data, 0, 2, 1);
        Assert.Equal(0, none.Steps);
        Assert.True(double.IsNaN(none.FinalLoss));
    }

    private sealed class FakeClock : TimeProvider
    {
        public long Ticks { get; set; }
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Ticks;
    }

    [Fact]
    public void Throttle_passes_at_most_one_call_per_interval()
    {
        var clock = new FakeClock();
        var seen = new List<int>();
        var throttled = Throttle.Create<int>(seen.Add, TimeSpan.FromSeconds(1), clock);
        throttled(1);                                  // the first call passes
        clock.Ticks += TimeSpan.TicksPerSecond / 2;
        throttled(2);                                  // too soon: dropped
        clock.Ticks += TimeSpan.TicksPerSecond / 2;
        throttled(3);                                  // a second after the last pass
        throttled(4);
        clock.Ticks += 5 * TimeSpan.TicksPerSecond;
        throttled(5);
        Assert.Equal([1, 3, 5], seen);

        var recorder = new Recorder();
        var progress = Throttle.Progress(recorder, TimeSpan.FromHours(1), clock);
        Training.Train(Model(1), Optimisers.SGD(), Loss, Blobs(10, 1), 3, 2, 1, progress);
        Assert.Single(recorder.Reports);
        Assert.Throws<ArgumentOutOfRangeException>(() => Throttle.Create(() => { }, TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Iris_reaches_at_least_90_percent_on_the_held_out_flowers()
    {
        var outcome = Flux.Examples.Iris.IrisClassifier.Run(CsvTests.IrisPath);
        Assert.Equal(120, outcome.Train.Count);
        Assert.Equal(30, outcome.Test.Count);
        Assert.True(outcome.TestAccuracy >= 0.9, $"held-out accuracy {outcome.TestAccuracy:P1}");
        Assert.True(outcome.Training.Losses.TakeLast(8).Average() < outcome.Training.Losses.Take(8).Average() / 4);
    }
}
