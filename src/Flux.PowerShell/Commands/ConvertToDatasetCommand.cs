using System.Collections;
using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>ConvertTo-Dataset</c>: a dataset from rows on the pipeline (objects whose properties are the
/// columns, as Import-Csv writes them, or hashtables). The -Target column holds class labels, or
/// with -Regression the -Target columns hold numbers; the -Feature columns (by default all others)
/// hold numbers. The rows are read by <see cref="DatasetRows"/>; column names match in any case.
/// With -Float32, features and targets are read straight into float32.
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

    /// <summary>Read features and targets into float32 (Flux's <c>f32</c>); without it they are float64.</summary>
    [Parameter]
    public SwitchParameter Float32 { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord() => _rows.Add(InputObject!);

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (!Regression && Target.Length != 1)
        {
            ThrowTerminatingError(CmdletErrors.Invalid(
                $"ConvertTo-Dataset: a classification dataset has one label column; got {Target.Length} ({string.Join(", ", Target)}). Use -Regression for several numeric targets.",
                "OneLabelColumn", ErrorCategory.InvalidArgument, Target));
            return;
        }
        var rows = _rows.Select(Fields).ToArray();
        var type = Float32 ? ElementType.Float32 : ElementType.Float64;
        try
        {
            WriteObject(Regression
                ? DatasetRows.Regression(rows, Target, Feature, type)
                : DatasetRows.Classification(rows, Target[0], Feature, Class, type));
        }
        catch (DatasetFormatException e)
        {
            WriteError(new ErrorRecord(e, "InvalidRow", ErrorCategory.InvalidData, _rows[e.Row - 1]));
        }
        catch (ArgumentException e)
        {
            WriteError(CmdletErrors.Record(e, "InvalidRows", _rows.Count > 0 ? _rows[0] : null));
        }
    }

    // A row as the library reads it: a hashtable's entries or the object's properties, in order,
    // names compared ignoring case as PowerShell does, values unwrapped from their PSObject.
    private static IReadOnlyDictionary<string, object?> Fields(PSObject row)
    {
        var fields = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (row.BaseObject is IDictionary d)
            foreach (DictionaryEntry e in d) fields.TryAdd(e.Key.ToString() ?? "", Unwrap(e.Value));
        else
            foreach (var p in row.Properties) fields.TryAdd(p.Name, Unwrap(p.Value));
        return fields;
    }

    private static object? Unwrap(object? value) => value is PSObject p ? p.BaseObject : value;
}
