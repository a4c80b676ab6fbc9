namespace Flux.Kernels;

/// <summary>
/// Arrays that a training fold lends to the kernels while it runs a step, and takes back once
/// nothing it will hand out can reach them, so a steady-state step allocates no array in
/// proportion to the model or the batch.
/// </summary>
/// <remarks>
/// A pool lends only while it is active on the current thread (<see cref="Lend"/>), and only arrays
/// of at least <see cref="MinLength"/> elements: smaller ones cost the collector next to nothing.
/// Whoever owns the pool decides what comes back (<see cref="TakeBackAllBut"/>): an array lent and
/// not in the set it names is reused by a later step. Nothing a pool has not lent is ever reused,
/// so the arrays of the values a caller passed in, and everything made while no pool is active
/// (a loss's own forward values included), keep their contents for ever.
/// </remarks>
internal sealed class BufferPool
{
    /// <summary>The shortest array worth lending: 8 KB. The collector's large-object heap starts at about 10,600 doubles.</summary>
    public const int MinLength = 1024;

    [ThreadStatic] private static BufferPool? t_active;

    private readonly Dictionary<int, Stack<double[]>> _free = [];
    private readonly HashSet<double[]> _lent = [];

    /// <summary>The pool that lends on this thread now, if any.</summary>
    public static BufferPool? Active => t_active;

    /// <summary>Arrays lent and not yet taken back.</summary>
    public int LentCount => _lent.Count;

    /// <summary>Makes <paramref name="pool"/> (possibly none) the lender on this thread until the result is disposed.</summary>
    public static Lending Lend(BufferPool? pool)
    {
        var outer = t_active;
        t_active = pool;
        return new Lending(outer);
    }

    /// <summary>Restores the lender that was active before <see cref="Lend"/>.</summary>
    public readonly struct Lending(BufferPool? outer) : IDisposable
    {
        public void Dispose() => t_active = outer;
    }

    /// <summary>An array of <paramref name="n"/> elements with unspecified contents: one taken back earlier, or a new one.</summary>
    public double[] Take(int n)
    {
        var a = _free.TryGetValue(n, out var free) && free.TryPop(out var reused)
            ? reused
            : GC.AllocateUninitializedArray<double>(n);
        _lent.Add(a);
        return a;
    }

    /// <summary>Takes back every lent array that is not in <paramref name="keep"/>; those stay lent.</summary>
    public void TakeBackAllBut(HashSet<double[]> keep)
    {
        _lent.RemoveWhere(a =>
        {
            if (keep.Contains(a)) return false;
            if (!_free.TryGetValue(a.Length, out var free)) _free[a.Length] = free = new Stack<double[]>();
            free.Push(a);
            return true;
        });
    }

    /// <summary>Gives up every lent array for good: whoever holds one keeps it, and it is never reused.</summary>
    public void Forget() => _lent.Clear();

    /// <summary>Gives up <paramref name="arrays"/> for good (those this pool lent); the rest stay lent.</summary>
    public void Forget(IEnumerable<double[]> arrays)
    {
        foreach (var a in arrays) _lent.Remove(a);
    }
}
