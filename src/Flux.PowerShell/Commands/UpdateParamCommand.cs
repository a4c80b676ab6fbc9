using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>Update-Param</c>: Flux's <c>update!(p, Δ)</c> without mutation. Returns a new version of the
/// parameter (same identity) whose value is <c>p + Δ</c>; with <c>-Gradient</c> and
/// <c>-LearningRate</c>, Δ is <c>-η * grads[p]</c>.
/// </summary>
[Cmdlet(VerbsData.Update, "Param", DefaultParameterSetName = DeltaSet)]
[OutputType(typeof(Param))]
public sealed class UpdateParamCommand : PSCmdlet
{
    private const string DeltaSet = "Delta", GradientSet = "Gradient";

    /// <summary>The parameter to update; bound from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Param? Param { get; set; }

    /// <summary>The change to add, of the parameter's shape.</summary>
    [Parameter(ParameterSetName = DeltaSet, Mandatory = true, Position = 1)]
    [ValidateNotNull]
    public Tensor? Delta { get; set; }

    /// <summary>Gradients (from Get-Gradient) holding one for each parameter updated.</summary>
    [Parameter(ParameterSetName = GradientSet, Mandatory = true)]
    [ValidateNotNull]
    public Grads? Gradient { get; set; }

    /// <summary>Step size η of the gradient step <c>p - η * grads[p]</c>.</summary>
    [Parameter(ParameterSetName = GradientSet)]
    [Alias("Eta")]
    [ValidateRange(0.0, double.MaxValue)]
    public double LearningRate { get; set; } = 0.1;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var p = Param!;
        var ok = ParameterSetName == DeltaSet
            ? this.TryRun(() => p.Update(Delta!), "InvalidDelta", Delta, out var updated)
            : this.TryRun(() => p.Update(-LearningRate * Gradient![p]), "MissingGradient", p, out updated);
        if (ok) WriteObject(updated);
    }
}
