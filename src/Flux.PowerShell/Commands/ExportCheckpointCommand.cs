using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>Export-Checkpoint</c>: saves a model's parameters, an optimiser state and the step count to a
/// file, atomically. Model, State and Step bind by property name from the output of Invoke-Training:
/// piped, an outcome saves everything a resume needs (the training model and the state, which holds
/// any evaluation parameters). Given as <c>-Model</c>, an outcome saves its evaluation model (an
/// average, schedule-free's <c>x</c>), the model to use.
/// </summary>
[Cmdlet(VerbsData.Export, "Checkpoint", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportCheckpointCommand : PSCmdlet
{
    /// <summary>The file to write, relative to the current location; an existing file is replaced.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The model whose parameters to save, or a training or checkpoint outcome (its evaluation model is saved).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    [EvaluationModelTransformation]
    public IModel? Model { get; set; }

    /// <summary>The optimiser state to save with the model; without it, the model alone.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    public OptimiserState? State { get; set; }

    /// <summary>Training steps taken.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, long.MaxValue)]
    public long Step { get; set; }

    /// <summary>Write the file's FileInfo to the output.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (!ShouldProcess(path, $"Save checkpoint at step {Step}")) return;
        var (model, state, step) = (Model!, State, Step);
        if (this.TryRun(() => { Checkpoints.Save(path, model, state, step); return new FileInfo(path); }, "CheckpointNotSaved", path, out var file) && PassThru)
            WriteObject(file);
    }
}
