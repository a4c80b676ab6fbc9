using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>What every optimiser can do, derived once from <see cref="IOptimiser"/>: the step, steps over models, adjusting by name.</summary>
public static class OptimiserExtensions
{
    /// <summary>
    /// One step: <c>p' = p − Δ</c> for every parameter with a gradient, and the new state (the
    /// seed's <c>update!(opt, params, grads)</c>, without mutation). A parameter with no gradient is
    /// returned as it is. The library's optimisers compute <c>p'</c> and the state in one fused pass.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="IOptimiser.Update"/>; nothing is changed.</exception>
    [Pure]
    public static (OptimiserState State, Params Params) Step(this IOptimiser optimiser, OptimiserState state, Params ps, Grads grads)
    {
        ArgumentNullException.ThrowIfNull(optimiser);
        ArgumentNullException.ThrowIfNull(ps);
        var (next, values) = Fusion.Apply(optimiser, state, ps, grads, Emit.Params);
        return (next, Fusion.WithValues(ps, values));
    }

    /// <summary>One step over a model: its parameters stepped, the model rebuilt with them (same type, same identities).</summary>
    /// <exception cref="InvalidOperationException">The model's <see cref="IModel.With"/> returned another type.</exception>
    [Pure]
    public static (OptimiserState State, TModel Model) Step<TModel>(this IOptimiser optimiser, OptimiserState state, TModel model, Grads grads)
        where TModel : IModel
    {
        ArgumentNullException.ThrowIfNull(optimiser);
        ArgumentNullException.ThrowIfNull(model);
        var (next, ps) = optimiser.Step(state, model.Params(), grads);
        var rebuilt = model.With(ps);
        return rebuilt is TModel m
            ? (next, m)
            : throw new InvalidOperationException(
                $"Step: {model.GetType().Name}.With returned {(rebuilt is null ? "null" : "a " + rebuilt.GetType().Name)}; IModel.With must return the model's own type.");
    }

    /// <summary>The initial state for a model's parameters.</summary>
    [Pure]
    public static OptimiserState Init(this IOptimiser optimiser, IModel model)
    {
        ArgumentNullException.ThrowIfNull(optimiser);
        ArgumentNullException.ThrowIfNull(model);
        return optimiser.Init(model.Params());
    }

    /// <summary>The optimiser with one hyperparameter changed, and its state carried over.</summary>
    [Pure]
    public static (IOptimiser Optimiser, OptimiserState State) Adjust(this IOptimiser optimiser, OptimiserState state, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(optimiser);
        ArgumentNullException.ThrowIfNull(name);
        return optimiser.Adjust(state, new Dictionary<string, double> { [name] = value });
    }

    /// <summary>The optimiser with several hyperparameters changed, and its state carried over.</summary>
    /// <exception cref="ArgumentException">A name is given twice.</exception>
    [Pure]
    public static (IOptimiser Optimiser, OptimiserState State) Adjust(this IOptimiser optimiser, OptimiserState state, params (string Name, double Value)[] changes)
    {
        ArgumentNullException.ThrowIfNull(optimiser);
        ArgumentNullException.ThrowIfNull(changes);
        var map = new Dictionary<string, double>();
        foreach (var (n, v) in changes)
            if (!map.TryAdd(n ?? throw new ArgumentNullException(nameof(changes)), v))
                throw new ArgumentException($"Adjust: '{n}' is given twice.", nameof(changes));
        return optimiser.Adjust(state, map);
    }

    /// <summary>Each element adjusted with the changes it has a name for (a chain's or a partition's elements).</summary>
    internal static (ImmutableArray<IOptimiser> Elements, ImmutableArray<OptimiserState> States) AdjustEach(
        string kind, ImmutableArray<IOptimiser> elements, ImmutableArray<OptimiserState> states, IReadOnlyDictionary<string, double> changes)
    {
        var unknown = changes.Keys.Where(n => !elements.Any(e => e.HyperparameterNames.Contains(n))).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException(
                $"{kind}.Adjust: no element has hyperparameter {string.Join(", ", unknown.Select(n => $"'{n}'"))}; the elements have {Describe(elements)}.", nameof(changes));
        var es = elements.ToBuilder();
        var ss = states.ToBuilder();
        for (var i = 0; i < elements.Length; i++)
        {
            var names = elements[i].HyperparameterNames;
            var mine = changes.Where(c => names.Contains(c.Key)).ToDictionary(c => c.Key, c => c.Value);
            if (mine.Count > 0) (es[i], ss[i]) = elements[i].Adjust(states[i], mine);
        }
        return (es.ToImmutable(), ss.ToImmutable());
    }

    private static string Describe(ImmutableArray<IOptimiser> elements)
    {
        var all = elements.SelectMany(e => e.HyperparameterNames).Distinct().Order(StringComparer.Ordinal).ToArray();
        return all.Length == 0 ? "none" : string.Join(", ", all);
    }
}
