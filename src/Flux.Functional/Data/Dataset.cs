using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// Samples as columns: <see cref="Features"/> (features × n) and <see cref="Targets"/>
/// (targets × n), column j of each belonging to sample j. For classification the targets are
/// one-hot and <see cref="Classes"/> names their rows. Immutable; every operation returns a new
/// dataset.
/// </summary>
public sealed record Dataset
{
    /// <summary>A dataset from features × n and targets × n matrices.</summary>
    /// <param name="features">Features × samples.</param>
    /// <param name="targets">Targets × samples (one-hot classes × samples for classification).</param>
    /// <param name="classes">The class of each target row, for one-hot targets; empty otherwise.</param>
    /// <param name="featureNames">The name of each feature row; empty when unknown.</param>
    /// <exception cref="ArgumentException">Not matrices, different numbers of samples, or names that do not match the rows.</exception>
    public Dataset(Tensor features, Tensor targets, IEnumerable<string>? classes = null, IEnumerable<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (features.Rank != 2)
            throw new ArgumentException($"Dataset: features must be a matrix features × samples; got shape {features.Shape}.", nameof(features));
        if (targets.Rank != 2)
            throw new ArgumentException($"Dataset: targets must be a matrix targets × samples; got shape {targets.Shape}.", nameof(targets));
        if (features.Shape.Cols != targets.Shape.Cols)
            throw new ArgumentException($"Dataset: features {features.Shape} and targets {targets.Shape} have different numbers of samples (columns).", nameof(targets));
        Classes = classes?.ToImmutableArray() ?? [];
        if (Classes.Length != 0 && Classes.Length != targets.Shape.Rows)
            throw new ArgumentException($"Dataset: {Classes.Length} classes for targets of shape {targets.Shape}; need one per row.", nameof(classes));
        FeatureNames = featureNames?.ToImmutableArray() ?? [];
        if (FeatureNames.Length != 0 && FeatureNames.Length != features.Shape.Rows)
            throw new ArgumentException($"Dataset: {FeatureNames.Length} feature names for features of shape {features.Shape}; need one per row.", nameof(featureNames));
        Features = features;
        Targets = targets;
    }

    /// <summary>Features × samples.</summary>
    public Tensor Features { get; }

    /// <summary>Targets × samples.</summary>
    public Tensor Targets { get; }

    /// <summary>The class each target row stands for (one-hot targets); empty for numeric targets.</summary>
    public ImmutableArray<string> Classes { get; }

    /// <summary>The name of each feature row; empty when unknown.</summary>
    public ImmutableArray<string> FeatureNames { get; }

    /// <summary>Number of samples.</summary>
    public int Count => Features.Shape.Cols;

    /// <summary>The samples at <paramref name="indices"/>, in that order (repeats allowed).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Count).</exception>
    [Pure]
    public Dataset Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        foreach (var i in indices)
            if ((uint)i >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"Dataset.Select: sample {i} is outside [0, {Count}).");
        return new Dataset(Gather(Features, indices), Gather(Targets, indices), Classes, FeatureNames);
    }

    /// <summary>
    /// The samples for which <paramref name="isHeldOut"/> is false and those for which it is true,
    /// each in their original order (e.g. <c>i =&gt; i % 5 == 4</c> holds out every fifth).
    /// </summary>
    [Pure]
    public (Dataset Train, Dataset Test) Split(Func<int, bool> isHeldOut)
    {
        ArgumentNullException.ThrowIfNull(isHeldOut);
        var train = new List<int>();
        var test = new List<int>();
        for (var i = 0; i < Count; i++) (isHeldOut(i) ? test : train).Add(i);
        return (Select(train), Select(test));
    }

    /// <summary>
    /// The samples in a random order fixed by (<paramref name="seed"/>, <paramref name="epoch"/>):
    /// the same pair gives the same order on every machine.
    /// </summary>
    [Pure]
    public Dataset Shuffle(int seed, int epoch = 0) => Select(Permutation(seed, epoch));

    /// <summary>
    /// The permutation <see cref="Shuffle"/> applies: a Fisher–Yates shuffle driven by SplitMix64
    /// seeded from (<paramref name="seed"/>, <paramref name="epoch"/>).
    /// </summary>
    [Pure]
    public int[] Permutation(int seed, int epoch = 0)
    {
        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "Dataset: the epoch must be 0 or more.");
        return SplitMix64.For(seed, epoch).Permutation(Count);
    }

    /// <summary>
    /// Consecutive mini-batches of <paramref name="batchSize"/> samples in the current order; the
    /// last batch holds the remainder when <paramref name="batchSize"/> does not divide
    /// <see cref="Count"/> (it is kept, not dropped).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
    [Pure]
    public ImmutableArray<Dataset> Batches(int batchSize)
    {
        CheckBatchSize(batchSize);
        var count = BatchCount(batchSize);
        var batches = ImmutableArray.CreateBuilder<Dataset>(count);
        for (var b = 0; b < count; b++)
        {
            var start = (int)((long)b * batchSize); // below Count, so no overflow
            batches.Add(Select(Enumerable.Range(start, Math.Min(batchSize, Count - start)).ToArray()));
        }
        return batches.MoveToImmutable();
    }

    /// <summary>
    /// The mini-batches of epoch <paramref name="epoch"/>: the samples shuffled under
    /// (<paramref name="seed"/>, <paramref name="epoch"/>), then cut as <see cref="Batches(int)"/> does.
    /// Each batch is gathered straight from this dataset (no shuffled copy of the whole); to hold only
    /// one batch at a time, use <see cref="EnumerateBatches"/>.
    /// </summary>
    [Pure]
    public ImmutableArray<Dataset> Batches(int batchSize, int seed, int epoch = 0) => [.. EnumerateBatches(batchSize, seed, epoch)];

    /// <summary>
    /// The mini-batches of <see cref="Batches(int, int, int)"/>, the same samples in the same order
    /// bit for bit, gathered one at a time as the sequence is enumerated: only the permutation and
    /// the current batch are held, never a copy of the whole dataset. Each enumeration gathers anew.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1 or <paramref name="epoch"/> below 0 (thrown at the call, not on enumeration).</exception>
    [Pure]
    public IEnumerable<Dataset> EnumerateBatches(int batchSize, int seed, int epoch = 0)
    {
        CheckBatchSize(batchSize);
        var order = Permutation(seed, epoch);
        return Enumerable.Range(0, BatchCount(batchSize)).Select(b => Batch(order, b, batchSize));
    }

    /// <summary>Batch <paramref name="index"/> of <paramref name="batchSize"/> samples taken in the order <paramref name="order"/> (the last may be short).</summary>
    internal Dataset Batch(int[] order, int index, int batchSize)
    {
        var start = (int)((long)index * batchSize); // below Count, so no overflow
        var columns = order.AsMemory(start, Math.Min(batchSize, Count - start));
        return new Dataset(Gather(Features, columns), Gather(Targets, columns), Classes, FeatureNames);
    }

    /// <summary>
    /// Number of mini-batches of <paramref name="batchSize"/>: ⌈Count / batchSize⌉, so any batch
    /// size at or above <see cref="Count"/> (up to <see cref="int.MaxValue"/>) gives one batch of every
    /// sample, and an empty dataset none.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
    [Pure]
    public int BatchCount(int batchSize)
    {
        CheckBatchSize(batchSize);
        return Count / batchSize + (Count % batchSize == 0 ? 0 : 1);
    }

    /// <summary>True when the tensors, class list and feature names are equal (tensors bit for bit).</summary>
    public bool Equals(Dataset? other) =>
        other is not null && Features.Equals(other.Features) && Targets.Equals(other.Targets)
        && Classes.SequenceEqual(other.Classes) && FeatureNames.SequenceEqual(other.FeatureNames);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Features, Targets, Classes.Length, FeatureNames.Length);

    /// <summary>The sizes and, for classification, the classes.</summary>
    public override string ToString() =>
        $"Dataset: {Count} samples, {Features.Shape.Rows} features, {Targets.Shape.Rows} targets"
        + (Classes.IsEmpty ? "" : $" (classes {string.Join(", ", Classes)})");

    private static void CheckBatchSize(int batchSize)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Dataset: the batch size must be 1 or more.");
    }

    private static Tensor Gather(Tensor x, IReadOnlyList<int> columns) => Gather(x, (columns as int[] ?? [.. columns]).AsMemory());

    private static Tensor Gather(Tensor x, ReadOnlyMemory<int> columns)
    {
        var shape = Shape.Matrix(x.Shape.Rows, columns.Length);
        return x.Single is { } f
            ? Tensor.Own(shape, Gather(f, x.Shape.Rows, columns, Fresh.SingleArray(checked(shape.Rows * columns.Length))))
            : Tensor.Own(shape, Gather(x.Data, x.Shape.Rows, columns, Fresh.Array(checked(shape.Rows * columns.Length))));
    }

    // From this many values a gather is shared among the cores: its time goes to waiting for samples
    // scattered through memory, and two cores wait for twice as many at once.
    internal const int ParallelGather = 1 << 15;

    private static T[] Gather<T>(T[] src, int rows, ReadOnlyMemory<int> columns, T[] d)
    {
        var n = columns.Length;
        if ((long)rows * n < ParallelGather)
        {
            Copy(src, rows, columns.Span, d, 0, n);
            return d;
        }
        var parts = Math.Min(n, Kernels.Workers.Chunks);
        Kernels.Workers.For(parts, q => Copy(src, rows, columns.Span, d, q * n / parts, (q + 1) * n / parts));
        return d;
    }

    // Columns [from, to) of the gather: sample columns[j] of src into column j of d.
    private static void Copy<T>(T[] src, int rows, ReadOnlySpan<int> columns, T[] d, int from, int to)
    {
        for (var j = from; j < to; j++)
            src.AsSpan(columns[j] * rows, rows).CopyTo(d.AsSpan(j * rows, rows));
    }

    /// <summary>The element type of the features.</summary>
    public ElementType ElementType => Features.ElementType;

    /// <summary>This dataset with features and targets in float32 (<c>f32</c>); itself when they are already.</summary>
    [Pure]
    public Dataset ToFloat32() => ToElementType(ElementType.Float32);

    /// <summary>This dataset with features and targets in float64 (<c>f64</c>); itself when they are already.</summary>
    [Pure]
    public Dataset ToFloat64() => ToElementType(ElementType.Float64);

    /// <summary>This dataset with features and targets in <paramref name="type"/>; itself when they have it.</summary>
    [Pure]
    public Dataset ToElementType(ElementType type) =>
        Features.ElementType == type && Targets.ElementType == type
            ? this
            : new Dataset(Features.ToElementType(type), Targets.ToElementType(type), Classes, FeatureNames);
}
