using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>Get-Gradient</c>: Flux's <c>gradient(() -> loss(x, y), params)</c>. Runs the loss script block,
/// which traces an expression, and returns the gradient of every parameter as a <see cref="Grads"/>;
/// with <c>-Traced</c>, as expressions to use in a further loss (<see cref="Gradient.Traced"/>).
/// </summary>
[Cmdlet(VerbsCommon.Get, "Gradient", DefaultParameterSetName = ParamSet)]
[OutputType(typeof(Grads), typeof(Expr))]
public sealed class GetGradientCommand : PSCmdlet
{
    private const string ParamSet = "Param", ModelSet = "Model";
    private readonly List<Param> _params = [];

    /// <summary>
    /// A script block returning a scalar expression, e.g. <c>{ ($W * $x + $b - $y).Square().Sum() }</c>.
    /// With -Model, the model is passed to it as its first argument.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public ScriptBlock? Loss { get; set; }

    /// <summary>The parameters to differentiate with respect to; bound from the pipeline.</summary>
    [Parameter(ParameterSetName = ParamSet, Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public Param[] Param { get; set; } = [];

    /// <summary>A model: the gradient is taken with respect to all of its parameters.</summary>
    [Parameter(ParameterSetName = ModelSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public IModel? Model { get; set; }

    /// <summary>
    /// Return the gradient as traced expressions, one per parameter in order, which a further loss can use
    /// and differentiate again (a gradient penalty ‖∇L‖²), instead of a Grads.
    /// </summary>
    [Parameter]
    public SwitchParameter Traced { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ParamSet) { _params.AddRange(Param); return; }
        var model = Model!;
        Differentiate(LossScript.ToFunc(Loss!, model), model.Params());
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (ParameterSetName == ParamSet) Differentiate(LossScript.ToFunc(Loss!), Params.Of(_params));
    }

    private void Differentiate(Func<Expr> loss, Params ps)
    {
        if (Traced)
        {
            if (this.TryRun(() => Gradient.Traced(loss, ps), "GradientFailed", Loss, out var traced))
                WriteObject(traced.ToArray(), enumerateCollection: true);
        }
        else if (this.TryRun(() => Gradient.Of(loss, ps), "GradientFailed", Loss, out var g))
        {
            WriteObject(g);
        }
    }
}
