using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Flux.Kernels;

/// <summary>
/// The fast managed matrix product, in the shape of BLIS/GotoBLAS: op(B) is packed into panels of
/// <see cref="NR"/> columns and op(A) into panels of MR rows (the packing reads through the
/// transposes, so one kernel serves all four cases), then a register-blocked micro-kernel of
/// <see cref="Vector256{T}"/> fused multiply-adds accumulates each MR×NR tile of C: 8×6 in double,
/// 16×6 in single precision (two vectors down a column × six columns in both). Large products
/// split their columns across the cores.
/// </summary>
/// <remarks>
/// Each element of C is computed by one thread, in one order of k, so results do not depend on
/// the number of threads and repeat bit for bit on a machine. They may differ in the last bits
/// from <see cref="ManagedMatrixProduct"/>, which adds in another order. Packing, blocking and
/// threading are one generic body for both precisions (they move values, never add them); each
/// precision has its own micro-kernel, the only place that does arithmetic.
/// </remarks>
internal sealed unsafe partial class BlockedMatrixProduct : IMatrixProductBackend
{
    // Internal so that tests draw sizes on both sides of each.
    internal const int NR = 6;   // columns of the micro-tile; its rows, MR, are two Vector256 of the element type
    internal const int KC = 256; // depth of a packed block: an MR×256 A panel plus a 256×6 B panel fit in L1
    internal const int MC = 128; // rows of a packed A block: 128×256 doubles (256 KB) or floats (128 KB) stay in L2
    internal const long ParallelWork = 1L << 19; // m·n·k below which one thread is faster

    private readonly int _maxThreads;

    /// <param name="maxThreads">the most threads one product uses; 0 (the default) means one per core</param>
    public BlockedMatrixProduct(int maxThreads = 0) => _maxThreads = maxThreads;

    public string Name => "managed-blocked";

    /// <inheritdoc/>
    public bool Overwrites(bool single) => false; // it adds into C

    /// <summary>True where 256-bit vectors are accelerated; elsewhere the simple kernel serves.</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    public void Multiply(int m, int n, int k, ReadOnlySpan<double> a, bool transposeA, ReadOnlySpan<double> b, bool transposeB, Span<double> c) =>
        Run(m, n, k, a, transposeA, b, transposeB, c);

    /// <remarks>Sums in float: 16×6 tiles, each element in one order of k whatever the thread count.</remarks>
    public void Multiply(int m, int n, int k, ReadOnlySpan<float> a, bool transposeA, ReadOnlySpan<float> b, bool transposeB, Span<float> c) =>
        Run(m, n, k, a, transposeA, b, transposeB, c);

    /// <summary>Rows of the micro-tile: two vectors of <typeparamref name="T"/>, 8 doubles or 16 floats.</summary>
    internal static int TileRows<T>() => 2 * Vector256<T>.Count;

    private void Run<T>(int m, int n, int k, ReadOnlySpan<T> a, bool transposeA, ReadOnlySpan<T> b, bool transposeB, Span<T> c)
        where T : unmanaged
    {
        var cores = _maxThreads > 0 ? _maxThreads : Environment.ProcessorCount;
        var threads = (long)m * n * k < ParallelWork ? 1 : Math.Min(cores, (n + NR - 1) / NR);
        fixed (T* pa = a, pb = b, pc = c)
        {
            if (threads <= 1)
            {
                Compute(m, n, k, pa, transposeA, pb, transposeB, pc, 0, n);
                return;
            }
            // Column ranges of whole NR panels, one per thread; pointers travel as nint into the lambda.
            var panels = (n + NR - 1) / NR;
            nint ia = (nint)pa, ib = (nint)pb, ic = (nint)pc;
            Workers.For(threads, t =>
            {
                var j0 = Math.Min(n, panels * t / threads * NR);
                var j1 = Math.Min(n, panels * (t + 1) / threads * NR);
                if (j1 > j0) Compute(m, n, k, (T*)ia, transposeA, (T*)ib, transposeB, (T*)ic, j0, j1);
            });
        }
    }

    private static void Compute<T>(int m, int n, int k, T* a, bool transposeA, T* b, bool transposeB, T* c, int j0, int j1)
        where T : unmanaged
    {
        // Packing scratch is private to this call, so pooling it is invisible to every caller.
        var pool = System.Buffers.ArrayPool<T>.Shared;
        var packedB = pool.Rent(Math.Min(KC, k) * RoundUp(j1 - j0, NR));
        var packedA = pool.Rent(Math.Min(KC, k) * RoundUp(Math.Min(MC, m), TileRows<T>()));
        try
        {
            fixed (T* pb = packedB, pa = packedA)
                ComputeBlocks(m, n, k, a, transposeA, b, transposeB, c, j0, j1, pa, pb);
        }
        finally
        {
            pool.Return(packedA);
            pool.Return(packedB);
        }
    }

    // The loops of BLIS: depth blocks (pack B), row blocks (pack A), then micro-tiles.
    private static void ComputeBlocks<T>(int m, int n, int k, T* a, bool transposeA, T* b, bool transposeB, T* c,
        int j0, int j1, T* pa, T* pb) where T : unmanaged
    {
        var width = j1 - j0;
        var mr = TileRows<T>();
        for (var p0 = 0; p0 < k; p0 += KC)
        {
            var kc = Math.Min(KC, k - p0);
            PackB(b, transposeB, transposeB ? n : k, p0, kc, j0, width, pb);
            for (var i0 = 0; i0 < m; i0 += MC)
            {
                var mc = Math.Min(MC, m - i0);
                PackA(a, transposeA, transposeA ? k : m, i0, mc, p0, kc, pa);
                for (var jr = 0; jr < width; jr += NR)
                    for (var ir = 0; ir < mc; ir += mr)
                        Tile(kc, pa + ir * kc, pb + jr * kc, c + (i0 + ir) + (long)(j0 + jr) * m, m,
                            Math.Min(mr, mc - ir), Math.Min(NR, width - jr));
            }
        }
    }

    // The micro-kernel of T's precision; the JIT keeps only the branch for T.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile<T>(int kc, T* a, T* b, T* c, int ldc, int mr, int nr) where T : unmanaged
    {
        if (typeof(T) == typeof(double)) MicroKernel(kc, (double*)a, (double*)b, (double*)c, ldc, mr, nr);
        else if (typeof(T) == typeof(float)) MicroKernel(kc, (float*)a, (float*)b, (float*)c, ldc, mr, nr);
        else throw new NotSupportedException($"No micro-kernel for {typeof(T)}.");
    }

    // op(A)[i, p] for rows i0..i0+mc and depths p0..p0+kc, as MR-row panels: for each p, MR values.
    private static void PackA<T>(T* a, bool transposed, int lda, int i0, int mc, int p0, int kc, T* dst) where T : unmanaged
    {
        var mr = TileRows<T>();
        for (var ir = 0; ir < mc; ir += mr)
        {
            var rows = Math.Min(mr, mc - ir);
            for (var p = 0; p < kc; p++)
            {
                for (var i = 0; i < rows; i++)
                {
                    long row = i0 + ir + i, col = p0 + p;
                    dst[i] = transposed ? a[col + row * lda] : a[row + col * lda];
                }
                for (var i = rows; i < mr; i++) dst[i] = default;
                dst += mr;
            }
        }
    }

    // op(B)[p, j] for depths p0..p0+kc and columns j0..j0+width, as NR-column panels: for each p, NR values.
    private static void PackB<T>(T* b, bool transposed, int ldb, int p0, int kc, int j0, int width, T* dst) where T : unmanaged
    {
        for (var jr = 0; jr < width; jr += NR)
        {
            var cols = Math.Min(NR, width - jr);
            for (var p = 0; p < kc; p++)
            {
                for (var j = 0; j < cols; j++)
                {
                    long row = p0 + p, col = j0 + jr + j;
                    dst[j] = transposed ? b[col + row * ldb] : b[row + col * ldb];
                }
                for (var j = cols; j < NR; j++) dst[j] = default;
                dst += NR;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> MulAdd(Vector256<double> x, Vector256<double> y, Vector256<double> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(x, y, acc) : Vector256.Add(Vector256.Multiply(x, y), acc);

    // C[0..mr, 0..nr] += Apanel · Bpanel over kc, with twelve accumulators held in registers.
    private static void MicroKernel(int kc, double* a, double* b, double* c, int ldc, int mr, int nr)
    {
        const int MR = 8; // two Vector256<double> down a column
        Vector256<double> c0l = default, c0h = default, c1l = default, c1h = default, c2l = default, c2h = default,
                          c3l = default, c3h = default, c4l = default, c4h = default, c5l = default, c5h = default;
        for (var p = 0; p < kc; p++)
        {
            var lo = Vector256.Load(a);
            var hi = Vector256.Load(a + 4);
            var x = Vector256.Create(b[0]); c0l = MulAdd(lo, x, c0l); c0h = MulAdd(hi, x, c0h);
            x = Vector256.Create(b[1]); c1l = MulAdd(lo, x, c1l); c1h = MulAdd(hi, x, c1h);
            x = Vector256.Create(b[2]); c2l = MulAdd(lo, x, c2l); c2h = MulAdd(hi, x, c2h);
            x = Vector256.Create(b[3]); c3l = MulAdd(lo, x, c3l); c3h = MulAdd(hi, x, c3h);
            x = Vector256.Create(b[4]); c4l = MulAdd(lo, x, c4l); c4h = MulAdd(hi, x, c4h);
            x = Vector256.Create(b[5]); c5l = MulAdd(lo, x, c5l); c5h = MulAdd(hi, x, c5h);
            a += MR;
            b += NR;
        }

        if (mr == MR && nr == NR)
        {
            Accumulate(c, c0l, c0h); Accumulate(c + ldc, c1l, c1h); Accumulate(c + 2 * ldc, c2l, c2h);
            Accumulate(c + 3 * ldc, c3l, c3h); Accumulate(c + 4 * ldc, c4l, c4h); Accumulate(c + 5 * ldc, c5l, c5h);
            return;
        }
        // An edge tile: spill to a small buffer and add only the part inside C.
        var tile = stackalloc double[MR * NR];
        c0l.Store(tile); c0h.Store(tile + 4); c1l.Store(tile + 8); c1h.Store(tile + 12);
        c2l.Store(tile + 16); c2h.Store(tile + 20); c3l.Store(tile + 24); c3h.Store(tile + 28);
        c4l.Store(tile + 32); c4h.Store(tile + 36); c5l.Store(tile + 40); c5h.Store(tile + 44);
        for (var j = 0; j < nr; j++)
            for (var i = 0; i < mr; i++)
                c[i + (long)j * ldc] += tile[i + j * MR];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(double* c, Vector256<double> lo, Vector256<double> hi)
    {
        Vector256.Add(Vector256.Load(c), lo).Store(c);
        Vector256.Add(Vector256.Load(c + 4), hi).Store(c + 4);
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;
}
