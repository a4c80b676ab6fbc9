using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Flux.PowerShell.Completion;

/// <summary>Completes a rule's name from <see cref="Optimisers.Rules"/>, each with its signature and defaults as the tooltip.</summary>
public sealed class RuleNameCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        => Completions.Matching(Optimisers.Rules, d => d.Name, wordToComplete, d => $"{d}: {d.Summary}");
}
