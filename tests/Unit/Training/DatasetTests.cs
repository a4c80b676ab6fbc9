using Xunit;

namespace Flux.Tests.Unit;

public class DatasetTests
{
    private static Dataset Numbered(int n) => new(
        Tensor.FromArray(Enumerable.Range(0, 2 * n).Select(i => (double)i).ToArray(), 2, n),
        Tensor.FromArray(Enumerable.Range(0, n).Select(i => (double)i).ToArray(), 1, n));

    private static int[] Ids(Dataset d) => d.Targets.ToArray().Select(v => (int)v).ToArray();

    [Fact]
    public void Batches_cut_in_order_and_keep_the_smaller_last_batch()
    {
        var batches = Numbered(10).Batches(4);
        Assert.Equal([4, 4, 2], batches.Select(b => b.Count));
        Assert.Equal([8, 9], Ids(batches[2]));
        Assert.Equal(Tensor.Matrix(new[,] { { 16.0, 18.0 }, { 17.0, 19.0 } }), batches[2].Features);
        Assert.Equal(3, Numbered(10).BatchCount(4));
        Assert.Single(Numbered(3).Batches(10));
    }

    [Fact]
    public void Shuffled_batches_cover_every_sample_once_and_repeat_under_the_seed()
    {
        var data = Numbered(23);
        var epoch0 = data.Batches(5, seed: 9, epoch: 0);
        Assert.Equal([5, 5, 5, 5, 3], epoch0.Select(b => b.Count));
        var order = epoch0.SelectMany(Ids).ToArray();
        Assert.Equal(Enumerable.Range(0, 23), order.Order());
        Assert.NotEqual(Enumerable.Range(0, 23), order);
        Assert.Equal(order, data.Batches(5, seed: 9, epoch: 0).SelectMany(Ids));
        Assert.NotEqual(order, data.Batches(5, seed: 9, epoch: 1).SelectMany(Ids));
        Assert.NotEqual(order, data.Batches(5, seed: 10, epoch: 0).SelectMany(Ids));
        // Features travel with their targets.
        Assert.All(epoch0, b => Assert.Equal(b.Targets * 2.0, Tensor.FromArray(b.Features.ToArray().Where((_, i) => i % 2 == 0).ToArray(), 1, b.Count)));
    }

    [Fact]
    public void The_shuffle_is_fixed_forever_by_the_seed()
    {
        // SplitMix64 + Fisher–Yates (checked against an independent Python transcription): this order must never change, or old runs stop being reproducible.
        Assert.Equal([9, 8, 4, 2, 0, 6, 3, 5, 1, 7], Numbered(10).Permutation(seed: 1, epoch: 0));
    }

    [Fact]
    public void Split_holds_out_every_fifth_sample()
    {
        var (train, test) = Numbered(12).Split(i => i % 5 == 4);
        Assert.Equal([4, 9], Ids(test));
        Assert.Equal(10, train.Count);
        Assert.Equal([0, 1, 2, 3, 5, 6, 7, 8, 10, 11], Ids(train));
    }

    [Fact]
    public void Bad_construction_is_refused_with_the_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new Dataset(Tensor.Zeros(2, 3), Tensor.Zeros(1, 4)));
        Assert.Contains("(2, 3)", e.Message);
        Assert.Throws<ArgumentException>(() => new Dataset(Tensor.Zeros(3), Tensor.Zeros(1, 3)));
        Assert.Throws<ArgumentException>(() => new Dataset(Tensor.Zeros(2, 3), Tensor.Zeros(2, 3), ["only one"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Numbered(3).Batches(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Numbered(3).Select([3]));
    }
    [Theory]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(1_000_000)]
    [InlineData(int.MaxValue - 1)]
    [InlineData(int.MaxValue)]
    public void A_batch_size_at_or_above_the_sample_count_is_one_batch(int batchSize)
    {
        var data = Numbered(10);
        Assert.Equal(1, data.BatchCount(batchSize));
        var batch = Assert.Single(data.Batches(batchSize));
        Assert.Equal(data, batch);
        Assert.Equal(10, Assert.Single(data.Batches(batchSize, seed: 3, epoch: 1)).Count);
        Assert.Equal(0, new Dataset(Tensor.Zeros(2, 0), Tensor.Zeros(1, 0)).BatchCount(batchSize));
    }

    [Fact]
    public void Training_with_a_batch_size_of_int_MaxValue_takes_one_full_batch_per_epoch()
    {
        var data = TrainingTests.Blobs(12, 2);
        var model = TrainingTests.Model(1);
        var huge = Training.Train(model, Optimisers.SGD(0.1), TrainingTests.Loss, data, epochs: 3, batchSize: int.MaxValue, seed: 4);
        var exact = Training.Train(model, Optimisers.SGD(0.1), TrainingTests.Loss, data, epochs: 3, batchSize: 12, seed: 4);
        Assert.Equal(3, huge.Steps);
        Assert.Equal(exact, huge);
    }
}
