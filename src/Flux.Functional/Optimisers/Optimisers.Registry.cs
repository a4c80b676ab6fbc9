using System.Globalization;
using System.Reflection;

namespace Flux;

public static partial class Optimisers
{
    /// <summary>
    /// Every optimiser of the library that is known by name (each rule and transform, and rules
    /// that are not elementwise, such as <see cref="Flux.Muon"/>), with its
    /// <see cref="RuleDeclaration"/>: what <see cref="ByName"/> builds and what <c>New-Optimiser</c>
    /// and <c>Get-OptimiserRule</c> offer. An optimiser is listed by being defined with a public
    /// static <c>Declared</c> and a constructor taking its hyperparameters by their declared names:
    /// its file is all it takes.
    /// </summary>
    public static ImmutableArray<RuleDeclaration> Rules => Registry.Value.Declarations;

    /// <summary>
    /// The optimiser called <paramref name="name"/> (any case: <c>"adam"</c> is ADAM), with the given
    /// hyperparameters and the declared defaults for the rest.
    /// </summary>
    /// <exception cref="ArgumentException">No optimiser has that name (the message lists them), or it has no hyperparameter of a given name, or one without a default is missing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static IOptimiser ByName(string name, IReadOnlyDictionary<string, double>? hyperparameters = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var (declaration, constructor) = Registry.Value.Find(name);
        var given = Given(declaration, hyperparameters);
        // Each declared hyperparameter by its name; any other constructor argument keeps its default.
        var args = constructor.GetParameters()
            .Select(p => declaration.IndexOf(p.Name!) is var i and >= 0 ? given[i] : p.DefaultValue)
            .ToArray();
        try
        {
            return (IOptimiser)constructor.Invoke(args);
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException inner)
        {
            throw inner;
        }
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

    /// <summary>
    /// The optimisers found in this assembly: each sealed <see cref="IOptimiser"/> with a static
    /// <c>Declared</c>, and its public constructor that takes every declared hyperparameter as a
    /// <c>double?</c> of the same name (any other parameter optional).
    /// </summary>
    private sealed record RuleRegistry(ImmutableArray<RuleDeclaration> Declarations, ImmutableArray<(RuleDeclaration Declaration, ConstructorInfo Constructor)> Entries)
    {
        public static RuleRegistry Discover()
        {
            var entries = typeof(Rule).Assembly.GetTypes()
                .Where(t => t.IsSealed && typeof(IOptimiser).IsAssignableFrom(t))
                .Select(t => (Type: t, Declared: t.GetProperty("Declared", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as RuleDeclaration))
                .Where(e => e.Declared is not null)
                .Select(e => (Declaration: e.Declared!, Constructor: e.Type.GetConstructors().Single(c => Takes(c, e.Declared!))))
                .OrderBy(e => e.Declaration.Name, StringComparer.OrdinalIgnoreCase)
                .ToImmutableArray();
            return new([.. entries.Select(e => e.Declaration)], entries);
        }

        private static bool Takes(ConstructorInfo c, RuleDeclaration d) =>
            d.Hyperparameters.All(h => c.GetParameters().Any(p => p.Name == h.Name && p.ParameterType == typeof(double?)))
            && c.GetParameters().All(p => d.IndexOf(p.Name!) >= 0 || p.IsOptional);

        public (RuleDeclaration Declaration, ConstructorInfo Constructor) Find(string name)
        {
            foreach (var e in Entries)
                if (string.Equals(e.Declaration.Name, name, StringComparison.OrdinalIgnoreCase)) return e;
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"No optimiser rule is called '{name}'; the rules are {string.Join(", ", Declarations.Select(d => d.Name))}."), nameof(name));
        }
    }
}
