using System.Collections.ObjectModel;
using System.Management.Automation;

namespace Flux.PowerShell.Internal;

/// <summary>
/// A rule's hyperparameters as the dynamic parameters of <c>New-Optimiser</c>, derived from its
/// <see cref="RuleDeclaration"/> alone: the parameter of <c>eta</c> is <c>-Eta</c> (its name with the
/// first letter upper-cased), with the declared aliases (<c>-LearningRate</c>). Where that name is
/// already a parameter of the cmdlet (the L2 <c>-WeightDecay</c> beside Lion's own
/// <c>weightDecay</c>), the first free alias is the name instead (<c>-DecoupledWeightDecay</c>).
/// </summary>
internal sealed class RuleParameters
{
    /// <summary>The hidden parameter that collects arguments no parameter takes, to report them against the rule.</summary>
    public const string Stray = "UnknownHyperparameter";

    private readonly (Hyperparameter Hyperparameter, string Parameter, string[] Aliases)[] _parameters;

    /// <summary>The parameters of <paramref name="declaration"/>, avoiding the names (and aliases) in <paramref name="taken"/>.</summary>
    public RuleParameters(RuleDeclaration declaration, IReadOnlySet<string> taken)
    {
        Declaration = declaration;
        _parameters = [.. declaration.Hyperparameters.Select(h =>
        {
            var candidates = new[] { Capitalise(h.Name) }.Concat(h.Aliases).Where(n => !taken.Contains(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            // A name every candidate of which is taken still gets a parameter: the rule's name before it.
            return candidates.Length == 0 ? (h, declaration.Name + Capitalise(h.Name), []) : (h, candidates[0], candidates[1..]);
        })];
    }

    /// <summary>The rule the parameters are of.</summary>
    public RuleDeclaration Declaration { get; }

    /// <summary>The names of the static and common parameters of <paramref name="command"/>, with their aliases, case-insensitive.</summary>
    public static IReadOnlySet<string> TakenBy(Type command)
    {
        var taken = new HashSet<string>(Cmdlet.CommonParameters.Concat(Cmdlet.OptionalCommonParameters), StringComparer.OrdinalIgnoreCase);
        foreach (var (name, metadata) in new CommandMetadata(command).Parameters)
        {
            taken.Add(name);
            taken.UnionWith(metadata.Aliases);
        }
        return taken;
    }

    /// <summary>The dynamic parameters: one <c>double</c> per hyperparameter in <paramref name="parameterSet"/>, and the hidden collector of strays.</summary>
    public RuntimeDefinedParameterDictionary Dictionary(string parameterSet)
    {
        var dictionary = new RuntimeDefinedParameterDictionary();
        foreach (var (h, name, aliases) in _parameters)
        {
            var attributes = new Collection<Attribute>
            {
                new ParameterAttribute { ParameterSetName = parameterSet, HelpMessage = Describe(h) },
            };
            if (aliases.Length > 0) attributes.Add(new AliasAttribute(aliases));
            dictionary.Add(name, new RuntimeDefinedParameter(name, typeof(double), attributes));
        }
        var stray = new Collection<Attribute> { new ParameterAttribute { ParameterSetName = parameterSet, ValueFromRemainingArguments = true, DontShow = true } };
        dictionary.Add(Stray, new RuntimeDefinedParameter(Stray, typeof(object[]), stray));
        return dictionary;
    }

    /// <summary>The values given in <paramref name="dictionary"/>, by hyperparameter name, for <see cref="Optimisers.ByName"/>.</summary>
    public Dictionary<string, double> Values(RuntimeDefinedParameterDictionary dictionary)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (h, name, _) in _parameters)
            if (dictionary.TryGetValue(name, out var p) && p.IsSet) values[h.Name] = (double)p.Value;
        return values;
    }

    /// <summary>
    /// The message for arguments no parameter took (<c>-Rho 0.9</c> given to ADAM): what does not
    /// apply, and the hyperparameters the rule takes, by name and parameter; null if there are none.
    /// </summary>
    public string? Unknown(RuntimeDefinedParameterDictionary dictionary)
    {
        if (!dictionary.TryGetValue(Stray, out var p) || !p.IsSet || p.Value is not object[] { Length: > 0 } stray) return null;
        var named = stray.Select(a => (a is PSObject o ? o.BaseObject : a)?.ToString() ?? "")
            .Where(a => a.StartsWith('-')).Select(a => a.TrimEnd(':')).ToArray();
        var what = named.Length > 0
            ? string.Join(", ", named) + (named.Length == 1 ? " does" : " do") + " not apply"
            : $"'{stray[0]}' is not a parameter (give hyperparameters by name)";
        var takes = _parameters.Length == 0 ? "no hyperparameters" : string.Join(", ", _parameters.Select(e => Describe(e.Hyperparameter.Name, e.Parameter)));
        return $"New-Optimiser: {Declaration.Name} takes {takes}; {what}. Get-OptimiserRule {Declaration.Name} lists them.";
    }

    // "weightDecay (-DecoupledWeightDecay)": the library's name, and the parameter when it is not the same word.
    private static string Describe(string name, string parameter) =>
        string.Equals(name, parameter, StringComparison.OrdinalIgnoreCase) ? name : $"{name} (-{parameter})";

    // "β1, the decay of the first moment: in [0, 1); default 0.9": what help and completion show.
    private static string Describe(Hyperparameter h) =>
        $"{h.Symbol}, {h.Meaning}: {h.Range}; " + (h.Default is { } d ? $"default {d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}" : "required");

    private static string Capitalise(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
}
