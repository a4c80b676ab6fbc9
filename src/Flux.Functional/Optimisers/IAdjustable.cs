using System.Collections.Immutable;
using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// An optimiser whose hyperparameters can be changed mid-run together with its state
/// (Optimisers.jl's <c>adjust</c>): <see cref="Adjust"/> returns a new optimiser and the state to
/// continue with. A change of η alone never resets moments. Every rule, the chain and every
/// wrapper of the library implement it; composites pass each change to every element that has a
/// hyperparameter of that name.
/// </summary>
public interface IAdjustable : IOptimiser
{
    /// <summary>The names <see cref="Adjust"/> accepts: the constructor names of the hyperparameters (<c>eta</c>, <c>beta1</c>, ...), of this rule or of any element inside it.</summary>
    ImmutableSortedSet<string> HyperparameterNames { get; }

    /// <summary>
    /// The optimiser with the hyperparameters in <paramref name="changes"/> replaced, validated as at
    /// construction, and the state to continue with. With every value unchanged it is the identity.
    /// </summary>
    /// <exception cref="ArgumentException">A name no element has, or a state that is not this optimiser's.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A new value is out of range; the message names it and its value.</exception>
    [Pure]
    (IOptimiser Optimiser, OptimiserState State) Adjust(OptimiserState state, IReadOnlyDictionary<string, double> changes);
}

/// <summary>Live hyperparameters: <c>(opt, state) = opt.Adjust(state, "eta", 1e-4)</c>.</summary>
public static class Adjusting
{
    /// <summary>
    /// <paramref name="optimiser"/> with hyperparameter <paramref name="name"/> set to
    /// <paramref name="value"/> wherever it appears (every element of a chain or partition that has
    /// it), and the state to continue with.
    /// </summary>
    /// <example><code>
    /// (opt, state) = opt.Adjust(state, "eta", opt is Adam a ? a.Eta / 10 : 1e-4);   // moments kept
    /// </code></example>
    /// <exception cref="ArgumentException">The optimiser is not <see cref="IAdjustable"/>, or nothing in it has <paramref name="name"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The value is out of range for a rule that has it.</exception>
    [Pure]
    public static (IOptimiser Optimiser, OptimiserState State) Adjust(this IOptimiser optimiser, OptimiserState state, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(name);
        return optimiser.Adjust(state, new Dictionary<string, double> { [name] = value });
    }

    /// <summary>As <see cref="Adjust(IOptimiser, OptimiserState, string, double)"/>, several hyperparameters at once.</summary>
    [Pure]
    public static (IOptimiser Optimiser, OptimiserState State) Adjust(this IOptimiser optimiser, OptimiserState state, params (string Name, double Value)[] changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var map = new Dictionary<string, double>();
        foreach (var (n, v) in changes)
            if (!map.TryAdd(n ?? throw new ArgumentNullException(nameof(changes)), v))
                throw new ArgumentException($"Adjust: '{n}' is given twice.", nameof(changes));
        return optimiser.Adjust(state, map);
    }

    /// <summary>As <see cref="Adjust(IOptimiser, OptimiserState, string, double)"/>, with a map of changes.</summary>
    [Pure]
    public static (IOptimiser Optimiser, OptimiserState State) Adjust(this IOptimiser optimiser, OptimiserState state, IReadOnlyDictionary<string, double> changes)
    {
        ArgumentNullException.ThrowIfNull(optimiser);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(changes);
        return optimiser is IAdjustable a
            ? a.Adjust(state, changes)
            : throw new ArgumentException(
                $"Adjust: {optimiser.GetType().Name} does not implement IAdjustable, so its hyperparameters cannot be changed with its state.", nameof(optimiser));
    }

    /// <summary>The names an optimiser accepts in <c>Adjust</c> (empty for one that is not <see cref="IAdjustable"/>).</summary>
    [Pure]
    public static ImmutableSortedSet<string> HyperparameterNames(this IOptimiser optimiser)
    {
        ArgumentNullException.ThrowIfNull(optimiser);
        return optimiser is IAdjustable a ? a.HyperparameterNames : [];
    }

    /// <summary>
    /// Passes <paramref name="changes"/> to each element that has some of the names (the part it
    /// has), for composites; fails naming what no element has.
    /// </summary>
    internal static (ImmutableArray<IOptimiser> Elements, ImmutableArray<OptimiserState> States) AdjustEach(
        string kind, ImmutableArray<IOptimiser> elements, ImmutableArray<OptimiserState> states, IReadOnlyDictionary<string, double> changes)
    {
        var unknown = changes.Keys.Where(n => !elements.Any(e => e.HyperparameterNames().Contains(n))).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException(
                $"{kind}.Adjust: no element has hyperparameter {string.Join(", ", unknown.Select(n => $"'{n}'"))}; the elements have {Describe(elements)}.", nameof(changes));
        var es = elements.ToBuilder();
        var ss = states.ToBuilder();
        for (var i = 0; i < elements.Length; i++)
        {
            var names = elements[i].HyperparameterNames();
            var mine = changes.Where(c => names.Contains(c.Key)).ToDictionary(c => c.Key, c => c.Value);
            if (mine.Count == 0) continue;
            (es[i], ss[i]) = ((IAdjustable)elements[i]).Adjust(states[i], mine);
        }
        return (es.ToImmutable(), ss.ToImmutable());
    }

    private static string Describe(ImmutableArray<IOptimiser> elements)
    {
        var all = elements.SelectMany(e => e.HyperparameterNames()).Distinct().Order(StringComparer.Ordinal).ToArray();
        return all.Length == 0 ? "none" : string.Join(", ", all);
    }
}
