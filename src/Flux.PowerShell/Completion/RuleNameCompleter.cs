using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Completion;

/// <summary>Completes a rule's name from <see cref="Optimisers.Rules"/>, each with its signature and defaults as the tooltip.</summary>
public sealed class RuleNameCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = (wordToComplete ?? "").Trim('\'', '"');
        return Optimisers.Rules
            .Where(d => d.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(d => new CompletionResult(d.Name, d.Name, CompletionResultType.ParameterValue, $"{d}: {d.Summary}"));
    }
}
