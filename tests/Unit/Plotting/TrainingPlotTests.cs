using System.Buffers.Binary;
using Flux.Plotting;
using Xunit;

namespace Flux.Tests.Unit.Plotting;

/// <summary>TrainingPlot writes a real PNG of the asked size from a run, and refuses what it cannot draw.</summary>
public sealed class TrainingPlotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-plot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The width and height in a PNG's header, after checking its signature.</summary>
    internal static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), $"{path} is not a PNG");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    [Fact]
    public void A_run_with_epoch_scores_becomes_a_png_of_the_asked_size()
    {
        var data = TrainingTests.Blobs(64, 1);
        var run = Training.Train(TrainingTests.Model(2), Optimisers.ADAM(0.05), TrainingTests.Loss, data, 5, 16, 3,
            evaluate: m => Metrics.Accuracy(m, data));
        var path = TrainingPlot.SavePng(Path.Combine(_dir, "run.png"), run, width: 640, height: 360);
        Assert.Equal((640, 360), PngSize(path));
        Assert.True(new FileInfo(path).Length > 5_000, "the picture is nearly empty");
    }

    [Fact]
    public void Series_with_non_finite_losses_still_draw()
    {
        var path = TrainingPlot.SavePng(Path.Combine(_dir, "gaps.png"), [1.0, 0.5, double.NaN, 0.25, double.PositiveInfinity, 0.2], [0.8, 0.3], batchesPerEpoch: 3);
        Assert.Equal((800, 500), PngSize(path));
    }

    [Fact]
    public void What_cannot_be_drawn_is_refused_with_the_value_named()
    {
        var missing = Path.Combine(_dir, "no-such-folder", "x.png");
        Assert.Contains("no-such-folder", Assert.Throws<ArgumentException>(() => TrainingPlot.SavePng(missing, [1.0])).Message);
        Assert.Contains("no step losses", Assert.Throws<ArgumentException>(() => TrainingPlot.SavePng(Path.Combine(_dir, "e.png"), [])).Message);
        Assert.Contains("width", Assert.Throws<ArgumentOutOfRangeException>(() => TrainingPlot.SavePng(Path.Combine(_dir, "w.png"), [1.0], width: 50)).Message);
        Assert.Contains("path is empty", Assert.Throws<ArgumentException>(() => TrainingPlot.SavePng(" ", [1.0])).Message);
    }
}
