using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flux.Tests.Properties;

/// <summary>Checkpoints: the JSON round trip is exact for any doubles, and resuming equals not stopping.</summary>
public class CheckpointProperties
{
    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);

    [Property(MaxTest = 200)]
    public bool Any_doubles_round_trip_to_the_bit(double[] values, long[] rawBits, NonNegativeInt step)
    {
        // FsCheck's doubles include NaN, ±∞ and ±0; raw bit patterns add every NaN payload and subnormal.
        var all = values.Concat(rawBits.Select(BitConverter.Int64BitsToDouble)).ToArray();
        var p = new Param("p", Tensor.Vector(all));
        var node = new StateNode("Any", step.Get, [new StateSlot(p.Id, "s", Tensor.FromArray(all, 1, all.Length))],
            all.Select((x, i) => (x, i)).ToImmutableDictionary(e => $"k{e.i}", e => e.x), []);
        var back = Checkpoints.FromJson(Checkpoints.ToJson(new Checkpoint(Params.Of(p), node, step.Get)), "memory");
        return back.Params[0].Value.ToArray().Select(Bits).SequenceEqual(all.Select(Bits))
               && back.Optimiser!.Slots[0].Value.ToArray().Select(Bits).SequenceEqual(all.Select(Bits))
               && all.Select((x, i) => Bits(back.Optimiser.Scalars[$"k{i}"]) == Bits(x)).All(b => b)
               && back.Step == step.Get && back.Params[0].Id == p.Id;
    }

    private static Dataset Data(int seed, int n)
    {
        var x = Tensor.Randn(new Seed(seed), 3, n);
        var labels = Labels.OneCold(Tensor.Randn(new Seed(seed + 1), 2, n));
        return new Dataset(x, Labels.OneHot(labels, 2));
    }

    private static Chain Model(int seed) => Layers.Chain(Layers.Dense(3, 4, Activation.Relu, seed: seed), Layers.Dense(4, 2, seed: seed + 1));

    private static Expr Loss(Chain m, Tensor x, Tensor y) => Losses.LogitCrossEntropy(m.Apply(x), y);

    private static IOptimiser Rule(byte which) => (which % 4) switch
    {
        0 => Optimisers.ADAM(0.01),
        1 => Optimisers.Momentum(0.05),
        2 => Optimisers.Chain(Optimisers.ClipNorm(1.0), Optimisers.RMSProp(0.01)),
        _ => Optimisers.SGD(0.1),
    };

    [Property(MaxTest = 20)]
    public bool Resuming_from_a_checkpoint_file_equals_the_uninterrupted_run(int seed, byte n, byte batch, byte stopAt, byte which)
    {
        var samples = 5 + n % 20;
        var batchSize = 1 + batch % 8;
        const int epochs = 3;
        var data = Data(seed, samples);
        var opt = Rule(which);
        var whole = Training.Train(Model(seed), opt, Loss, data, epochs, batchSize, seed);
        var k = stopAt % (whole.Steps + 1);
        var m0 = Model(seed);
        var first = k == 0 // stopped before the first step: the initial model and state
            ? new TrainingResult<Chain>(m0, opt.Init(m0.Params()), [], 0, TrainingStop.Callback)
            : Training.Train(m0, opt, Loss, data, epochs, batchSize, seed, stop: p => p.Step == k);

        var path = Path.Combine(Path.GetTempPath(), $"flux-resume-{Guid.NewGuid():N}.json");
        try
        {
            Checkpoints.Save(path, first.Model, first.State, first.Steps);
            var (model, state, step) = Checkpoints.Load(path, Model(seed + 1000), opt);
            var rest = Training.Resume(model, state, step, opt, Loss, data, epochs, batchSize, seed);
            var losses = first.Losses.AddRange(rest.Losses);
            return losses.Select(Bits).SequenceEqual(whole.Losses.Select(Bits))
                   && rest.Steps == whole.Steps
                   && rest.Model.Params().Select(p => p.Value).SequenceEqual(whole.Model.Params().Select(p => p.Value));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Property(MaxTest = 20)]
    public bool Training_is_deterministic_under_a_seed(int seed, byte batch, byte which)
    {
        var data = Data(seed, 17);
        var run = () => Training.Train(Model(seed), Rule(which), Loss, data, 2, 1 + batch % 6, seed);
        var (a, b) = (run(), run());
        return a.Losses.Select(Bits).SequenceEqual(b.Losses.Select(Bits))
               && a.Model.Params().Select(p => p.Value).SequenceEqual(b.Model.Params().Select(p => p.Value));
    }

    [Property(MaxTest = 50)]
    public bool Shuffled_batches_partition_the_data(int seed, byte n, byte batch, byte epoch)
    {
        var data = Data(seed, 1 + n % 40);
        var batches = data.Batches(1 + batch % 9, seed, epoch);
        var columns = batches.SelectMany(b => Enumerable.Range(0, b.Count).Select(j => b.Features[0, j])).Order();
        return batches.Length == data.BatchCount(1 + batch % 9)
               && batches.Take(batches.Length - 1).All(b => b.Count == 1 + batch % 9)
               && columns.SequenceEqual(Enumerable.Range(0, data.Count).Select(j => data.Features[0, j]).Order());
    }
}
