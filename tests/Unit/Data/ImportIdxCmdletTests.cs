using System.Management.Automation;
using Flux.Tests.Unit.PowerShell;
using Xunit;
using static Flux.Tests.Unit.Data.IdxTests;

namespace Flux.Tests.Unit.Data;

/// <summary>Import-Dataset with -LabelPath: IDX files as the library reads them, and their errors as ErrorRecords.</summary>
public sealed class ImportIdxCmdletTests : IDisposable
{
    private readonly PowerShellSession _ps = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-idx-cmdlet-").FullName;

    public void Dispose()
    {
        _ps.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private (string Images, string Labels) Pair() => (
        WriteFile(_dir, "images.idx3-ubyte.gz", IdxBytes([4, 2, 3], [.. Enumerable.Range(0, 24).Select(i => (byte)(10 * i))]), gzip: true),
        WriteFile(_dir, "labels.idx1-ubyte", IdxBytes([4], [1, 0, 1, 2]), gzip: false));

    [Fact]
    public void ImportDataset_reads_idx_files_as_the_library_does()
    {
        var (images, labels) = Pair();
        var data = _ps.Set("i", images).Set("l", labels).Single<Dataset>("Import-Dataset -Path $i -LabelPath $l");
        Assert.Equal(Idx.LoadClassification(images, labels), data);
        Assert.Equal(6, data.Features.Shape.Rows);
    }

    [Fact]
    public void ImportDataset_takes_classes_and_the_first_samples_and_resolves_relative_paths_and_pipeline_input()
    {
        var (images, labels) = Pair();
        var data = _ps.Set("dir", _dir).Single<Dataset>(
            "$null = $ExecutionContext.SessionState.Path.SetLocation($dir); Get-Item images.idx3-ubyte.gz | Import-Dataset -LabelPath labels.idx1-ubyte -Class a, b, c -First 3");
        Assert.Equal(Idx.LoadClassification(images, labels, ["a", "b", "c"], limit: 3), data);
        Assert.Equal<string>(["a", "b", "c"], data.Classes);
    }

    [Fact]
    public void ImportDataset_of_a_truncated_idx_file_is_an_error_naming_the_file_and_offset()
    {
        var labels = Pair().Labels;
        var images = WriteFile(_dir, "short.gz", IdxBytes([4, 2, 3], new byte[24])[..30], gzip: true);
        var error = _ps.Set("i", images).Set("l", labels).Error("Import-Dataset -Path $i -LabelPath $l");
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(images, error.TargetObject);
        Assert.Contains($"{images}, byte 30:", error.Exception.Message);
    }

    [Fact]
    public void ImportDataset_keeps_its_csv_sets_and_refuses_target_with_label_path()
    {
        var (images, labels) = Pair();
        var iris = Path.Combine(PowerShellSession.RepositoryRoot, "examples", "data", "iris.csv");
        Assert.Equal(150, _ps.Set("path", iris).Single<Dataset>("Import-Dataset $path species").Count);
        var error = _ps.Set("i", images).Set("l", labels).Error("Import-Dataset -Path $i -LabelPath $l -Target x");
        Assert.Equal("AmbiguousParameterSet,Flux.PowerShell.Commands.ImportDatasetCommand", error.FullyQualifiedErrorId);
    }
}
