using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux.Kernels;

/// <summary>
/// What a fused optimiser kernel writes for each element, chosen at compile time: the new
/// parameter <c>p - Δ</c> (a step) or <c>Δ</c> itself (a transformation inside a chain).
/// </summary>
internal interface IEmit
{
    /// <summary>The output for parameter <paramref name="p"/> and step <paramref name="delta"/>.</summary>
    static abstract V Out(V p, V delta);

    /// <summary>The output with decoupled weight decay: <c>p - Δ - λ*p</c>, or as a step <c>Δ + λ*p</c>.</summary>
    static abstract V OutDecoupled(V p, V delta, V lambda);
}

/// <summary>Writes the new parameter, <c>p' = p - Δ</c>.</summary>
internal readonly struct EmitParam : IEmit
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V Out(V p, V delta) => p - delta;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V OutDecoupled(V p, V delta, V lambda) => p - delta - lambda * p;
}

/// <summary>Writes the step, <c>Δ</c>.</summary>
internal readonly struct EmitDelta : IEmit
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V Out(V p, V delta) => delta;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V OutDecoupled(V p, V delta, V lambda) => delta + lambda * p;
}

/// <summary>A rule's per-element formula without state: <c>(p, g) -> out</c>.</summary>
internal interface IFormula0 { void Apply(V p, V g, out V o); }

/// <summary>A rule's per-element formula with one slot: <c>(p, g, a) -> (out, a')</c>.</summary>
internal interface IFormula1 { void Apply(V p, V g, V a, out V o, out V a2); }

/// <summary>A rule's per-element formula with two slots.</summary>
internal interface IFormula2 { void Apply(V p, V g, V a, V b, out V o, out V a2, out V b2); }

/// <summary>A rule's per-element formula with three slots.</summary>
internal interface IFormula3 { void Apply(V p, V g, V a, V b, V c, out V o, out V a2, out V b2, out V c2); }

/// <summary>
/// The loops of the fused optimiser kernels: one pass over contiguous storage computes every
/// output of a parameter (its new value or step, and every new slot), four lanes at a time.
/// </summary>
/// <remarks>
/// Each rule writes its formula once, over <see cref="Vector256{T}"/>; the tail (fewer than four
/// elements) runs the same formula on broadcast lanes, so every element gets bit-identical
/// arithmetic wherever it sits, and results are deterministic. The formulas use no fused
/// multiply-add, so they equal the plain scalar formulas of OPTIMISERS.md evaluated left to right,
/// but for one thing: a new slot value below the smallest normal double is stored as zero (see
/// <c>FlushSubnormal</c>), so that a decayed moment cannot slow every later step.
/// </remarks>
internal static partial class Fused
{
    private const int W = 4;

    /// <summary>Below this many elements one core is faster than handing chunks to others.</summary>
    private const int ParallelThreshold = 1 << 16;

    // The public loops: one serial pass, or for large parameters the same pass over chunks on
    // every core. Chunks start at multiples of the vector width, so every element meets the same
    // arithmetic either way: the results do not depend on the number of cores.
    public static unsafe void Run<F, T>(F f, ReadOnlySpan<T> p, ReadOnlySpan<T> g, Span<T> o) where F : struct, IFormula0 where T : unmanaged
    {
        SameLength(p.Length, g.Length, o.Length);
        if (p.Length < ParallelThreshold) { Serial(f, p, g, o); return; }
        fixed (T* pp = p, pg = g, po = o)
        {
            nint ip = (nint)pp, ig = (nint)pg, io = (nint)po;
            InChunks(p.Length, (s, n) => Serial(f, In<T>(ip, s, n), In<T>(ig, s, n), Out<T>(io, s, n)));
        }
    }

    public static unsafe void Run<F, T>(F f, ReadOnlySpan<T> p, ReadOnlySpan<T> g, ReadOnlySpan<T> a,
        Span<T> o, Span<T> a2) where F : struct, IFormula1 where T : unmanaged
    {
        SameLength(p.Length, g.Length, a.Length, o.Length, a2.Length);
        if (p.Length < ParallelThreshold) { Serial(f, p, g, a, o, a2); return; }
        fixed (T* pp = p, pg = g, pa = a, po = o, pa2 = a2)
        {
            nint ip = (nint)pp, ig = (nint)pg, ia = (nint)pa, io = (nint)po, ia2 = (nint)pa2;
            InChunks(p.Length, (s, n) => Serial(f, In<T>(ip, s, n), In<T>(ig, s, n), In<T>(ia, s, n), Out<T>(io, s, n), Out<T>(ia2, s, n)));
        }
    }

    public static unsafe void Run<F, T>(F f, ReadOnlySpan<T> p, ReadOnlySpan<T> g, ReadOnlySpan<T> a, ReadOnlySpan<T> b,
        Span<T> o, Span<T> a2, Span<T> b2) where F : struct, IFormula2 where T : unmanaged
    {
        SameLength(p.Length, g.Length, a.Length, b.Length, o.Length, a2.Length, b2.Length);
        if (p.Length < ParallelThreshold) { Serial(f, p, g, a, b, o, a2, b2); return; }
        fixed (T* pp = p, pg = g, pa = a, pb = b, po = o, pa2 = a2, pb2 = b2)
        {
            nint ip = (nint)pp, ig = (nint)pg, ia = (nint)pa, ib = (nint)pb, io = (nint)po, ia2 = (nint)pa2, ib2 = (nint)pb2;
            InChunks(p.Length, (s, n) => Serial(f, In<T>(ip, s, n), In<T>(ig, s, n), In<T>(ia, s, n), In<T>(ib, s, n), Out<T>(io, s, n), Out<T>(ia2, s, n), Out<T>(ib2, s, n)));
        }
    }

    public static unsafe void Run<F, T>(F f, ReadOnlySpan<T> p, ReadOnlySpan<T> g, ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c,
        Span<T> o, Span<T> a2, Span<T> b2, Span<T> c2) where F : struct, IFormula3 where T : unmanaged
    {
        SameLength(p.Length, g.Length, a.Length, b.Length, c.Length, o.Length, a2.Length, b2.Length, c2.Length);
        if (p.Length < ParallelThreshold) { Serial(f, p, g, a, b, c, o, a2, b2, c2); return; }
        fixed (T* pp = p, pg = g, pa = a, pb = b, pc = c, po = o, pa2 = a2, pb2 = b2, pc2 = c2)
        {
            nint ip = (nint)pp, ig = (nint)pg, ia = (nint)pa, ib = (nint)pb, ic = (nint)pc, io = (nint)po, ia2 = (nint)pa2, ib2 = (nint)pb2, ic2 = (nint)pc2;
            InChunks(p.Length, (s, n) => Serial(f, In<T>(ip, s, n), In<T>(ig, s, n), In<T>(ia, s, n), In<T>(ib, s, n), In<T>(ic, s, n),
                Out<T>(io, s, n), Out<T>(ia2, s, n), Out<T>(ib2, s, n), Out<T>(ic2, s, n)));
        }
    }

    // Rules validate shapes before they compute; this guards the pointer arithmetic below all the same.
    private static void SameLength(int n, params int[] lengths)
    {
        foreach (var length in lengths)
            if (length != n) throw new ArgumentException($"fused kernel: span lengths differ ({length} and {n}).");
    }

    // One chunk per core, each a whole number of vectors but the last. The size is ⌈n / chunks⌉
    // rounded up to the vector width, so the chunks cover all n elements: chunks × size ≥ n.
    internal static void InChunks(int n, Action<int, int> body) => InChunks(n, Environment.ProcessorCount, body);

    internal static void InChunks(int n, int chunks, Action<int, int> body)
    {
        var size = ChunkSize(n, chunks);
        Parallel.For(0, chunks, c =>
        {
            var start = Math.Min(n, c * size);
            var length = Math.Min(size, n - start);
            if (length > 0) body(start, length);
        });
    }

    /// <summary>The elements per chunk when <paramref name="n"/> are split over <paramref name="chunks"/>: a multiple of the vector width, and enough that the chunks cover every element.</summary>
    internal static int ChunkSize(int n, int chunks) => (int)(((long)n + chunks - 1) / chunks + W - 1) / W * W;

    private static unsafe ReadOnlySpan<T> In<T>(nint p, int start, int length) where T : unmanaged => new((T*)p + start, length);

    private static unsafe Span<T> Out<T>(nint p, int start, int length) where T : unmanaged => new((T*)p + start, length);

    private static void Serial<F, T>(F f, ReadOnlySpan<T> p, ReadOnlySpan<T> g, Span<T> o) where F : struct, IFormula0 where T : unmanaged
    {
        int n = p.Length, i = 0;
        for (; i <= n - W; i += W)
        {
            f.Apply(Load(p, i), Load(g, i), out var vo);
            Store(o, i, vo);
        }
        for (; i < n; i++)
        {
            f.Apply(Splat(Get(p, i)), Splat(Get(g, i)), out var vo);
            Set(o, i, vo);
        }
    }

    private static void Serial<F, T>(F f, ReadOnlySpan<T> p, ReadOnlySpan<T> g, ReadOnlySpan<T> a,
        Span<T> o, Span<T> a2) where F : struct, IFormula1 where T : unmanaged
    {
        int n = p.Length, i = 0;
        for (; i <= n - W; i += W)
        {
            f.Apply(Load(p, i), Load(g, i), Load(a, i), out var vo, out var va);
            Store(o, i, vo); StoreSlot(a2, i, va);
        }
        for (; i < n; i++)
        {
            f.Apply(Splat(Get(p, i)), Splat(Get(g, i)), Splat(Get(a, i)), out var vo, out var va);
            Set(o, i, vo); SetSlot(a2, i, va);
        }
    }

    private static void Serial<F, T>(F f, ReadOnlySpan<T> p, ReadOnlySpan<T> g, ReadOnlySpan<T> a, ReadOnlySpan<T> b,
        Span<T> o, Span<T> a2, Span<T> b2) where F : struct, IFormula2 where T : unmanaged
    {
        int n = p.Length, i = 0;
        for (; i <= n - W; i += W)
        {
            f.Apply(Load(p, i), Load(g, i), Load(a, i), Load(b, i), out var vo, out var va, out var vb);
            Store(o, i, vo); StoreSlot(a2, i, va); StoreSlot(b2, i, vb);
        }
        for (; i < n; i++)
        {
            f.Apply(Splat(Get(p, i)), Splat(Get(g, i)), Splat(Get(a, i)), Splat(Get(b, i)), out var vo, out var va, out var vb);
            Set(o, i, vo); SetSlot(a2, i, va); SetSlot(b2, i, vb);
        }
    }

    private static void Serial<F, T>(F f, ReadOnlySpan<T> p, ReadOnlySpan<T> g, ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c,
        Span<T> o, Span<T> a2, Span<T> b2, Span<T> c2) where F : struct, IFormula3 where T : unmanaged
    {
        int n = p.Length, i = 0;
        for (; i <= n - W; i += W)
        {
            f.Apply(Load(p, i), Load(g, i), Load(a, i), Load(b, i), Load(c, i), out var vo, out var va, out var vb, out var vc);
            Store(o, i, vo); StoreSlot(a2, i, va); StoreSlot(b2, i, vb); StoreSlot(c2, i, vc);
        }
        for (; i < n; i++)
        {
            f.Apply(Splat(Get(p, i)), Splat(Get(g, i)), Splat(Get(a, i)), Splat(Get(b, i)), Splat(Get(c, i)),
                out var vo, out var va, out var vb, out var vc);
            Set(o, i, vo); SetSlot(a2, i, va); SetSlot(b2, i, vb); SetSlot(c2, i, vc);
        }
    }

    /// <summary>A fresh array of <paramref name="n"/> doubles whose every element the caller writes.</summary>
    public static double[] NewArray(int n) => Fresh.Array(n);

    /// <summary>The sign of each lane: 1, -1, or 0 for ±0 (lanes are finite: gradients are checked before a kernel runs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Sign(V x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, V.Zero), V.One,
            Vector256.ConditionalSelect(Vector256.LessThan(x, V.Zero), -V.One, V.Zero));

    /// <summary>Broadcasts a coefficient to every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Splat(double x) => Vector256.Create(x);
}
