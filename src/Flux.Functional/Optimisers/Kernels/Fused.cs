using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
/// multiply-add, so they equal the plain scalar formulas of OPTIMISERS.md evaluated left to right.
/// </remarks>
internal static class Fused
{
    private const int W = 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Load(ReadOnlySpan<double> s, int i) => Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(s), (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Span<double> s, int i, V v) => v.StoreUnsafe(ref MemoryMarshal.GetReference(s), (nuint)i);

    public static void Run<F>(F f, ReadOnlySpan<double> p, ReadOnlySpan<double> g, Span<double> o) where F : struct, IFormula0
    {
        int n = p.Length, i = 0;
        if (g.Length != n || o.Length != n) throw new ArgumentException("fused kernel: span lengths differ.");
        for (; i <= n - W; i += W)
        {
            f.Apply(Load(p, i), Load(g, i), out var vo);
            Store(o, i, vo);
        }
        for (; i < n; i++)
        {
            f.Apply(Vector256.Create(p[i]), Vector256.Create(g[i]), out var vo);
            o[i] = vo.ToScalar();
        }
    }

    public static void Run<F>(F f, ReadOnlySpan<double> p, ReadOnlySpan<double> g, ReadOnlySpan<double> a,
        Span<double> o, Span<double> a2) where F : struct, IFormula1
    {
        int n = p.Length, i = 0;
        if (g.Length != n || a.Length != n || o.Length != n || a2.Length != n) throw new ArgumentException("fused kernel: span lengths differ.");
        for (; i <= n - W; i += W)
        {
            f.Apply(Load(p, i), Load(g, i), Load(a, i), out var vo, out var va);
            Store(o, i, vo); Store(a2, i, va);
        }
        for (; i < n; i++)
        {
            f.Apply(Vector256.Create(p[i]), Vector256.Create(g[i]), Vector256.Create(a[i]), out var vo, out var va);
            o[i] = vo.ToScalar(); a2[i] = va.ToScalar();
        }
    }

    public static void Run<F>(F f, ReadOnlySpan<double> p, ReadOnlySpan<double> g, ReadOnlySpan<double> a, ReadOnlySpan<double> b,
        Span<double> o, Span<double> a2, Span<double> b2) where F : struct, IFormula2
    {
        int n = p.Length, i = 0;
        if (g.Length != n || a.Length != n || b.Length != n || o.Length != n || a2.Length != n || b2.Length != n)
            throw new ArgumentException("fused kernel: span lengths differ.");
        for (; i <= n - W; i += W)
        {
            f.Apply(Load(p, i), Load(g, i), Load(a, i), Load(b, i), out var vo, out var va, out var vb);
            Store(o, i, vo); Store(a2, i, va); Store(b2, i, vb);
        }
        for (; i < n; i++)
        {
            f.Apply(Vector256.Create(p[i]), Vector256.Create(g[i]), Vector256.Create(a[i]), Vector256.Create(b[i]), out var vo, out var va, out var vb);
            o[i] = vo.ToScalar(); a2[i] = va.ToScalar(); b2[i] = vb.ToScalar();
        }
    }

    public static void Run<F>(F f, ReadOnlySpan<double> p, ReadOnlySpan<double> g, ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c,
        Span<double> o, Span<double> a2, Span<double> b2, Span<double> c2) where F : struct, IFormula3
    {
        int n = p.Length, i = 0;
        if (g.Length != n || a.Length != n || b.Length != n || c.Length != n || o.Length != n || a2.Length != n || b2.Length != n || c2.Length != n)
            throw new ArgumentException("fused kernel: span lengths differ.");
        for (; i <= n - W; i += W)
        {
            f.Apply(Load(p, i), Load(g, i), Load(a, i), Load(b, i), Load(c, i), out var vo, out var va, out var vb, out var vc);
            Store(o, i, vo); Store(a2, i, va); Store(b2, i, vb); Store(c2, i, vc);
        }
        for (; i < n; i++)
        {
            f.Apply(Vector256.Create(p[i]), Vector256.Create(g[i]), Vector256.Create(a[i]), Vector256.Create(b[i]), Vector256.Create(c[i]),
                out var vo, out var va, out var vb, out var vc);
            o[i] = vo.ToScalar(); a2[i] = va.ToScalar(); b2[i] = vb.ToScalar(); c2[i] = vc.ToScalar();
        }
    }

    /// <summary>A fresh array of <paramref name="n"/> doubles whose every element the caller writes.</summary>
    public static double[] NewArray(int n) => GC.AllocateUninitializedArray<double>(n);

    /// <summary>The sign of each lane: 1, -1, or 0 for ±0 (lanes are finite: gradients are checked before a kernel runs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Sign(V x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, V.Zero), V.One,
            Vector256.ConditionalSelect(Vector256.LessThan(x, V.Zero), -V.One, V.Zero));

    /// <summary>Broadcasts a coefficient to every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Splat(double x) => Vector256.Create(x);
}
