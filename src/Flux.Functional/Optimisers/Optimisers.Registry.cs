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
        var values = Given(entry.Declaration, hyperparameters);
        try
        {
            return (Rule)entry.Constructor.Invoke([.. values.Cast<object?>()]);
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException inner)
        {
            throw inner;
        }
    }

    /// <summary>
    /// Optimisers that are not elementwise <see cref="Rule"/>s but declare their hyperparameters the
    /// same way, each with the factory that builds it from them (in declaration order, null for a
    /// default): <see cref="Flux.Muon"/>. Adding one is one line here.
    /// </summary>
    private static readonly ImmutableArray<(RuleDeclaration Declaration, Func<double?[], IOptimiser> Build)> Composites =
    [
        (Flux.Muon.Declared, v => new Flux.Muon(v[0], v[1], v[2], v[3])),
    ];

    /// <summary>
    /// Everything <see cref="Create"/> builds by name, and <c>New-Optimiser</c> and
    /// <c>Get-OptimiserRule</c> offer: the <see cref="Rules"/> and the optimisers that are not
    /// elementwise but declare their hyperparameters the same way (<see cref="Flux.Muon"/>), by name.
    /// </summary>
    public static ImmutableArray<RuleDeclaration> Declared =>
        [.. Rules.Concat(Composites.Select(c => c.Declaration)).OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// The optimiser of <see cref="Declared"/> called <paramref name="name"/> (any case), with the
    /// given hyperparameters and the declared defaults for the rest: a <see cref="Rule"/> as
    /// <see cref="ByName"/> builds it, or one of the optimisers that are not elementwise (<c>"Muon"</c>).
    /// </summary>
    /// <exception cref="ArgumentException">No optimiser has that name (the message lists them), or it has no hyperparameter of a given name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static IOptimiser Create(string name, IReadOnlyDictionary<string, double>? hyperparameters = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var (declaration, build) in Composites)
            if (string.Equals(declaration.Name, name, StringComparison.OrdinalIgnoreCase)) return build(Given(declaration, hyperparameters));
        if (!Rules.Any(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase)))
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"No optimiser is called '{name}'; the optimisers by name are {string.Join(", ", Declared.Select(d => d.Name))}."), nameof(name));
        return ByName(name, hyperparameters);
    }

    // The values given, by declared position (names in any case); null where none is given.
    private static double?[] Given(RuleDeclaration declaration, IReadOnlyDictionary<string, double>? hyperparameters)
    {
        var declared = declaration.Hyperparameters;
        var values = new double?[declared.Length];
        foreach (var (key, value) in hyperparameters ?? ImmutableDictionary<string, double>.Empty)
        {
            var i = -1;
            for (var j = 0; j < declared.Length && i < 0; j++)
                if (string.Equals(declared[j].Name, key, StringComparison.OrdinalIgnoreCase)) i = j;
            if (i < 0)
                throw new ArgumentException(
                    $"{declaration.Name} has no hyperparameter '{key}'; it has {string.Join(", ", declared.Select(h => h.Name))}.", nameof(hyperparameters));
            values[i] = value;
        }
        return values;
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
