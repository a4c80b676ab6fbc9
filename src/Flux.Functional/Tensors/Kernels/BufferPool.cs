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

    // Free arrays by length, doubles and floats apart; lent ones of both kinds, by identity.
    private readonly Dictionary<int, Stack<double[]>> _free = [];
    private readonly Dictionary<int, Stack<float[]>> _freeSingle = [];
    private readonly HashSet<Array> _lent = new(ReferenceEqualityComparer.Instance);

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

    /// <summary>An array of <paramref name="n"/> doubles or floats with unspecified contents: one taken back earlier, or a new one.</summary>
    public T[] Take<T>(int n) where T : unmanaged
    {
        var free = typeof(T) == typeof(float) ? (Dictionary<int, Stack<T[]>>)(object)_freeSingle : (Dictionary<int, Stack<T[]>>)(object)_free;
        var a = free.TryGetValue(n, out var stack) && stack.TryPop(out var reused)
            ? reused
            : GC.AllocateUninitializedArray<T>(n);
        _lent.Add(a);
        return a;
    }

    /// <summary>Takes back every lent array that is not in <paramref name="keep"/>; those stay lent.</summary>
    public void TakeBackAllBut(HashSet<Array> keep)
    {
        _lent.RemoveWhere(a =>
        {
            if (keep.Contains(a)) return false;
            if (a is float[] f) Free(_freeSingle, f);
            else Free(_free, (double[])a);
            return true;
        });
    }

    private static void Free<T>(Dictionary<int, Stack<T[]>> free, T[] a)
    {
        if (!free.TryGetValue(a.Length, out var stack)) free[a.Length] = stack = new Stack<T[]>();
        stack.Push(a);
    }

    /// <summary>Gives up every lent array for good: whoever holds one keeps it, and it is never reused.</summary>
    public void Forget() => _lent.Clear();

    /// <summary>Gives up <paramref name="arrays"/> for good (those this pool lent); the rest stay lent.</summary>
    public void Forget(IEnumerable<Array> arrays)
    {
        foreach (var a in arrays) _lent.Remove(a);
    }
}
