using Xunit;

namespace Flux.Tests.Unit.Data;

/// <summary>The IDX, CSV and row loaders in float32: the same numbers as float64 rounded once, read without a float64 copy.</summary>
public sealed class Float32LoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-load32-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int[] Bits(Tensor t) => t.SingleSpan.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();

    // Every byte value once, as 16 images of 4 × 4, with labels 0..9 and on.
    private (string Images, string Labels) EveryByte(bool gzip) => (
        IdxTests.WriteFile(_dir, "all-images", IdxTests.IdxBytes([16, 4, 4], [.. Enumerable.Range(0, 256).Select(b => (byte)b)]), gzip),
        IdxTests.WriteFile(_dir, "all-labels", IdxTests.IdxBytes([16], [.. Enumerable.Range(0, 16).Select(j => (byte)(j % 10))]), gzip));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Idx_in_float32_is_the_float64_dataset_rounded_once(bool gzip)
    {
        var (images, labels) = EveryByte(gzip);
        var wide = Idx.LoadClassification(images, labels);
        var narrow = Idx.LoadClassification(images, labels, elementType: ElementType.Float32);
        Assert.Equal(ElementType.Float64, wide.ElementType);
        Assert.Equal(ElementType.Float32, narrow.ElementType);
        Assert.Equal(ElementType.Float32, narrow.Targets.ElementType);
        Assert.Equal(Bits(wide.Features.ToFloat32()), Bits(narrow.Features));
        Assert.Equal(wide.Targets.ToFloat32(), narrow.Targets);
        Assert.Equal(wide.Classes.ToArray(), narrow.Classes.ToArray());
        Assert.Equal(1f, narrow.Features.SingleSpan[255]);
        Assert.Equal((float)(1 / 255.0), narrow.Features.SingleSpan[1]);
        Assert.Equal(wide.ToFloat32(), Idx.LoadClassification(images, labels, limit: 16, elementType: ElementType.Float32));
    }

    [Fact]
    public void Idx_in_float32_writes_floats_directly_with_no_float64_copy()
    {
        const int n = 500, side = 28;
        var pixels = new byte[n * side * side];
        new Random(1).NextBytes(pixels);
        var images = IdxTests.WriteFile(_dir, "big-images", IdxTests.IdxBytes([n, side, side], pixels), gzip: false);
        var labels = IdxTests.WriteFile(_dir, "big-labels", IdxTests.IdxBytes([n], new byte[n]), gzip: false);
        Idx.LoadClassification(images, labels, elementType: ElementType.Float32); // warm up

        var widened = Tensor.LargeWideningCount;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var data = Idx.LoadClassification(images, labels, elementType: ElementType.Float32);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(widened, Tensor.LargeWideningCount);
        // The file's bytes (1 per pixel) and the floats (4 per pixel), nothing of 8 bytes a pixel.
        Assert.InRange(allocated, 5L * pixels.Length, 6L * pixels.Length + 200_000);
        Assert.Equal(ElementType.Float32, data.ElementType);
    }

    [Fact]
    public void Csv_in_float32_is_the_float64_dataset_rounded_once_for_labels_and_numeric_targets()
    {
        var wide = Csv.LoadClassification(Flux.Tests.Unit.CsvTests.IrisPath, "species");
        var narrow = Csv.LoadClassification(Flux.Tests.Unit.CsvTests.IrisPath, "species", elementType: ElementType.Float32);
        Assert.Equal(ElementType.Float32, narrow.ElementType);
        Assert.Equal(wide.ToFloat32(), narrow);
        Assert.Equal(wide.FeatureNames.ToArray(), narrow.FeatureNames.ToArray());

        var numbers = Path.Combine(_dir, "numbers.csv");
        File.WriteAllText(numbers, "x,z,y\n0.1,1e-3,2.5\n3,-0.7,1e-40\n");
        var regression = Csv.LoadRegression(numbers, ElementType.Float32, "y");
        Assert.Equal(ElementType.Float32, regression.Targets.ElementType);
        Assert.Equal(Csv.LoadRegression(numbers, "y").ToFloat32(), regression);
        Assert.Equal(ElementType.Float64, Csv.LoadRegression(numbers, "y").ElementType);
    }

    [Fact]
    public void Csv_in_float32_refuses_a_number_beyond_the_float_range_naming_line_and_column()
    {
        var path = Path.Combine(_dir, "huge.csv");
        File.WriteAllText(path, "x,y\n1,2\n1e39,3\n");
        Assert.Equal(1e39, Csv.LoadRegression(path, "y").Features[0, 1]);
        var e = Assert.Throws<CsvFormatException>(() => Csv.LoadRegression(path, ElementType.Float32, "y"));
        Assert.Contains("line 3", e.Message);
        Assert.Contains("\"1e39\" is beyond the range of Float32", e.Message);
        Assert.Contains("load the data as Float64", e.Message);
    }

    private static IReadOnlyDictionary<string, object?> Row(params (string Column, object? Value)[] fields) =>
        fields.ToDictionary(f => f.Column, f => f.Value);

    [Fact]
    public void Rows_in_float32_are_the_float64_dataset_rounded_once()
    {
        IReadOnlyDictionary<string, object?>[] rows =
        [
            Row(("a", 0.1), ("b", "1e-3"), ("y", 2.5m), ("c", "x")),
            Row(("a", 3), ("b", "-0.7"), ("y", 1e-40), ("c", "z")),
        ];
        var wide = DatasetRows.Classification(rows, "c", ["a", "b"]);
        var narrow = DatasetRows.Classification(rows, "c", ["a", "b"], elementType: ElementType.Float32);
        Assert.Equal(ElementType.Float32, narrow.Targets.ElementType);
        Assert.Equal(wide.ToFloat32(), narrow);
        var regression = DatasetRows.Regression(rows, ["y"], ["a", "b"], ElementType.Float32);
        Assert.Equal(DatasetRows.Regression(rows, ["y"], ["a", "b"]).ToFloat32(), regression);
        Assert.Equal(ElementType.Float32, regression.ElementType);
    }

    [Fact]
    public void Rows_in_float32_refuse_a_number_beyond_the_float_range_naming_row_and_column()
    {
        IReadOnlyDictionary<string, object?>[] rows = [Row(("x", 1.0), ("y", 2.0)), Row(("x", -4e38), ("y", 3.0))];
        var e = Assert.Throws<DatasetFormatException>(() => DatasetRows.Regression(rows, ["y"], elementType: ElementType.Float32));
        Assert.Equal(2, e.Row);
        Assert.Contains("is beyond the range of Float32", e.Message);
        Assert.Equal(-4e38, DatasetRows.Regression(rows, ["y"]).Features[0, 1]);
    }
}
