using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>Get-Hessian</c>: Zygote's <c>hessian</c>. The Hessian <c>H_jk = ∂²L/∂θ_j∂θ_k</c> of a loss script block
/// over every element of the parameters (<see cref="Gradient.Hessian"/>), or with <c>-Vector</c> the
/// Hessian-vector product <c>H·v</c> without forming H (<see cref="Gradient.Hvp"/>).
/// </summary>
[Cmdlet(VerbsCommon.Get, "Hessian")]
[OutputType(typeof(Tensor), typeof(Grads))]
public sealed class GetHessianCommand : PSCmdlet
{
    private readonly List<Param> _params = [];

    /// <summary>A script block returning a scalar expression, as for Get-Gradient.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public ScriptBlock? Loss { get; set; }

    /// <summary>The parameters; bound from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public Param[] Param { get; set; } = [];

    /// <summary>A direction v with a tensor for every parameter (a Grads): then H·v is returned, as a Grads.</summary>
    [Parameter]
    [ValidateNotNull]
    public Grads? Vector { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord() => _params.AddRange(Param);

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var loss = LossScript.ToFunc(Loss!);
        var ps = Params.Of(_params);
        if (Vector is { } v)
        {
            if (this.TryRun(() => Gradient.Hvp(loss, ps, v), "HessianFailed", Loss, out var hv)) WriteObject(hv);
        }
        else if (this.TryRun(() => Gradient.Hessian(loss, ps), "HessianFailed", Loss, out var h))
        {
            WriteObject(h);
        }
    }
}
