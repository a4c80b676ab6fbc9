using System.Collections;
using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// An ordered, immutable collection of parameters (Flux's <c>Params([W, b])</c>), each identity at
/// most once. Indexable by a <see cref="Param"/> (returning the member of the same identity), by
/// path and by name.
/// </summary>
/// <remarks>
/// Each member has a path: where it sits in the model it came from, as PyTorch's <c>state_dict</c>
/// keys say it. A chain's parameters are <c>layers[0].W</c>, <c>layers[0].b</c>, <c>layers[1].W</c>, ...;
/// a parameter not from a model has its name as its path.
/// </remarks>
public sealed class Params : IReadOnlyList<Param>
{
    private readonly ImmutableArray<Param> _items;
    private readonly IdentityIndex _index;
    private readonly ImmutableArray<string> _paths; // default: each member's name

    private Params(ImmutableArray<Param> items, IdentityIndex index, ImmutableArray<string> paths = default) =>
        (_items, _index, _paths) = (items, index, paths);

    /// <summary>The empty collection.</summary>
    public static Params Empty { get; } = new([], IdentityIndex.Empty);

    /// <summary>The parameters in the order given.</summary>
    /// <exception cref="ArgumentException">The same identity appears twice.</exception>
    [Pure]
    public static Params Of(params Param[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Indexed(ImmutableArray.Create(items));
    }

    /// <summary>The parameters in the order given.</summary>
    /// <exception cref="ArgumentException">The same identity appears twice.</exception>
    [Pure]
    public static Params Of(IEnumerable<Param> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        // An array seen through IEnumerable takes the slow interface path of ToImmutableArray (300 ns for two).
        return Indexed(items is Param[] array ? ImmutableArray.Create(array) : items.ToImmutableArray());
    }

    private static Params Indexed(ImmutableArray<Param> array)
    {
        var ids = new ParamId[array.Length];
        for (var i = 0; i < array.Length; i++)
            ids[i] = (array[i] ?? throw new ArgumentNullException("items", $"Params: item {i} is null.")).Id;
        var index = IdentityIndex.Create(ids, out var duplicate);
        if (duplicate is (int first, int second))
            throw new ArgumentException($"Params: parameter {array[second].Name} (#{array[second].Id}) appears twice, at {first} and {second}; each parameter may appear once.", "items");
        return new Params(array, index);
    }

    /// <summary>The parameters with their paths in a model, in the order given (see the remarks).</summary>
    /// <exception cref="ArgumentException">The same identity or the same path appears twice, or a path is empty.</exception>
    [Pure]
    public static Params Named(IEnumerable<(string Path, Param Param)> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var list = members.ToList();
        var ps = Of(list.Select(m => m.Param));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, param) in list)
        {
            if (string.IsNullOrWhiteSpace(path))
                throw new ArgumentException($"Params: parameter {param.Name} (#{param.Id}) has an empty path.", nameof(members));
            if (!seen.Add(path))
                throw new ArgumentException($"Params: two parameters have the path \"{path}\"; each path may appear once.", nameof(members));
        }
        return new Params(ps._items, ps._index, [.. list.Select(m => m.Path)]);
    }

    /// <summary>The path of the member at <paramref name="index"/>: where it sits in its model, or its name.</summary>
    [Pure]
    public string PathOf(int index) => _paths.IsDefault ? _items[index].Name : _paths[index];

    /// <summary>Every member's path, in order.</summary>
    public ImmutableArray<string> Paths => _paths.IsDefault ? [.. _items.Select(p => p.Name)] : _paths;

    /// <summary>The positions of the members' identities, shared with the Grads built for them.</summary>
    internal IdentityIndex Index => _index;

    /// <summary>Number of parameters.</summary>
    public int Count => _items.Length;

    /// <summary>Total number of scalar elements over every parameter.</summary>
    public long ElementCount => _items.Sum(p => (long)p.Value.Length);

    /// <summary>The parameter at position <paramref name="index"/>.</summary>
    public Param this[int index] => _items[index];

    /// <summary>The member with the same identity as <paramref name="param"/> (its current version here).</summary>
    /// <exception cref="KeyNotFoundException">No member has that identity.</exception>
    public Param this[Param param]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(param);
            var i = _index.IndexOf(param.Id);
            return i >= 0
                ? _items[i]
                : throw new KeyNotFoundException($"Params: no parameter with the identity of {param.Name} (#{param.Id}); members are {Names}.");
        }
    }

    /// <summary>The member at path <paramref name="key"/> (<c>layers[1].W</c>), or else the one member called <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">No member has that path or name.</exception>
    /// <exception cref="InvalidOperationException">Several members have that name (and none that path); index by path instead.</exception>
    public Param this[string key]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(key);
            var at = _paths.IsDefault ? -1 : _paths.IndexOf(key);
            if (at >= 0) return _items[at];
            var matches = Enumerable.Range(0, Count).Where(i => _items[i].Name == key).ToArray();
            return matches.Length switch
            {
                1 => _items[matches[0]],
                0 => throw new KeyNotFoundException($"Params: no parameter at path or named \"{key}\"; members are {Names}."),
                _ => throw new InvalidOperationException($"Params: several parameters are named \"{key}\" ({string.Join(", ", matches.Select(PathOf))}); index by path, e.g. [\"{PathOf(matches[0])}\"]."),
            };
        }
    }

    /// <summary>True when a member has the identity of <paramref name="param"/>.</summary>
    [Pure] public bool Contains(Param param) => param is not null && _index.Contains(param.Id);

    /// <summary>True when a member has identity <paramref name="id"/>.</summary>
    [Pure] public bool Contains(ParamId id) => _index.Contains(id);

    /// <summary>The position of the member with identity <paramref name="id"/>, or -1.</summary>
    [Pure] public int IndexOf(ParamId id) => _index.IndexOf(id);

    /// <summary>A new collection with the member of the same identity replaced by <paramref name="updated"/>.</summary>
    /// <exception cref="KeyNotFoundException">No member has that identity.</exception>
    /// <exception cref="ArgumentException">The shape differs from the member's.</exception>
    [Pure]
    public Params With(Param updated)
    {
        var i = IndexOf(updated.Id);
        if (i < 0) _ = this[updated]; // throws the not-found message
        if (_items[i].Shape != updated.Shape)
            throw new ArgumentException($"Params.With: parameter {updated.Name} has shape {_items[i].Shape}; the replacement has shape {updated.Shape}.", nameof(updated));
        return new Params(_items.SetItem(i, updated), _index, _paths);
    }

    /// <summary>A new collection with each member replaced by <paramref name="update"/>'s result (same identity and shape required).</summary>
    [Pure]
    public Params Select(Func<Param, Param> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var builder = ImmutableArray.CreateBuilder<Param>(Count);
        foreach (var p in _items)
        {
            var q = update(p);
            if (q.Id != p.Id || q.Shape != p.Shape)
                throw new InvalidOperationException($"Params.Select: the update of {p.Name} must keep its identity and shape {p.Shape}.");
            builder.Add(q);
        }
        return new Params(builder.MoveToImmutable(), _index, _paths);
    }

    /// <summary>The members in order.</summary>
    public IEnumerator<Param> GetEnumerator() => ((IEnumerable<Param>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private string Names => Count == 0 ? "none" : string.Join(", ", Paths);

    /// <summary>One line per parameter: path and shape.</summary>
    public override string ToString() =>
        $"Params ({Count}, {ElementCount} elements)" + string.Concat(_items.Select((p, i) => $"\n  {PathOf(i)} {p.Shape}"));
}
