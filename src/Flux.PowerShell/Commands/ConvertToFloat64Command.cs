using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>ConvertTo-Float64</c>: Flux's <c>f64</c>. A tensor, parameter, model or dataset from the
/// pipeline, with every element in float64 (each float widened exactly); parameters keep their
/// identities, and a value already in float64 comes back as itself.
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "Float64")]
[OutputType(typeof(Tensor), typeof(Param), typeof(IModel), typeof(Dataset))]
public sealed class ConvertToFloat64Command : PSCmdlet
{
    /// <summary>A Tensor, Param, model (IModel) or Dataset; bound from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord() => this.WriteConverted(InputObject, ElementType.Float64);
}
