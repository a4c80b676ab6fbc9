using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>Import-Dataset</c>: a dataset from a CSV file with a header line. By default the -Target
/// column holds class labels (one-hot targets); with -Regression the -Target columns are numbers.
/// Every other column is a numeric feature.
/// </summary>
[Cmdlet(VerbsData.Import, "Dataset", DefaultParameterSetName = ClassificationSet)]
[OutputType(typeof(Dataset))]
public sealed class ImportDatasetCommand : PSCmdlet
{
    private const string ClassificationSet = "Classification", RegressionSet = "Regression";

    /// <summary>The CSV file, relative to the current location; bound from the pipeline (also as FullName or PSPath).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The label column (classification), or the target columns (regression).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.CsvColumnCompleter))]
    public string[] Target { get; set; } = [];

    /// <summary>The classes in target-row order; without it, the labels in order of first appearance.</summary>
    [Parameter(ParameterSetName = ClassificationSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Class { get; set; }

    /// <summary>The -Target columns are numeric targets, not class labels.</summary>
    [Parameter(ParameterSetName = RegressionSet, Mandatory = true)]
    public SwitchParameter Regression { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (!Regression && Target.Length != 1)
        {
            ThrowTerminatingError(CmdletErrors.Invalid(
                $"Import-Dataset: a classification dataset has one label column; got {Target.Length} ({string.Join(", ", Target)}). Use -Regression for several numeric targets.",
                "OneLabelColumn", ErrorCategory.InvalidArgument, Target));
            return;
        }
        if (this.TryRun(() => Regression ? Csv.LoadRegression(path, Target) : Csv.LoadClassification(path, Target[0], Class), "InvalidDatasetFile", path, out var data))
            WriteObject(data);
    }
}
