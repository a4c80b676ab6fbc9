using System.Management.Automation;

namespace Flux.PowerShell.Commands;

/// <summary><c>New-Softmax</c>: Flux's <c>softmax</c> as a parameterless layer, for the end of a chain.</summary>
[Cmdlet(VerbsCommon.New, "Softmax")]
[OutputType(typeof(SoftmaxLayer))]
public sealed class NewSoftmaxCommand : PSCmdlet
{
    /// <inheritdoc/>
    protected override void EndProcessing() => WriteObject(Layers.Softmax);
}
