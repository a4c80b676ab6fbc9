using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>Test-Gradient</c>: checks traced gradients against central differences with the library's kit
/// (<see cref="GradientCheck"/>) and returns its <see cref="GradientCheckResult"/>: passed or not,
/// and the worst element with its parameter, index, analytic and numeric values.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "Gradient", DefaultParameterSetName = ParamSet)]
[OutputType(typeof(GradientCheckResult))]
public sealed class TestGradientCommand : PSCmdlet
{
    private const string ParamSet = "Param", ModelSet = "Model", RuleSet = "Rule";
    private readonly List<Param> _params = [];

    /// <summary>A script block returning a scalar expression, as for Get-Gradient; with -Model, the model is its first argument.</summary>
    [Parameter(ParameterSetName = ParamSet, Mandatory = true, Position = 0)]
    [Parameter(ParameterSetName = ModelSet, Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public ScriptBlock? Loss { get; set; }

    /// <summary>The parameters whose gradients to check; bound from the pipeline.</summary>
    [Parameter(ParameterSetName = ParamSet, Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public Param[] Param { get; set; } = [];

    /// <summary>A model: every parameter of it is checked.</summary>
    [Parameter(ParameterSetName = ModelSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public IModel? Model { get; set; }

    /// <summary>A scalar rule (<c>[Flux.ScalarRule]::Define(...)</c>) whose pullback to check.</summary>
    [Parameter(ParameterSetName = RuleSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public ScalarRule? Rule { get; set; }

    /// <summary>The point at which to check the rule.</summary>
    [Parameter(ParameterSetName = RuleSet, Mandatory = true, Position = 1)]
    [ValidateNotNull]
    public Tensor? At { get; set; }

    /// <summary>rtol; <see cref="GradientTolerance.Double"/>'s when omitted.</summary>
    [Parameter]
    public double? RelativeTolerance { get; set; }

    /// <summary>atol; <see cref="GradientTolerance.Double"/>'s when omitted.</summary>
    [Parameter]
    public double? AbsoluteTolerance { get; set; }

    private GradientTolerance Tolerance => GradientTolerance.Double with
    {
        Relative = RelativeTolerance ?? GradientTolerance.Double.Relative,
        Absolute = AbsoluteTolerance ?? GradientTolerance.Double.Absolute,
    };

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case ParamSet:
                _params.AddRange(Param);
                return;
            case ModelSet:
                var model = Model!;
                if (this.TryRun(() => GradientCheck.Check(LossScript.ToFunc(Loss!, model), model.Params(), Tolerance), "GradientCheckFailed", Loss, out var m))
                    WriteObject(m);
                return;
            default:
                if (this.TryRun(() => GradientCheck.Rule(Rule!, At!, Tolerance), "GradientCheckFailed", Rule, out var r))
                    WriteObject(r);
                return;
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (ParameterSetName != ParamSet) return;
        if (this.TryRun(() => GradientCheck.Check(LossScript.ToFunc(Loss!), Params.Of(_params), Tolerance), "GradientCheckFailed", Loss, out var g))
            WriteObject(g);
    }
}
