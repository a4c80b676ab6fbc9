using System.Management.Automation;
using Flux.Plotting;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>Export-TrainingPlot</c>: writes the picture of a training run (the loss of every step, the
/// mean loss of every epoch and, when the run had <c>-ValidationData</c>, the validation accuracy) as
/// a PNG, and returns the file.
/// </summary>
[Cmdlet(VerbsData.Export, "TrainingPlot")]
[OutputType(typeof(FileInfo))]
public sealed class ExportTrainingPlotCommand : PSCmdlet
{
    /// <summary>The result of <c>Invoke-Training</c>; bound from the pipeline.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public TrainingOutcome? InputObject { get; set; }

    /// <summary>The PNG to write, relative to the current location; an existing file is replaced.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Pixels across.</summary>
    [Parameter]
    [ValidateRange(100, 10_000)]
    public int Width { get; set; } = 800;

    /// <summary>Pixels down.</summary>
    [Parameter]
    [ValidateRange(100, 10_000)]
    public int Height { get; set; } = 500;

    /// <summary>The title; by default "Training: N steps".</summary>
    [Parameter]
    public string? Title { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var run = InputObject!;
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (this.TryRun(() => TrainingPlot.SavePng(path, run.Losses, run.EpochLosses, run.ValidationAccuracy, run.BatchesPerEpoch,
                "validation accuracy", Width, Height, Title), "InvalidPlot", run, out var written))
            WriteObject(new FileInfo(written));
    }
}
