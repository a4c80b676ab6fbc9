using System.Management.Automation;
using Flux.PowerShell.Completion;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>Set-OptimiserHyperparameter</c>: live hyperparameters (Optimisers.jl's <c>adjust</c>). Returns the
/// optimiser with hyperparameter <c>-Name</c> set to <c>-Value</c> wherever it appears (every element of
/// a chain or per-layer optimiser that has it) and the state to continue with; a change of η keeps
/// the moments. Nothing changes in place.
/// </summary>
[Cmdlet(VerbsCommon.Set, "OptimiserHyperparameter")]
[OutputType(typeof(AdjustedOptimiser))]
public sealed class SetOptimiserHyperparameterCommand : PSCmdlet
{
    /// <summary>The optimiser, from New-Optimiser or a previous Set-OptimiserHyperparameter.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public IOptimiser? Optimiser { get; set; }

    /// <summary>The state the last step returned; bound by name from Invoke-Optimiser's output.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public OptimiserState? State { get; set; }

    /// <summary>The hyperparameter, by its library name (eta, beta1, rho, ...); completed from the optimiser's <see cref="IOptimiser.HyperparameterNames"/>.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(HyperparameterNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>The new value, validated as at construction.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    public double Value { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var (optimiser, state) = (Optimiser!, State!);
        var names = optimiser.HyperparameterNames;
        if (!names.Contains(Name))
            ThrowTerminatingError(CmdletErrors.Invalid(
                $"Set-OptimiserHyperparameter: {optimiser} has no hyperparameter '{Name}'; it has {(names.IsEmpty ? "none" : string.Join(", ", names))}.",
                "HyperparameterNotFound", ErrorCategory.InvalidArgument, Name));
        WriteObject(this.Run(() =>
        {
            var (next, nextState) = optimiser.Adjust(state, Name, Value);
            return new AdjustedOptimiser(next, nextState);
        }, "InvalidHyperparameter", Value));
    }
}
