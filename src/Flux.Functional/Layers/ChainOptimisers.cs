using System.Diagnostics.Contracts;

namespace Flux;

// What the optimisers offer for a chain of layers, kept beside the layers so that the optimisers
// know nothing of them: labels by layer, and one optimiser per layer.

public static partial class ParamLabels
{
    /// <summary>
    /// Labels each parameter of <paramref name="chain"/> by the index of its layer (<c>"0"</c>,
    /// <c>"1"</c>, …, or <paramref name="name"/>(i)); by identity, so it holds for every later version
    /// of the model. A parameter not in the chain is an error.
    /// </summary>
    [Pure]
    public static Func<Param, string> ByLayer(Chain chain, Func<int, string>? name = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        name ??= i => i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var map = new Dictionary<ParamId, string>();
        for (var i = 0; i < chain.Count; i++)
            foreach (var p in chain[i].Params()) map[p.Id] = name(i);
        return new IdentityLabels(map, null, "the chain", p =>
            $"ByLayer: parameter {p.Name} (#{p.Id}) is not in the chain the labels were built from. Labels match parameters by identity, " +
            "and a rebuilt model has new identities: build the labels from the chain you step.").Label;
    }
}

public static partial class Optimisers
{
    /// <summary>
    /// One optimiser per layer of <paramref name="chain"/> (per-layer learning rates):
    /// <c>Partition(ParamLabels.ByLayer(chain), ("0", perLayer[0]), ("1", perLayer[1]), …)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Not one optimiser per layer.</exception>
    [Pure]
    public static Flux.Partition PerLayer(Chain chain, params IOptimiser[] perLayer)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(perLayer);
        if (perLayer.Length != chain.Count)
            throw new ArgumentException($"PerLayer: the chain has {chain.Count} layers; {perLayer.Length} optimisers were given.", nameof(perLayer));
        return new(ParamLabels.ByLayer(chain),
            perLayer.Select((o, i) => new KeyValuePair<string, IOptimiser>(i.ToString(System.Globalization.CultureInfo.InvariantCulture), o)));
    }
}
