using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Flux.Kernels;

/// <summary>The single-precision micro-kernel of the blocked product: 16×6 tiles summed in float.</summary>
internal sealed unsafe partial class BlockedMatrixProduct
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MulAdd(Vector256<float> x, Vector256<float> y, Vector256<float> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(x, y, acc) : Vector256.Add(Vector256.Multiply(x, y), acc);

    // C[0..mr, 0..nr] += Apanel · Bpanel over kc: C[i, j] += Σ_p Apanel[p, i]·Bpanel[p, j], one fused
    // multiply-add per p in order of p, with twelve accumulators of eight floats held in registers.
    private static void MicroKernel(int kc, float* a, float* b, float* c, int ldc, int mr, int nr)
    {
        const int MR = 16; // two Vector256<float> down a column
        Vector256<float> c0l = default, c0h = default, c1l = default, c1h = default, c2l = default, c2h = default,
                         c3l = default, c3h = default, c4l = default, c4h = default, c5l = default, c5h = default;
        for (var p = 0; p < kc; p++)
        {
            var lo = Vector256.Load(a);
            var hi = Vector256.Load(a + 8);
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
        var tile = stackalloc float[MR * NR];
        c0l.Store(tile); c0h.Store(tile + 8); c1l.Store(tile + 16); c1h.Store(tile + 24);
        c2l.Store(tile + 32); c2h.Store(tile + 40); c3l.Store(tile + 48); c3h.Store(tile + 56);
        c4l.Store(tile + 64); c4h.Store(tile + 72); c5l.Store(tile + 80); c5h.Store(tile + 88);
        for (var j = 0; j < nr; j++)
            for (var i = 0; i < mr; i++)
                c[i + (long)j * ldc] += tile[i + j * MR];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(float* c, Vector256<float> lo, Vector256<float> hi)
    {
        Vector256.Add(Vector256.Load(c), lo).Store(c);
        Vector256.Add(Vector256.Load(c + 8), hi).Store(c + 8);
    }
}
