using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>Import-Checkpoint</c>: reads a checkpoint into a model shaped like a template and, with
/// <c>-Optimiser</c>, the optimiser state saved with it; returns model, state and step. A file saved
/// in another element type than the template's is refused unless <c>-Convert</c> is given.
/// </summary>
[Cmdlet(VerbsData.Import, "Checkpoint")]
[OutputType(typeof(CheckpointContents))]
public sealed class ImportCheckpointCommand : PSCmdlet
{
    /// <summary>The checkpoint file, relative to the current location; bound from the pipeline (also as FullName or PSPath).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>A model of the saved structure (e.g. built as before training) into which the parameters are loaded.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNull]
    public IModel? Model { get; set; }

    /// <summary>The optimiser the state was saved for; without it only the model and step are read.</summary>
    [Parameter]
    public IOptimiser? Optimiser { get; set; }

    /// <summary>Convert parameters and optimiser state saved in another element type to the template's (else such a file is refused).</summary>
    [Parameter]
    public SwitchParameter Convert { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        var (template, optimiser, convert) = (Model!, Optimiser, Convert.IsPresent);
        // One read of the file: model, state and step come from the same save.
        if (this.TryRun(() =>
            {
                var (model, state, step) = Checkpoints.LoadInto(path, template, optimiser, convert);
                return new CheckpointContents(model, state, step);
            }, "InvalidCheckpoint", path, out var contents))
            WriteObject(contents);
    }
}
