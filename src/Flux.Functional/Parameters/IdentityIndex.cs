namespace Flux;

/// <summary>
/// The positions of parameter identities in an ordered collection (<see cref="Params"/>,
/// <see cref="Grads"/>): a scan of a few identities for small models, where it beats hashing, and a
/// dictionary for larger ones. Built once and never changed, so it is as immutable as its owner.
/// </summary>
internal sealed class IdentityIndex
{
    private const int ScanLimit = 8;
    private readonly ParamId[] _ids;
    private readonly Dictionary<ParamId, int>? _positions;

    private IdentityIndex(ParamId[] ids, Dictionary<ParamId, int>? positions) => (_ids, _positions) = (ids, positions);

    public static IdentityIndex Empty { get; } = new([], null);

    /// <summary>
    /// An index of <paramref name="ids"/> (taking ownership of the array), or the positions of the
    /// first identity that appears twice.
    /// </summary>
    public static IdentityIndex Create(ParamId[] ids, out (int First, int Second)? duplicate)
    {
        duplicate = null;
        if (ids.Length <= ScanLimit)
        {
            for (var j = 1; j < ids.Length; j++)
                for (var i = 0; i < j; i++)
                    if (ids[i] == ids[j]) { duplicate = (i, j); return Empty; }
            return new IdentityIndex(ids, null);
        }
        var positions = new Dictionary<ParamId, int>(ids.Length);
        for (var j = 0; j < ids.Length; j++)
            if (!positions.TryAdd(ids[j], j)) { duplicate = (positions[ids[j]], j); return Empty; }
        return new IdentityIndex(ids, positions);
    }

    /// <summary>The position of <paramref name="id"/>, or -1.</summary>
    public int IndexOf(ParamId id)
    {
        if (_positions is not null) return _positions.TryGetValue(id, out var i) ? i : -1;
        var ids = _ids;
        for (var i = 0; i < ids.Length; i++)
            if (ids[i] == id) return i;
        return -1;
    }

    public bool Contains(ParamId id) => IndexOf(id) >= 0;
}
