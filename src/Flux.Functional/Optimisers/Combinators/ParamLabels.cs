using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>Label functions for <see cref="Partition"/>: by name, by predicate, by a chain's layer, by sub-model.</summary>
public static partial class ParamLabels
{
    /// <summary>Labels each parameter by a function of its name (<c>n => n.StartsWith("b") ? "bias" : "weight"</c>).</summary>
    [Pure]
    public static Func<Param, string> ByName(Func<string, string> label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return p => label(p.Name);
    }

    /// <summary>
    /// Labels each parameter of <paramref name="model"/> by a function of its path in the model
    /// (<c>path => path.EndsWith(".b") ? "bias" : "weight"</c>, or <c>path.StartsWith("layers[0].")</c>
    /// for the first layer); parameters match by identity, so the labels hold for every later version.
    /// </summary>
    /// <exception cref="ArgumentException">(When a label is asked) the parameter is not in the model.</exception>
    [Pure]
    public static Func<Param, string> ByPath(IModel model, Func<string, string> label)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(label);
        var ps = model.Params();
        var map = new Dictionary<ParamId, string>();
        for (var i = 0; i < ps.Count; i++) map[ps[i].Id] = label(ps.PathOf(i));
        return p => map.TryGetValue(p.Id, out var l) ? l
            : throw new ArgumentException($"ByPath: parameter {p.Name} (#{p.Id}) is not in the model the labels were built from; its paths are {string.Join(", ", ps.Paths)}.");
    }

    /// <summary><paramref name="whenTrue"/> where <paramref name="predicate"/> holds, else <paramref name="whenFalse"/>.</summary>
    [Pure]
    public static Func<Param, string> ByPredicate(Func<Param, bool> predicate, string whenTrue, string whenFalse)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(whenTrue);
        ArgumentNullException.ThrowIfNull(whenFalse);
        return p => predicate(p) ? whenTrue : whenFalse;
    }

    /// <summary>
    /// Labels the parameters of each sub-model (by identity) with its label, and every other
    /// parameter with <paramref name="otherwise"/> (an error when null).
    /// </summary>
    [Pure]
    public static Func<Param, string> ByModel(string? otherwise, params (string Label, IModel Model)[] models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var map = new Dictionary<ParamId, string>();
        foreach (var (label, model) in models)
        {
            ArgumentNullException.ThrowIfNull(label, nameof(models));
            ArgumentNullException.ThrowIfNull(model, nameof(models));
            foreach (var p in model.Params()) map[p.Id] = label;
        }
        var names = string.Join(", ", models.Select(m => $"'{m.Label}'"));
        return new IdentityLabels(map, otherwise, $"the sub-models ({names})", p =>
            $"ByModel: parameter {p.Name} (#{p.Id}) is in none of the sub-models ({names}), matched by identity; label it, or give a label for the rest.").Label;
    }
}

/// <summary>
/// Labels by identity (<see cref="ParamLabels.ByLayer"/>, <see cref="ParamLabels.ByModel"/>): the
/// label of each parameter it names, else <c>otherwise</c>, else an error. <see cref="Partition"/>
/// recognises its <see cref="Label"/> and refuses a parameter list that holds none of <see cref="Names"/>.
/// </summary>
internal sealed class IdentityLabels(Dictionary<ParamId, string> map, string? otherwise, string source, Func<Param, string> notNamed)
{
    /// <summary>Where the named parameters come from, for messages ("the chain").</summary>
    public string Source { get; } = source;

    /// <summary>True when <paramref name="p"/> is one of the parameters labelled by identity.</summary>
    public bool Names(Param p) => map.ContainsKey(p.Id);

    /// <summary>The label of <paramref name="p"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="p"/> is not named and there is no label for the rest.</exception>
    public string Label(Param p) =>
        map.TryGetValue(p.Id, out var label) ? label
        : otherwise ?? throw new ArgumentException(notNamed(p), nameof(p));
}
