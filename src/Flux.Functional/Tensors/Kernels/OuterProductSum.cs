using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Flux.Kernels;

/// <summary>
/// The shallow product <c>C = A·Bᵀ = Σₚ A[:, p]·B[:, p]ᵀ</c>, a sum of k outer products, for depths
/// k ≤ <see cref="MaxDepth"/>: the weight gradient of a layer, <c>∂W = ∂Z·Xᵀ</c>, whose depth is the
/// batch. BLAS blocking is tuned for deep products and does poorly here: on the benchmark machine,
/// 128×784 at depth 64 took this kernel 134–156 µs in float32 where OpenBLAS's sgemm, with two
/// threads, took 164–196 µs, and the managed blocked kernel 279–554 µs (same runs, a loaded machine).
/// </summary>
/// <remarks>
/// <para>
/// A (m×k, column-major) is packed into panels of MR rows, zero-padded, so that each step of p loads
/// two contiguous <see cref="Vector512{T}"/>; B (n×k, column-major) is read in place, NR = 12
/// columns at a time, its element B[j, p] broadcast. Each MR×12 tile of C sits in 24 registers for
/// the whole depth and is stored once: no depth blocking, no packing of B.
/// </para>
/// <para>
/// Every element of C is <c>fma(A[i, k−1], B[j, k−1], … fma(A[i, 0], B[j, 0], 0))</c>: one fused
/// multiply-add per p in order of p from zero, in the element type. The result does not depend on
/// the tile an element falls in, on padding, or on the machine's core count. From
/// <see cref="ParallelWork"/> multiply-adds the tiles are shared among the cores through
/// <see cref="Workers"/>, whose helpers are awake when the weight gradient comes: through the thread
/// pool, whose parked workers woke too late, a second thread had made this kernel slower.
/// </para>
/// </remarks>
internal sealed unsafe class OuterProductSum : IMatrixProductBackend
{
    // Internal so that tests draw sizes on both sides of each.
    internal const int NR = 12;              // columns of a tile of C: twelve broadcasts of B per step
    internal const int MaxDepth = 256;       // an MR×256 panel of A and 12 lines of B per p stay in L1
    internal const long MaxWork = 1L << 23;  // m·n·k above which OpenBLAS's threads won (512×512 at depth 64)
    internal const int MinRows = 32;         // below a float tile of rows, most of each panel would be padding
    internal const long ParallelWork = 1L << 20; // m·n·k from which the tiles are shared among the cores

    public static OuterProductSum Instance { get; } = new();

    public string Name => "managed-outer-product-sum";

    /// <inheritdoc/>
    public bool Overwrites(bool single) => true; // each tile is stored once, from registers

    /// <summary>True where 512-bit vectors and their fused multiply-add are accelerated.</summary>
    public static bool IsSupported => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>Rows of a tile of C: two vectors of <typeparamref name="T"/>, 16 doubles or 32 floats.</summary>
    internal static int TileRows<T>() => 2 * Vector512<T>.Count;

    /// <summary>
    /// Whether this kernel takes the product <c>op(A)·op(B)</c> of these sizes: A·Bᵀ of depth at most
    /// <see cref="MaxDepth"/>, with at least <see cref="MinRows"/> rows and at most <see cref="MaxWork"/> multiply-adds.
    /// </summary>
    public static bool Serves(int m, int n, int k, bool transposeA, bool transposeB) =>
        CanRun(k, transposeA, transposeB) && m >= MinRows && (long)m * n * k <= MaxWork;

    /// <summary>Whether the kernel can run a product at all (any size): A·Bᵀ of depth at most <see cref="MaxDepth"/>, on AVX-512.</summary>
    public static bool CanRun(int k, bool transposeA, bool transposeB) => IsSupported && !transposeA && transposeB && k <= MaxDepth;

    public void Multiply(int m, int n, int k, ReadOnlySpan<double> a, bool transposeA, ReadOnlySpan<double> b, bool transposeB, Span<double> c) =>
        Run(m, n, k, a, transposeA, b, transposeB, c);

    public void Multiply(int m, int n, int k, ReadOnlySpan<float> a, bool transposeA, ReadOnlySpan<float> b, bool transposeB, Span<float> c) =>
        Run(m, n, k, a, transposeA, b, transposeB, c);

    private static void Run<T>(int m, int n, int k, ReadOnlySpan<T> a, bool transposeA, ReadOnlySpan<T> b, bool transposeB, Span<T> c)
        where T : unmanaged
    {
        if (!CanRun(k, transposeA, transposeB))
            throw new InvalidOperationException($"{nameof(OuterProductSum)} serves A·Bᵀ of depth ≤ {MaxDepth} on AVX-512; it was given {m}×{k}·{k}×{n} (transposeA {transposeA}, transposeB {transposeB}).");
        if (m == 0 || n == 0) return;
        int mr = TileRows<T>(), panels = (m + mr - 1) / mr;
        // Scratch is private to this call, so pooling it is invisible to every caller.
        var pool = System.Buffers.ArrayPool<T>.Shared;
        var packedA = pool.Rent(panels * mr * k);
        var edgeB = pool.Rent(k * NR);
        try
        {
            fixed (T* pa = a, pb = b, pc = c, packed = packedA, edge = edgeB)
            {
                PackA(m, k, pa, packed, mr);
                var tiles = (n + NR - 1) / NR;
                var parts = (long)m * n * k < ParallelWork ? 1 : Math.Min(tiles, Workers.Chunks);
                if (parts == 1)
                {
                    Columns(0, tiles, m, n, k, packed, pb, pc, edge);
                    return;
                }
                nint ipk = (nint)packed, ipb = (nint)pb, ipc = (nint)pc, ied = (nint)edge;
                Workers.For(parts, q => Columns(q * tiles / parts, (q + 1) * tiles / parts, m, n, k, (T*)ipk, (T*)ipb, (T*)ipc, (T*)ied));
            }
        }
        finally
        {
            pool.Return(packedA);
            pool.Return(edgeB);
        }
    }

    // Tiles [from, to) of twelve columns of C, each over every panel of A. Only the last tile can be
    // narrower than twelve, so only one caller ever writes the edge copy of B.
    private static void Columns<T>(int from, int to, int m, int n, int k, T* packed, T* b, T* c, T* edge) where T : unmanaged
    {
        int mr = TileRows<T>(), panels = (m + mr - 1) / mr;
        for (var t = from; t < to; t++)
        {
            var j = t * NR;
            var nr = Math.Min(NR, n - j);
            // A full tile reads B in place; the last, narrower one from a zero-padded copy, so that
            // no broadcast reads past the end of B.
            T* bj = b + j;
            var ldb = n;
            if (nr < NR)
            {
                PackEdgeOfB(n, k, b, j, nr, edge);
                bj = edge;
                ldb = NR;
            }
            for (var panel = 0; panel < panels; panel++)
            {
                var i = panel * mr;
                Tile(k, packed + (long)panel * mr * k, bj, ldb, c + i + (long)j * m, m, Math.Min(mr, m - i), nr);
            }
        }
    }

    // Panel q holds rows q·MR.. of A as k runs of MR values, zero past row m.
    private static void PackA<T>(int m, int k, T* a, T* packed, int mr) where T : unmanaged
    {
        for (var i0 = 0; i0 < m; i0 += mr)
        {
            var rows = Math.Min(mr, m - i0);
            var panel = packed + (long)i0 * k;
            for (var p = 0; p < k; p++)
            {
                var from = a + i0 + (long)p * m;
                var to = panel + (long)p * mr;
                Buffer.MemoryCopy(from, to, (long)mr * sizeof(T), (long)rows * sizeof(T));
                if (rows < mr) new Span<T>(to + rows, mr - rows).Clear();
            }
        }
    }

    private static void PackEdgeOfB<T>(int n, int k, T* b, int j, int nr, T* edge) where T : unmanaged
    {
        for (var p = 0; p < k; p++)
        {
            var to = edge + (long)p * NR;
            Buffer.MemoryCopy(b + j + (long)p * n, to, (long)NR * sizeof(T), (long)nr * sizeof(T));
            new Span<T>(to + nr, NR - nr).Clear();
        }
    }

    // One tile of C: rows × cols of it written from the MR×12 registers, through a spill where the
    // tile overhangs C.
    private static void Tile<T>(int k, T* a, T* b, int ldb, T* c, int ldc, int rows, int cols) where T : unmanaged
    {
        var mr = TileRows<T>();
        if (rows == mr && cols == NR)
        {
            MicroKernel(k, a, b, ldb, c, ldc);
            return;
        }
        var spill = stackalloc byte[64 * 2 * NR]; // MR×NR values: two 64-byte vectors per column
        var tile = (T*)spill;
        MicroKernel(k, a, b, ldb, tile, mr);
        for (var j = 0; j < cols; j++)
            Buffer.MemoryCopy(tile + j * mr, c + (long)j * ldc, (long)rows * sizeof(T), (long)rows * sizeof(T));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> MulAdd<T>(Vector512<T> x, Vector512<T> y, Vector512<T> acc) where T : unmanaged =>
        typeof(T) == typeof(float)
            ? Avx512F.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>()
            : Avx512F.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();

    // C[0..MR, 0..12] = Σₚ Apanel[p, :]·B[j, p] for the twelve j, one fused multiply-add per p in order
    // of p, with 24 accumulators (two vectors down each of twelve columns) held in registers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel<T>(int k, T* a, T* b, int ldb, T* c, int ldc) where T : unmanaged
    {
        var w = Vector512<T>.Count;
        Vector512<T> c0l = default, c0h = default, c1l = default, c1h = default, c2l = default, c2h = default,
                     c3l = default, c3h = default, c4l = default, c4h = default, c5l = default, c5h = default,
                     c6l = default, c6h = default, c7l = default, c7h = default, c8l = default, c8h = default,
                     c9l = default, c9h = default, cal = default, cah = default, cbl = default, cbh = default;
        for (var p = 0; p < k; p++)
        {
            var lo = Vector512.Load(a);
            var hi = Vector512.Load(a + w);
            var x = Vector512.Create(b[0]); c0l = MulAdd(lo, x, c0l); c0h = MulAdd(hi, x, c0h);
            x = Vector512.Create(b[1]); c1l = MulAdd(lo, x, c1l); c1h = MulAdd(hi, x, c1h);
            x = Vector512.Create(b[2]); c2l = MulAdd(lo, x, c2l); c2h = MulAdd(hi, x, c2h);
            x = Vector512.Create(b[3]); c3l = MulAdd(lo, x, c3l); c3h = MulAdd(hi, x, c3h);
            x = Vector512.Create(b[4]); c4l = MulAdd(lo, x, c4l); c4h = MulAdd(hi, x, c4h);
            x = Vector512.Create(b[5]); c5l = MulAdd(lo, x, c5l); c5h = MulAdd(hi, x, c5h);
            x = Vector512.Create(b[6]); c6l = MulAdd(lo, x, c6l); c6h = MulAdd(hi, x, c6h);
            x = Vector512.Create(b[7]); c7l = MulAdd(lo, x, c7l); c7h = MulAdd(hi, x, c7h);
            x = Vector512.Create(b[8]); c8l = MulAdd(lo, x, c8l); c8h = MulAdd(hi, x, c8h);
            x = Vector512.Create(b[9]); c9l = MulAdd(lo, x, c9l); c9h = MulAdd(hi, x, c9h);
            x = Vector512.Create(b[10]); cal = MulAdd(lo, x, cal); cah = MulAdd(hi, x, cah);
            x = Vector512.Create(b[11]); cbl = MulAdd(lo, x, cbl); cbh = MulAdd(hi, x, cbh);
            a += 2 * w;
            b += ldb;
        }
        Store(c, w, c0l, c0h); Store(c += ldc, w, c1l, c1h); Store(c += ldc, w, c2l, c2h);
        Store(c += ldc, w, c3l, c3h); Store(c += ldc, w, c4l, c4h); Store(c += ldc, w, c5l, c5h);
        Store(c += ldc, w, c6l, c6h); Store(c += ldc, w, c7l, c7h); Store(c += ldc, w, c8l, c8h);
        Store(c += ldc, w, c9l, c9h); Store(c += ldc, w, cal, cah); Store(c += ldc, w, cbl, cbh);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(T* c, int w, Vector512<T> lo, Vector512<T> hi) where T : unmanaged
    {
        lo.Store(c);
        hi.Store(c + w);
    }
}
