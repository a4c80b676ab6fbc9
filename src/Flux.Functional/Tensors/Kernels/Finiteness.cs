using System.Numerics;
using System.Numerics.Tensors;

namespace Flux.Kernels;

/// <summary>
/// Whether every element of a span is finite, the check a step makes of every gradient before it
/// and the training fold of every parameter after it. A vectorised sum decides the common case: a
/// NaN or an infinity makes the sum NaN or infinite (∞ − ∞ is NaN), so a finite sum proves every
/// term finite; only a non-finite sum, which finite terms give only on overflow, is followed by an
/// element-by-element look. From <see cref="ParallelLength"/> elements the span is cut into
/// <see cref="Workers.Chunks"/> parts, each decided so, on every core.
/// </summary>
internal static class Finiteness
{
    /// <summary>The length from which the check is shared among the cores.</summary>
    internal const int ParallelLength = 1 << 16;

    /// <summary>True when no element of <paramref name="x"/> is NaN or ±∞.</summary>
    public static unsafe bool All<T>(ReadOnlySpan<T> x) where T : unmanaged, INumberBase<T>
    {
        if (x.Length < ParallelLength) return AllInOne(x);
        var (n, chunks, finite) = (x.Length, Workers.Chunks, 1);
        var size = (n + chunks - 1) / chunks;
        fixed (T* p = x)
        {
            var at = (nint)p;
            Workers.For(chunks, c =>
            {
                var start = Math.Min(n, c * size);
                if (!AllInOne(new ReadOnlySpan<T>((T*)at + start, Math.Min(size, n - start)))) Volatile.Write(ref finite, 0);
            });
        }
        return finite == 1;
    }

    private static bool AllInOne<T>(ReadOnlySpan<T> x) where T : INumberBase<T>
    {
        if (T.IsFinite(TensorPrimitives.Sum(x))) return true;
        foreach (var v in x)
            if (!T.IsFinite(v)) return false;
        return true;
    }
}
