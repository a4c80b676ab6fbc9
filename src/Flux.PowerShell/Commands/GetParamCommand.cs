using System.Management.Automation;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>Get-Param</c>: a model's trainable parameters in order (Flux's <c>params(m)</c>), each with its
/// path in the model (<c>layers[0].W</c>) as a <c>Path</c> property; with <c>-Path</c>, only those.
/// </summary>
[Cmdlet(VerbsCommon.Get, "Param")]
[OutputType(typeof(Param))]
public sealed class GetParamCommand : PSCmdlet
{
    /// <summary>The model; bound from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public IModel? Model { get; set; }

    /// <summary>The paths of the parameters to get (<c>layers[1].b</c>), in the order given; by default every parameter.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var ps = Model!.Params();
        var positions = Path is null ? Enumerable.Range(0, ps.Count) : Path.Select(path => Position(ps, path));
        foreach (var i in positions)
        {
            var item = PSObject.AsPSObject(ps[i]);
            item.Properties.Add(new PSNoteProperty("Path", ps.PathOf(i)));
            WriteObject(item);
        }
    }

    private int Position(Params ps, string path)
    {
        var i = ps.Paths.IndexOf(path);
        if (i >= 0) return i;
        ThrowTerminatingError(new ErrorRecord(
            new ItemNotFoundException($"Get-Param: the model has no parameter at path '{path}'; its paths are {string.Join(", ", ps.Paths)}."),
            "ParamPathNotFound", ErrorCategory.ObjectNotFound, path));
        return -1;
    }
}
