namespace Flux;

public static partial class Losses
{
    private static readonly ImmutableSortedDictionary<string, Func<Expr, Expr, Expr>> Named =
        new Dictionary<string, Func<Expr, Expr, Expr>>
        {
            [nameof(Mse)] = Mse,
            [nameof(CrossEntropy)] = CrossEntropy,
            [nameof(LogitCrossEntropy)] = LogitCrossEntropy,
            [nameof(BinaryCrossEntropy)] = BinaryCrossEntropy,
            [nameof(LogitBinaryCrossEntropy)] = LogitBinaryCrossEntropy,
        }.ToImmutableSortedDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The names <see cref="ByName"/> accepts, as the functions here are called.</summary>
    public static ImmutableArray<string> Names { get; } = [.. Named.Keys];

    /// <summary>The loss function called <paramref name="name"/> (any case: <c>"mse"</c> is <see cref="Mse"/>).</summary>
    /// <exception cref="ArgumentException">No loss has that name; the message lists those that do.</exception>
    public static Func<Expr, Expr, Expr> ByName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Named.TryGetValue(name, out var loss)
            ? loss
            : throw new ArgumentException($"No loss is called '{name}'; the losses are {string.Join(", ", Names)}.", nameof(name));
    }

    /// <summary>Whether a loss is called <paramref name="name"/> (any case).</summary>
    public static bool Has(string name) => name is not null && Named.ContainsKey(name);
}
