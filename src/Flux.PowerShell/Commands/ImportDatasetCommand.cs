using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>Import-Dataset</c>: a dataset from a CSV file with a header line. By default the -Target
/// column holds class labels (one-hot targets); with -Regression the -Target columns are numbers.
/// Every other column is a numeric feature. With -LabelPath, -Path is an IDX images file (MNIST's
/// format, gzipped or not) and -LabelPath its labels file: pixels / 255 as features, one-hot labels.
/// With -Float32, features and targets are read straight into float32 (no float64 copy).
/// </summary>
[Cmdlet(VerbsData.Import, "Dataset", DefaultParameterSetName = ClassificationSet)]
[OutputType(typeof(Dataset))]
public sealed class ImportDatasetCommand : PSCmdlet
{
    private const string ClassificationSet = "Classification", RegressionSet = "Regression", IdxSet = "Idx";

    /// <summary>The CSV file (or, with -LabelPath, the IDX images file), relative to the current location; bound from the pipeline (also as FullName or PSPath).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The label column (classification), or the target columns (regression).</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ClassificationSet)]
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = RegressionSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.CsvColumnCompleter))]
    public string[] Target { get; set; } = [];

    /// <summary>The IDX labels file that goes with the -Path images file (e.g. <c>train-labels-idx1-ubyte.gz</c>).</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdxSet)]
    [ValidateNotNullOrEmpty]
    public string LabelPath { get; set; } = "";

    /// <summary>With IDX files, keep only the first this many samples (the whole files are still checked).</summary>
    [Parameter(ParameterSetName = IdxSet)]
    [ValidateRange(0, int.MaxValue)]
    public int First { get; set; } = int.MaxValue;

    /// <summary>The classes in target-row order; without it, the labels in order of first appearance (CSV) or "0" to the largest label (IDX: label k is the k-th class).</summary>
    [Parameter(ParameterSetName = ClassificationSet)]
    [Parameter(ParameterSetName = IdxSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Class { get; set; }

    /// <summary>The -Target columns are numeric targets, not class labels.</summary>
    [Parameter(ParameterSetName = RegressionSet, Mandatory = true)]
    public SwitchParameter Regression { get; set; }

    /// <summary>Read features and targets into float32 (Flux's <c>f32</c>), in every format; without it they are float64.</summary>
    [Parameter]
    public SwitchParameter Float32 { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        var type = Float32 ? ElementType.Float32 : ElementType.Float64;
        if (ParameterSetName == IdxSet)
        {
            var labels = SessionState.Path.GetUnresolvedProviderPathFromPSPath(LabelPath);
            if (this.TryRun(() => Idx.LoadClassification(path, labels, Class, First, type), "InvalidDatasetFile", path, out var images))
                WriteObject(images);
            return;
        }
        if (!Regression && Target.Length != 1)
        {
            ThrowTerminatingError(CmdletErrors.Invalid(
                $"Import-Dataset: a classification dataset has one label column; got {Target.Length} ({string.Join(", ", Target)}). Use -Regression for several numeric targets.",
                "OneLabelColumn", ErrorCategory.InvalidArgument, Target));
            return;
        }
        if (this.TryRun(() => Regression ? Csv.LoadRegression(path, type, Target) : Csv.LoadClassification(path, Target[0], Class, type), "InvalidDatasetFile", path, out var data))
            WriteObject(data);
    }
}
