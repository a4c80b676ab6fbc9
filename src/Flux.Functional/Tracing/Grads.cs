using System.Collections;
using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// An immutable map from parameter identity to a gradient of the parameter's shape: what
/// <see cref="Gradient.Of(Func{Expr}, Params)"/> returns, indexable by the <see cref="Param"/> itself (<c>grads[W]</c>).
/// </summary>
/// <remarks>
/// Grads form a monoid under <c>+</c> with <see cref="Empty"/> as identity: a parameter missing
/// from one side counts as a zero gradient. With scaling by a number, gradients of batches can be
/// combined in any order.
/// </remarks>
public sealed class Grads : IReadOnlyCollection<KeyValuePair<Param, Tensor>>
{
    private readonly ImmutableArray<KeyValuePair<Param, Tensor>> _entries;
    private readonly IdentityIndex _index;

    private Grads(ImmutableArray<KeyValuePair<Param, Tensor>> entries, IdentityIndex index) =>
        (_entries, _index) = (entries, index);

    /// <summary>The empty map: the identity of <c>+</c>.</summary>
    public static Grads Empty { get; } = new([], IdentityIndex.Empty);

    /// <summary>A map from the given pairs, in order.</summary>
    /// <exception cref="ArgumentException">A gradient's shape differs from its parameter's, or a parameter appears twice.</exception>
    [Pure]
    public static Grads Of(params (Param Param, Tensor Gradient)[] pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return Of(pairs.Select(p => new KeyValuePair<Param, Tensor>(p.Param, p.Gradient)));
    }

    /// <summary>A map from the given pairs, in order.</summary>
    [Pure]
    public static Grads Of(IEnumerable<KeyValuePair<Param, Tensor>> pairs)
    {
        var entries = ImmutableArray.CreateBuilder<KeyValuePair<Param, Tensor>>();
        foreach (var (p, g) in pairs)
        {
            ArgumentNullException.ThrowIfNull(p);
            ArgumentNullException.ThrowIfNull(g);
            if (g.Shape != p.Shape)
                throw new ArgumentException($"Grads: the gradient of {p.Name} has shape {g.Shape}; the parameter has shape {p.Shape}.", nameof(pairs));
            entries.Add(new(p, g));
        }
        var ids = new ParamId[entries.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = entries[i].Key.Id;
        var index = IdentityIndex.Create(ids, out var duplicate);
        if (duplicate is (_, int second))
            throw new ArgumentException($"Grads: parameter {entries[second].Key.Name} (#{entries[second].Key.Id}) appears twice.", nameof(pairs));
        return new Grads(entries.DrainToImmutable(), index);
    }

    /// <summary>
    /// The gradients of <paramref name="ps"/>, one per member in order, each already of its
    /// parameter's shape: shares the identity index of <paramref name="ps"/>, so the reverse sweep
    /// builds no index of its own.
    /// </summary>
    internal static Grads ForParams(Params ps, Tensor[] gradients)
    {
        System.Diagnostics.Debug.Assert(gradients.Length == ps.Count);
        var entries = new KeyValuePair<Param, Tensor>[gradients.Length];
        for (var i = 0; i < entries.Length; i++) entries[i] = new(ps[i], gradients[i]);
        return new Grads(ImmutableArray.Create(entries), ps.Index);
    }

    /// <summary>A zero gradient for each parameter of <paramref name="ps"/>.</summary>
    [Pure]
    public static Grads Zero(Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        return Of(ps.Select(p => new KeyValuePair<Param, Tensor>(p, p.Value.ZerosLike())));
    }

    /// <summary>Number of parameters with a gradient.</summary>
    public int Count => _entries.Length;

    /// <summary>The gradient of <paramref name="param"/> (any version of it).</summary>
    /// <exception cref="KeyNotFoundException">The map holds no gradient for that parameter.</exception>
    public Tensor this[Param param]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(param);
            return TryGet(param.Id, out var g)
                ? g
                : throw new KeyNotFoundException($"Grads: no gradient for parameter {param.Name} (#{param.Id}); the map holds {Names}.");
        }
    }

    /// <summary>The gradient for identity <paramref name="id"/>, if present.</summary>
    public bool TryGet(ParamId id, out Tensor gradient)
    {
        var i = _index.IndexOf(id);
        if (i >= 0) { gradient = _entries[i].Value; return true; }
        gradient = null!;
        return false;
    }

    /// <summary>The gradient for <paramref name="param"/>, if present.</summary>
    public bool TryGet(Param param, out Tensor gradient) => TryGet(param.Id, out gradient);

    /// <summary>True when the map holds a gradient for <paramref name="param"/>.</summary>
    [Pure] public bool Contains(Param param) => param is not null && _index.Contains(param.Id);

    /// <summary>The parameters with a gradient, in order.</summary>
    public IEnumerable<Param> Keys => _entries.Select(e => e.Key);

    /// <summary>
    /// The sum of two maps: gradients of a parameter in both are added elementwise; one in only one
    /// map is kept as it is. Order: this map's parameters, then the other's new ones.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter's gradients have different shapes.</exception>
    [Pure]
    public Grads Add(Grads other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0) return this;
        if (Count == 0) return other;
        var result = new List<KeyValuePair<Param, Tensor>>(Count + other.Count);
        foreach (var (p, g) in _entries)
        {
            if (!other.TryGet(p.Id, out var h)) { result.Add(new(p, g)); continue; }
            if (h.Shape != g.Shape)
                throw new ArgumentException($"Grads.Add: gradients of {p.Name} have shapes {g.Shape} and {h.Shape}.", nameof(other));
            result.Add(new(p, g + h));
        }
        result.AddRange(other._entries.Where(e => !_index.Contains(e.Key.Id)));
        return Of(result);
    }

    /// <summary>Every gradient multiplied by <paramref name="factor"/>.</summary>
    [Pure]
    public Grads Scale(double factor) => Map(g => g * factor);

    /// <summary>Every gradient replaced by <paramref name="f"/>'s result, which must keep the shape.</summary>
    [Pure]
    public Grads Map(Func<Tensor, Tensor> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Of(_entries.Select(e => new KeyValuePair<Param, Tensor>(e.Key, f(e.Value))));
    }

    /// <summary>The L2 norm of every gradient taken together.</summary>
    [Pure]
    public double GlobalNorm() => Math.Sqrt(_entries.Sum(e => System.Numerics.Tensors.TensorPrimitives.SumOfSquares(e.Value.Span)));

    /// <summary>Sum of two maps (<see cref="Add"/>).</summary>
    public static Grads operator +(Grads a, Grads b) => a.Add(b);

    /// <summary>Scaling (<see cref="Scale"/>).</summary>
    public static Grads operator *(double s, Grads g) => g.Scale(s);

    /// <summary>Scaling (<see cref="Scale"/>).</summary>
    public static Grads operator *(Grads g, double s) => g.Scale(s);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<Param, Tensor>> GetEnumerator() => ((IEnumerable<KeyValuePair<Param, Tensor>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private string Names => Count == 0 ? "none" : string.Join(", ", _entries.Select(e => e.Key.Name));

    /// <summary>Each parameter's name and shape, then its gradient.</summary>
    public override string ToString() =>
        $"Grads ({Count})" + string.Concat(_entries.Select(e => $"\n∂{e.Key.Name}: {e.Value}"));
}
