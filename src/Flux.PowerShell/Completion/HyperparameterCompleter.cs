using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Flux.PowerShell.Completion;

/// <summary>
/// Completes <c>Set-OptimiserHyperparameter -Name</c> with the hyperparameter names of the optimiser
/// given as <c>-Optimiser</c> (eta, beta1, ...); nothing until one is given.
/// </summary>
public sealed class HyperparameterCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var optimiser = fakeBoundParameters?["Optimiser"] switch
        {
            PSObject { BaseObject: IOptimiser o } => o,
            IOptimiser o => o,
            _ => null,
        };
        return optimiser is null ? [] : Completions.Matching(optimiser.HyperparameterNames(), wordToComplete, "hyperparameter");
    }
}
