using System.Management.Automation;

namespace Flux.PowerShell.Internal;

/// <summary>Accepts the name of a rule of <see cref="Optimisers.Rules"/> (any case); any other name fails binding with the list of rules.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class RuleNameAttribute : ValidateArgumentsAttribute
{
    /// <summary>The declaration of rule <paramref name="name"/> (any case), or null.</summary>
    public static RuleDeclaration? Find(string? name) =>
        Optimisers.Rules.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc/>
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var name = (arguments is PSObject o ? o.BaseObject : arguments) as string;
        if (Find(name) is null)
            throw new ValidationMetadataException(
                $"No optimiser rule is called '{name}'; the rules are {string.Join(", ", Optimisers.Rules.Select(d => d.Name))}. Get-OptimiserRule lists them with their hyperparameters.");
    }
}
