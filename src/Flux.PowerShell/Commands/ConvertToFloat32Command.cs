using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>ConvertTo-Float32</c>: Flux's <c>f32</c>. A tensor, parameter, model or dataset from the
/// pipeline, with every element in float32 (each double rounded to the nearest float); parameters keep their
/// identities, and a value already in float32 comes back as itself.
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "Float32")]
[OutputType(typeof(Tensor), typeof(Param), typeof(IModel), typeof(Dataset))]
public sealed class ConvertToFloat32Command : PSCmdlet
{
    /// <summary>A Tensor, Param, model (IModel) or Dataset; bound from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord() => this.WriteConverted(InputObject, ElementType.Float32);
}
