using Xunit;
using static Flux.Tests.Unit.TrainingTests;

namespace Flux.Tests.Unit;

/// <summary>
/// Batches gathered one at a time: the same samples, in the same order, with the same bits as the
/// shuffled copy cut into batches (the definition <see cref="Dataset.Batches(int, int, int)"/> had),
/// and training on them exactly as the step-by-step loop over that definition.
/// </summary>
public class BatchingTests
{
    private static readonly Dataset Data = Blobs(23, 3);

    // The definition before batches were gathered one at a time: shuffle the whole, then cut.
    private static IEnumerable<Dataset> ShuffledThenCut(Dataset d, int batchSize, int seed, int epoch) => d.Shuffle(seed, epoch).Batches(batchSize);

    [Theory]
    [InlineData(1, 0)]
    [InlineData(5, 1)]
    [InlineData(7, 3)]
    [InlineData(23, 2)]
    [InlineData(100, 0)]
    public void Lazy_and_eager_batches_are_the_shuffled_copy_cut_bit_for_bit(int batchSize, int epoch)
    {
        var expected = ShuffledThenCut(Data, batchSize, 9, epoch).ToArray();
        Assert.Equal(expected, Data.EnumerateBatches(batchSize, 9, epoch));
        Assert.Equal(expected, Data.Batches(batchSize, 9, epoch));
        Assert.All(Data.EnumerateBatches(batchSize, 9, epoch), b => Assert.Equal<string>(Data.Classes, b.Classes));
    }

    // Batches on both sides of the size from which a gather is shared among the cores, with a short
    // last batch: column j of each is sample order[j] of the dataset, read here element by element.
    [Theory]
    [InlineData(500, false)]
    [InlineData(600, false)]
    [InlineData(600, true)]
    [InlineData(1111, true)]
    public void Every_column_of_a_batch_is_its_sample_wherever_the_gather_ran(int rows, bool single)
    {
        const int samples = 203, batchSize = 64;
        var features = Tensor.Rand(new Seed(rows), rows, samples);
        var data = new Dataset(single ? features.ToElementType(ElementType.Float32) : features, Tensor.Rand(new Seed(1), 3, samples));
        Assert.Equal(rows * batchSize >= Dataset.ParallelGather, rows >= 600);
        var (all, order) = (data.Features.ToArray(), data.Permutation(5, 1));
        var batches = data.Batches(batchSize, 5, 1);
        for (var b = 0; b < batches.Length; b++)
        {
            var got = batches[b].Features.ToArray();
            Assert.Equal(Math.Min(batchSize, samples - b * batchSize), batches[b].Count);
            for (var j = 0; j < batches[b].Count; j++)
                for (var i = 0; i < rows; i++)
                    Assert.Equal(all[i + order[b * batchSize + j] * rows], got[i + j * rows]);
        }
    }

    [Fact]
    public void Enumerating_gathers_afresh_and_leaves_the_dataset_as_it_was()
    {
        var before = Data.Features.ToArray();
        var batches = Data.EnumerateBatches(4, 1, 0);
        var first = batches.First();
        Assert.NotSame(first, batches.First());
        Assert.Equal(first, batches.First());
        Assert.Equal(before, Data.Features.ToArray());
    }

    [Fact]
    public void Bad_arguments_throw_at_the_call_not_on_enumeration()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Data.EnumerateBatches(0, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Data.EnumerateBatches(4, 1, -1));
    }

    [Theory]
    [InlineData(4, 1)]
    [InlineData(5, 7)]
    [InlineData(23, 2)]
    public void Training_equals_the_loop_over_the_shuffled_copy_bit_for_bit(int batchSize, int seed)
    {
        var adam = Optimisers.ADAM(eta: 0.01);
        var m0 = Model(1);
        var (model, state, losses) = (m0, adam.Init(m0.Params()), new List<double>());
        for (var epoch = 0; epoch < 3; epoch++)
            foreach (var batch in ShuffledThenCut(Data, batchSize, seed, epoch))
            {
                var current = model;
                var (value, grads) = Gradient.ValueAndGradient(() => Loss(current, batch.Features, batch.Targets), current.Params());
                (state, model) = adam.Step(state, model, grads);
                losses.Add(value);
            }

        var run = Training.Train(m0, adam, Loss, Data, 3, batchSize, seed);
        Assert.Equal(losses.Select(BitConverter.DoubleToInt64Bits), run.Losses.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(model, run.Model);
        Assert.Equal(model.Params().Select(p => p.Value), run.Model.Params().Select(p => p.Value));

        // Resumed from the middle of the second epoch, it ends where the whole run ends.
        var steps = Data.BatchCount(batchSize) + 1;
        var part = Training.Train(m0, adam, Loss, Data, 3, batchSize, seed, stop: r => r.Step == steps);
        var rest = Training.Resume(part.Model, part.State, part.Steps, adam, Loss, Data, 3, batchSize, seed);
        Assert.Equal(run.Model, rest.Model);
        Assert.Equal(losses.Skip(steps), rest.Losses);
    }
}
