using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>Measure-Accuracy</c>: the fraction of samples whose predicted class (the largest output) is
/// the target class, for a model on a classification dataset. Given the outcome of
/// <c>Invoke-Training</c> or <c>Import-Checkpoint</c> instead of a model, it measures the outcome's
/// evaluation model (an average, schedule-free's <c>x</c>, else the trained model).
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "Accuracy")]
[OutputType(typeof(double))]
public sealed class MeasureAccuracyCommand : PSCmdlet
{
    /// <summary>The layer or chain, or a training or checkpoint outcome (its evaluation model is measured).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    [EvaluationModelTransformation]
    public ILayer? Model { get; set; }

    /// <summary>The dataset; bound from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Dataset? Data { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var (model, data) = (Model!, Data!);
        if (this.TryRun(() => Metrics.Accuracy(model, data), "InvalidAccuracyData", data, out var accuracy)) WriteObject(accuracy);
    }
}
