using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using Flux.PowerShell.Commands;

namespace Flux.PowerShell.Completion;

/// <summary>Completes <c>Invoke-Training -Loss</c> with the names of the losses it takes (Mse, CrossEntropy, ...).</summary>
public sealed class LossCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completions.Matching(Losses.Names, wordToComplete, "loss");
}
