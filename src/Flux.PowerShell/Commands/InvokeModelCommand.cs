using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary><c>Invoke-Model</c>: a layer's or chain's forward pass on a tensor, <c>m(x)</c>, for inference.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "Model")]
[OutputType(typeof(Tensor))]
public sealed class InvokeModelCommand : PSCmdlet
{
    /// <summary>The layer or chain.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public ILayer? Model { get; set; }

    /// <summary>Features (a vector) or features × batch; bound from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Tensor? Input { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var (model, x) = (Model!, Input!);
        if (this.TryRun(() => model.Predict(x), "InvalidModelInput", x, out var y)) WriteObject(y);
    }
}
