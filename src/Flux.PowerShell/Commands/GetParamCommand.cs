using System.Management.Automation;

namespace Flux.PowerShell.Commands;

/// <summary><c>Get-Param</c>: a model's trainable parameters in order (Flux's <c>params(m)</c>).</summary>
[Cmdlet(VerbsCommon.Get, "Param")]
[OutputType(typeof(Param))]
public sealed class GetParamCommand : PSCmdlet
{
    /// <summary>The model; bound from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public IModel? Model { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord() => WriteObject(Model!.Params(), enumerateCollection: true);
}
