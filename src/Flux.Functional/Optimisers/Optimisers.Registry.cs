using System.Globalization;
using System.Reflection;

namespace Flux;

public static partial class Optimisers
{
    /// <summary>
    /// Every rule and transform of the library (each a <see cref="Rule"/> with its
    /// <see cref="RuleDeclaration"/>), by name: what <see cref="ByName"/> builds and what
    /// <c>New-Optimiser</c> offers. A rule is listed by being defined: its file is all it takes.
    /// </summary>
    public static ImmutableArray<RuleDeclaration> Rules => Registry.Value.Declarations;

    /// <summary>
    /// The rule called <paramref name="name"/> (any case: <c>"adam"</c> is ADAM), with the given
    /// hyperparameters and the declared defaults for the rest.
    /// </summary>
    /// <exception cref="ArgumentException">No rule has that name (the message lists them), or it has no hyperparameter of a given name, or one without a default is missing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static Rule ByName(string name, IReadOnlyDictionary<string, double>? hyperparameters = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var entry = Registry.Value.Find(name);
        var declared = entry.Declaration.Hyperparameters;
        var values = new object?[declared.Length];
        foreach (var (key, value) in hyperparameters ?? ImmutableDictionary<string, double>.Empty)
        {
            var i = -1;
            for (var j = 0; j < declared.Length && i < 0; j++)
                if (string.Equals(declared[j].Name, key, StringComparison.OrdinalIgnoreCase)) i = j;
            if (i < 0)
                throw new ArgumentException(
                    $"{entry.Declaration.Name} has no hyperparameter '{key}'; it has {string.Join(", ", declared.Select(h => h.Name))}.", nameof(hyperparameters));
            values[i] = value;
        }
        try
        {
            return (Rule)entry.Constructor.Invoke(values);
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException inner)
        {
            throw inner;
        }
    }

    private static readonly Lazy<RuleRegistry> Registry = new(RuleRegistry.Discover);

    /// <summary>The rules found in this assembly: each sealed <see cref="Rule"/> with its static <c>Declared</c> and its constructor.</summary>
    private sealed record RuleRegistry(ImmutableArray<RuleDeclaration> Declarations, ImmutableArray<(RuleDeclaration Declaration, ConstructorInfo Constructor)> Entries)
    {
        public static RuleRegistry Discover()
        {
            var entries = typeof(Rule).Assembly.GetTypes()
                .Where(t => t.IsSealed && t.IsSubclassOf(typeof(Rule)))
                .Select(t => (Declaration: (RuleDeclaration)t.GetProperty("Declared", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!,
                              Constructor: t.GetConstructors().Single(c => c.GetParameters().All(p => p.ParameterType == typeof(double?)))))
                .OrderBy(e => e.Declaration.Name, StringComparer.OrdinalIgnoreCase)
                .ToImmutableArray();
            return new([.. entries.Select(e => e.Declaration)], entries);
        }

        public (RuleDeclaration Declaration, ConstructorInfo Constructor) Find(string name)
        {
            foreach (var e in Entries)
                if (string.Equals(e.Declaration.Name, name, StringComparison.OrdinalIgnoreCase)) return e;
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"No optimiser rule is called '{name}'; the rules are {string.Join(", ", Declarations.Select(d => d.Name))}."), nameof(name));
        }
    }
}
