using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Flux.Kernels;

/// <summary>
/// What a fused optimiser kernel writes for each element, chosen at compile time: the new
/// parameter <c>p - Δ</c> (a step) or <c>Δ</c> itself (a transformation inside a chain).
/// </summary>
internal interface IEmit
{
    /// <summary>The output for parameter <paramref name="p"/> and step <paramref name="delta"/>.</summary>
    static abstract Vector256<T> Out<T>(Vector256<T> p, Vector256<T> delta);

    /// <summary>The output with decoupled weight decay: <c>p - Δ - λ*p</c>, or as a step <c>Δ + λ*p</c>.</summary>
    static abstract Vector256<T> OutDecoupled<T>(Vector256<T> p, Vector256<T> delta, Vector256<T> lambda);
}

/// <summary>Writes the new parameter, <c>p' = p - Δ</c>.</summary>
internal readonly struct EmitParam : IEmit
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Out<T>(Vector256<T> p, Vector256<T> delta) => p - delta;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> OutDecoupled<T>(Vector256<T> p, Vector256<T> delta, Vector256<T> lambda) => p - delta - lambda * p;
}

/// <summary>Writes the step, <c>Δ</c>.</summary>
internal readonly struct EmitDelta : IEmit
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Out<T>(Vector256<T> p, Vector256<T> delta) => delta;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> OutDecoupled<T>(Vector256<T> p, Vector256<T> delta, Vector256<T> lambda) => delta + lambda * p;
}

/// <summary>A rule's per-element formula without state, over lanes of element type <typeparamref name="T"/>: <c>(p, g) -> out</c>.</summary>
internal interface IFormula0<T> { void Apply(Vector256<T> p, Vector256<T> g, out Vector256<T> o); }

/// <summary>A rule's per-element formula with one slot: <c>(p, g, a) -> (out, a')</c>.</summary>
internal interface IFormula1<T> { void Apply(Vector256<T> p, Vector256<T> g, Vector256<T> a, out Vector256<T> o, out Vector256<T> a2); }

/// <summary>A rule's per-element formula with two slots.</summary>
internal interface IFormula2<T> { void Apply(Vector256<T> p, Vector256<T> g, Vector256<T> a, Vector256<T> b, out Vector256<T> o, out Vector256<T> a2, out Vector256<T> b2); }

/// <summary>A rule's per-element formula with three slots.</summary>
internal interface IFormula3<T>
{
    void Apply(Vector256<T> p, Vector256<T> g, Vector256<T> a, Vector256<T> b, Vector256<T> c,
        out Vector256<T> o, out Vector256<T> a2, out Vector256<T> b2, out Vector256<T> c2);
}

/// <summary>
/// The loops of the fused optimiser kernels: one pass over contiguous storage computes every
/// output of a parameter (its new value or step, and every new slot), a vector of lanes at a time.
/// </summary>
/// <remarks>
/// <para>
/// Each rule writes its formula once, over <see cref="Vector256{T}"/> of the parameter's element
/// type: four doubles or eight floats. A Float32 parameter is stepped in float32 arithmetic, as
/// PyTorch and Optimisers.jl step it: every operation of the formula rounds to binary32, and the
/// coefficients (η, β, 1 − βᵗ, …) are computed in double and rounded once to float. A Float64
/// parameter is stepped in double.
/// </para>
/// <para>
/// The tail (fewer elements than a vector) runs the same formula on broadcast lanes, so every
/// element gets bit-identical arithmetic wherever it sits, and results are deterministic. The
/// formulas use no fused multiply-add, so they equal the plain scalar formulas of OPTIMISERS.md
/// evaluated left to right in the element type, but for one thing: a new slot value below the
/// type's smallest normal number is stored as zero (see <c>FlushSubnormal</c>), so that a decayed
/// moment cannot slow every later step.
/// </para>
/// </remarks>
internal static partial class Fused
{
    // Chunks are whole numbers of vectors of either type: eight floats, or twice four doubles.
    private const int W = 8;

    /// <summary>Below this many elements one core is faster than handing chunks to others.</summary>
    private const int ParallelThreshold = 1 << 16;

    // The public loops: one serial pass, or for large parameters the same pass over chunks on
    // every core. Chunks start at multiples of the vector width, so every element meets the same
    // arithmetic either way: the results do not depend on the number of cores.
    public static unsafe void Run<F, T>(F f, ReadOnlySpan<T> p, ReadOnlySpan<T> g, Span<T> o) where F : struct, IFormula0<T> where T : unmanaged
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
        Span<T> o, Span<T> a2) where F : struct, IFormula1<T> where T : unmanaged
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
        Span<T> o, Span<T> a2, Span<T> b2) where F : struct, IFormula2<T> where T : unmanaged
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
        Span<T> o, Span<T> a2, Span<T> b2, Span<T> c2) where F : struct, IFormula3<T> where T : unmanaged
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

    // Chunks of a whole number of vectors but the last, as many as Workers.Chunks. The size is
    // ⌈n / chunks⌉ rounded up to the vector width, so the chunks cover all n elements.
    internal static void InChunks(int n, Action<int, int> body) => InChunks(n, Workers.Chunks, body);

    internal static void InChunks(int n, int chunks, Action<int, int> body)
    {
        var size = ChunkSize(n, chunks);
        Workers.For(chunks, c =>
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

    private static void Serial<F, T>(F f, ReadOnlySpan<T> p, ReadOnlySpan<T> g, Span<T> o) where F : struct, IFormula0<T> where T : unmanaged
    {
        int n = p.Length, i = 0, w = Vector256<T>.Count;
        for (; i <= n - w; i += w)
        {
            f.Apply(Load(p, i), Load(g, i), out var vo);
            Store(o, i, vo);
        }
        for (; i < n; i++)
        {
            f.Apply(Vector256.Create(p[i]), Vector256.Create(g[i]), out var vo);
            Set(o, i, vo);
        }
    }

    private static void Serial<F, T>(F f, ReadOnlySpan<T> p, ReadOnlySpan<T> g, ReadOnlySpan<T> a,
        Span<T> o, Span<T> a2) where F : struct, IFormula1<T> where T : unmanaged
    {
        int n = p.Length, i = 0, w = Vector256<T>.Count;
        for (; i <= n - w; i += w)
        {
            f.Apply(Load(p, i), Load(g, i), Load(a, i), out var vo, out var va);
            Store(o, i, vo); StoreSlot(a2, i, va);
        }
        for (; i < n; i++)
        {
            f.Apply(Vector256.Create(p[i]), Vector256.Create(g[i]), Vector256.Create(a[i]), out var vo, out var va);
            Set(o, i, vo); SetSlot(a2, i, va);
        }
    }

    private static void Serial<F, T>(F f, ReadOnlySpan<T> p, ReadOnlySpan<T> g, ReadOnlySpan<T> a, ReadOnlySpan<T> b,
        Span<T> o, Span<T> a2, Span<T> b2) where F : struct, IFormula2<T> where T : unmanaged
    {
        int n = p.Length, i = 0, w = Vector256<T>.Count;
        for (; i <= n - w; i += w)
        {
            f.Apply(Load(p, i), Load(g, i), Load(a, i), Load(b, i), out var vo, out var va, out var vb);
            Store(o, i, vo); StoreSlot(a2, i, va); StoreSlot(b2, i, vb);
        }
        for (; i < n; i++)
        {
            f.Apply(Vector256.Create(p[i]), Vector256.Create(g[i]), Vector256.Create(a[i]), Vector256.Create(b[i]), out var vo, out var va, out var vb);
            Set(o, i, vo); SetSlot(a2, i, va); SetSlot(b2, i, vb);
        }
    }

    private static void Serial<F, T>(F f, ReadOnlySpan<T> p, ReadOnlySpan<T> g, ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c,
        Span<T> o, Span<T> a2, Span<T> b2, Span<T> c2) where F : struct, IFormula3<T> where T : unmanaged
    {
        int n = p.Length, i = 0, w = Vector256<T>.Count;
        for (; i <= n - w; i += w)
        {
            f.Apply(Load(p, i), Load(g, i), Load(a, i), Load(b, i), Load(c, i), out var vo, out var va, out var vb, out var vc);
            Store(o, i, vo); StoreSlot(a2, i, va); StoreSlot(b2, i, vb); StoreSlot(c2, i, vc);
        }
        for (; i < n; i++)
        {
            f.Apply(Vector256.Create(p[i]), Vector256.Create(g[i]), Vector256.Create(a[i]), Vector256.Create(b[i]), Vector256.Create(c[i]),
                out var vo, out var va, out var vb, out var vc);
            Set(o, i, vo); SetSlot(a2, i, va); SetSlot(b2, i, vb); SetSlot(c2, i, vc);
        }
    }

    /// <summary>The sign of each lane: 1, -1, or 0 for ±0 (lanes are finite: gradients are checked before a kernel runs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Sign<T>(Vector256<T> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), Vector256<T>.One,
            Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<T>.Zero), -Vector256<T>.One, Vector256<T>.Zero));

    /// <summary>Broadcasts a coefficient to every lane, rounded once to <typeparamref name="T"/> (float or double).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Splat<T>(double x) =>
        typeof(T) == typeof(float) ? Vector256.Create((float)x).As<float, T>() : Vector256.Create(x).As<double, T>();
}
