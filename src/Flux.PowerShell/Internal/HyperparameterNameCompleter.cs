using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Flux.PowerShell.Internal;

/// <summary>Completes a hyperparameter's name from the <see cref="IOptimiser.HyperparameterNames"/> of the optimiser bound to <c>-Optimiser</c>.</summary>
public sealed class HyperparameterNameCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var bound = fakeBoundParameters?["Optimiser"];
        if ((bound is PSObject o ? o.BaseObject : bound) is not IOptimiser optimiser) return [];
        var prefix = (wordToComplete ?? "").Trim('\'', '"');
        return optimiser.HyperparameterNames
            .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
    }
}
