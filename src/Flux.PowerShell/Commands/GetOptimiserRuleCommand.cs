using System.Management.Automation;
using Flux.PowerShell.Completion;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>Get-OptimiserRule</c>: the rules and transforms <c>New-Optimiser -Type</c> accepts, as the
/// library declares them (<see cref="Optimisers.Rules"/>): name, summary, slots and each
/// hyperparameter's name, symbol, default, range and meaning. <c>-Name</c> filters, with wildcards.
/// </summary>
[Cmdlet(VerbsCommon.Get, "OptimiserRule")]
[OutputType(typeof(RuleDeclaration))]
public sealed class GetOptimiserRuleCommand : PSCmdlet
{
    /// <summary>Names of rules (any case, wildcards allowed); all rules when not given.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(RuleNameCompleter))]
    public string[]? Name { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (Name is null)
        {
            WriteObject(Optimisers.Rules, enumerateCollection: true);
            return;
        }
        foreach (var name in Name)
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            var found = Optimisers.Rules.Where(d => pattern.IsMatch(d.Name)).ToList();
            if (found.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                WriteError(CmdletErrors.Invalid(
                    $"Get-OptimiserRule: no rule is called '{name}'; the rules are {string.Join(", ", Optimisers.Rules.Select(d => d.Name))}.",
                    "RuleNotFound", ErrorCategory.ObjectNotFound, name));
            WriteObject(found, enumerateCollection: true);
        }
    }
}
