using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>Invoke-Optimiser</c>: one step of an optimiser, <c>(state, params) → (state', params')</c>, or
/// over a model. Without <c>-State</c> it starts from the optimiser's initial state.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Optimiser", DefaultParameterSetName = ParamSet)]
[OutputType(typeof(OptimiserStep))]
public sealed class InvokeOptimiserCommand : PSCmdlet
{
    private const string ParamSet = "Param", ModelSet = "Model";
    private readonly List<Param> _params = [];

    /// <summary>The optimiser, from New-Optimiser.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public IOptimiser? Optimiser { get; set; }

    /// <summary>The parameters to step; bound from the pipeline.</summary>
    [Parameter(ParameterSetName = ParamSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public Param[] Param { get; set; } = [];

    /// <summary>A model whose parameters to step.</summary>
    [Parameter(ParameterSetName = ModelSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public IModel? Model { get; set; }

    /// <summary>Gradients from Get-Gradient.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public Grads? Gradient { get; set; }

    /// <summary>The state from the previous step; without it, the optimiser's initial state.</summary>
    [Parameter]
    [AllowNull]
    public OptimiserState? State { get; set; }

    /// <summary>The loss at these parameters, told to the optimiser before the step (<c>-ReduceOnPlateau</c> uses it; other rules ignore it).</summary>
    [Parameter]
    [ValidateNotNull]
    public double? Loss { get; set; }

    // The state to step from, told the loss when there is one.
    private OptimiserState Before(IOptimiser optimiser, OptimiserState start) => Loss is { } loss ? optimiser.Observe(start, loss) : start;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ParamSet) { _params.AddRange(Param); return; }
        var (optimiser, model) = (Optimiser!, Model!);
        if (this.TryRun(() =>
            {
                var (state, next) = optimiser.Step(Before(optimiser, State ?? optimiser.Init(model)), model, Gradient!);
                return new OptimiserStep(state, [.. next.Params()], next);
            }, "OptimiserStepFailed", State ?? (object)Gradient!, out var step))
            WriteObject(step);
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (ParameterSetName != ParamSet) return;
        var optimiser = Optimiser!;
        if (this.TryRun(() =>
            {
                var ps = Params.Of(_params);
                var (state, next) = optimiser.Step(Before(optimiser, State ?? optimiser.Init(ps)), ps, Gradient!);
                return new OptimiserStep(state, [.. next], null);
            }, "OptimiserStepFailed", State ?? (object)Gradient!, out var step))
            WriteObject(step);
    }
}
