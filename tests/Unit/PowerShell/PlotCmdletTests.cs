using System.Collections.Immutable;
using Flux.Tests.Unit.Plotting;
using Xunit;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>Invoke-Training -ValidationData and Export-TrainingPlot, in the hosted engine.</summary>
public sealed class PlotCmdletTests : IDisposable
{
    private readonly PowerShellSession _ps = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-plot-cmdlet-").FullName;
    private static readonly Dataset Iris = Csv.LoadClassification(Path.Combine(PowerShellSession.RepositoryRoot, "examples", "data", "iris.csv"), "species");

    private static Chain Model() => Layers.Chain(Layers.Dense(4, 8, Activation.Relu, seed: 1), Layers.Dense(8, 3, seed: 2), Layers.Softmax);

    private readonly Dataset _train = Iris.Select([.. Enumerable.Range(0, 150).Where(i => i % 5 != 0)]);
    private readonly Dataset _test = Iris.Select([.. Enumerable.Range(0, 150).Where(i => i % 5 == 0)]);

    public PlotCmdletTests() => _ps.Set("train", _train).Set("test", _test).Set("m", Model()).Set("dir", _dir);

    public void Dispose()
    {
        _ps.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private const string Train = "Invoke-Training -Model $m -Optimiser (New-Optimiser ADAM -Eta 0.01) -Loss CrossEntropy -Data $train -Epochs 4 -BatchSize 30 -Seed 3 -ValidationData $test";

    [Fact]
    public void ValidationData_gives_the_accuracy_of_every_epoch_as_the_library_measures_it()
    {
        dynamic outcome = Assert.Single(_ps.Eval(Train));
        var (train, test) = (_train, _test);
        var expected = Training.Train(Model(), Optimisers.ADAM(0.01), (c, x, y) => Losses.CrossEntropy(c.Apply(x), y), train, 4, 30, 3,
            evaluate: c => Metrics.Accuracy(c, test));
        Assert.Equal(expected.EpochScores.ToArray(), ((ImmutableArray<double>)outcome.ValidationAccuracy).ToArray());
        Assert.Equal(expected.Losses.ToArray(), ((ImmutableArray<double>)outcome.Losses).ToArray());
        Assert.Equal(Metrics.Accuracy((Chain)outcome.Model, test), expected.EpochScores[^1]);
    }

    [Fact]
    public void ExportTrainingPlot_writes_the_png_relative_to_the_location_and_returns_the_file()
    {
        var file = Assert.Single(_ps.Eval($"Set-Location $dir; {Train} | Export-TrainingPlot run.png -Width 500 -Height 300"));
        var info = Assert.IsType<FileInfo>(file);
        Assert.Equal(Path.Combine(_dir, "run.png"), info.FullName);
        Assert.Equal((500, 300), TrainingPlotTests.PngSize(info.FullName));
    }

    [Fact]
    public void Bad_plot_arguments_are_refused_before_anything_is_written()
    {
        Assert.Contains("100", _ps.Error($"{Train} | Export-TrainingPlot \"$dir/x.png\" -Width 20").Exception.Message);
        Assert.Contains("no-such", _ps.Error($"{Train} | Export-TrainingPlot \"$dir/no-such/x.png\"").Exception.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "x.png")));
    }
}
