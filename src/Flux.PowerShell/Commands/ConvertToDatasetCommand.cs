using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>ConvertTo-Dataset</c>: a dataset from rows on the pipeline (objects whose properties are the
/// columns, as Import-Csv writes them, or hashtables). The -Target column holds class labels, or
/// with -Regression the -Target columns hold numbers; the -Feature columns (by default all others)
/// hold numbers.
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "Dataset", DefaultParameterSetName = ClassificationSet)]
[OutputType(typeof(Dataset))]
public sealed class ConvertToDatasetCommand : PSCmdlet
{
    private const string ClassificationSet = "Classification", RegressionSet = "Regression";
    private readonly List<PSObject> _rows = [];

    /// <summary>One row; bound from the pipeline.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject? InputObject { get; set; }

    /// <summary>The label column (classification), or the target columns (regression).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[] Target { get; set; } = [];

    /// <summary>The feature columns, in order; by default every column of the first row that is not a target.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string[]? Feature { get; set; }

    /// <summary>The classes in target-row order; without it, the labels in order of first appearance.</summary>
    [Parameter(ParameterSetName = ClassificationSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Class { get; set; }

    /// <summary>The -Target columns are numeric targets, not class labels.</summary>
    [Parameter(ParameterSetName = RegressionSet, Mandatory = true)]
    public SwitchParameter Regression { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord() => _rows.Add(InputObject!);

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (!Regression && Target.Length != 1)
        {
            WriteError(CmdletErrors.Invalid(
                $"ConvertTo-Dataset: a classification dataset has one label column; got {Target.Length} ({string.Join(", ", Target)}). Use -Regression for several numeric targets.",
                "OneLabelColumn", ErrorCategory.InvalidArgument, Target));
            return;
        }
        try
        {
            WriteObject(DatasetRows.Read(_rows, Target, Feature, Regression, Class));
        }
        catch (DatasetRows.RowException e)
        {
            WriteError(new ErrorRecord(e, "InvalidRow", ErrorCategory.InvalidData, _rows[e.Row - 1]));
        }
        catch (ArgumentException e)
        {
            WriteError(CmdletErrors.Record(e, "InvalidRows", _rows.Count > 0 ? _rows[0] : null));
        }
    }
}
