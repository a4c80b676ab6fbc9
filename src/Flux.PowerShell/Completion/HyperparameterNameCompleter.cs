using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Completion;

/// <summary>
/// Completes a hyperparameter's name: from the <see cref="IOptimiser.HyperparameterNames"/> of the
/// optimiser bound to <c>-Optimiser</c> (<c>Set-OptimiserHyperparameter</c>), or from the declaration of
/// the rule <c>-Type</c> names (<c>New-Optimiser -ScheduledParameter</c>).
/// </summary>
public sealed class HyperparameterNameCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var bound = fakeBoundParameters?["Optimiser"];
        var names = (bound is PSObject o ? o.BaseObject : bound) is IOptimiser optimiser
            ? optimiser.HyperparameterNames.AsEnumerable()
            : RuleNameAttribute.Find(fakeBoundParameters?["Type"]?.ToString())?.Hyperparameters.Select(h => h.Name) ?? [];
        return Completions.Matching(names, wordToComplete, "hyperparameter");
    }
}
