using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Flux.Kernels;
using Xunit;

namespace Flux.Tests.Properties.Core;

/// <summary>
/// Every single-precision matrix-product backend is within float's rounding bound of a
/// double-precision reference on the same float inputs, on every transpose case, for sizes on both
/// sides of every kernel threshold; the blocked kernel gives the same bits on any number of threads;
/// and no backend writes outside C.
/// </summary>
/// <remarks>
/// <para>
/// The bound. A product summed in float, in any order, with or without fused multiply-adds, obeys
/// |ĉ_ij − c_ij| ≤ γ_k · Σ_p |a_ip||b_pj|, γ_k = k·u / (1 − k·u), u = 2⁻²⁴ (Higham, <i>Accuracy and
/// Stability of Numerical Algorithms</i>, §3.5). The reference c_ij is summed in double, exact to
/// within the same bound with u = 2⁻⁵³, so the check allows the sum of the two.
/// </para>
/// <para>
/// The name ends in ThresholdProperties so that CI also runs this class on 1 and 16 simulated cores
/// (<c>DOTNET_PROCESSOR_COUNT</c>), which moves the blocked kernel's split of columns across threads.
/// </para>
/// </remarks>
public class MatrixProductSingleThresholdProperties
{
    public sealed record Case(int M, int N, int K, bool TransposeA, bool TransposeB, float[] A, float[] B)
    {
        public override string ToString() => $"{M}×{K} · {K}×{N}, op(A) = {(TransposeA ? "Aᵀ" : "A")}, op(B) = {(TransposeB ? "Bᵀ" : "B")}";
    }

    private static readonly int MR = BlockedMatrixProduct.TileRows<float>(), NR = BlockedMatrixProduct.NR;
    private static readonly int KC = BlockedMatrixProduct.KC, MC = BlockedMatrixProduct.MC;

    // Rows across the 16-row micro-tile and the 128-row block, columns across the 6-column tile,
    // depths across the 256-deep block, each with tiny sizes and awkward remainders.
    private static readonly int[] Rows = [1, 2, 3, MR - 1, MR, MR + 1, 2 * MR + 3, MC - 1, MC, MC + 1, 2 * MC + 5];
    private static readonly int[] Cols = [1, 2, 3, NR - 1, NR, NR + 1, 2 * NR + 1, 10 * NR + 1];
    private static readonly int[] Depths = [1, 2, 3, 17, KC - 1, KC, KC + 1, 2 * KC + 1];

    // Products whose work m·n·k sits just below, at and just above each dispatch threshold.
    private static readonly (int M, int N, int K)[] Edges =
    [
        (3, 8, 10), (4, 8, 8), (5, 8, 8),                                    // ManagedMatrixProduct.TinyWork = 256
        (16, 16, 15), (16, 16, 16), (16, 16, 17),                            // MatrixProduct.SmallWork = 16³
        (127, 16, 256), (128, 16, 256), (129, 16, 256), (128, 17, 256),      // BlockedMatrixProduct.ParallelWork = 128·16·256
    ];

    private static Gen<Case> CasesOf(Gen<(int M, int N, int K)> sizes) =>
        from size in sizes
        from ta in Gen.Elements(false, true)
        from tb in Gen.Elements(false, true)
        from seed in Gen.Choose(0, 1_000_000)
        select new Case(size.M, size.N, size.K, ta, tb, Floats(seed, size.M * size.K), Floats(seed + 1, size.K * size.N));

    private static readonly Gen<Case> Cases = CasesOf(Gen.Choose(0, 3).SelectMany(pick => pick == 0
        ? Gen.Elements(Edges)
        : from m in Gen.Elements(Rows) from n in Gen.Elements(Cols) from k in Gen.Elements(Depths) select (m, n, k)));

    // Sizes above ParallelWork with columns for several threads, so the blocked kernel splits them.
    private static readonly Gen<Case> LargeCases = CasesOf(
        from m in Gen.Elements(MC + 1, 2 * MC + 5)
        from n in Gen.Elements(4 * NR + 1, 10 * NR + 1, 16 * NR + 5)
        from k in Gen.Elements(KC + 45, 2 * KC + 1)
        select (m, n, k));

    // Values in [−1, 1] scaled by 2⁻⁶..2⁶ element by element, so that sums cancel and magnitudes mix.
    private static float[] Floats(int seed, int count)
    {
        var values = Tensor.Uniform(new Seed(seed), -1, 1, count).ToArray();
        var scales = Tensor.Uniform(new Seed(seed + 7), -6, 6, count).ToArray();
        return [.. values.Select((v, i) => (float)Math.ScaleB(v, (int)Math.Round(scales[i])))];
    }

    private static float[] Run(IMatrixProductBackend backend, Case c)
    {
        var result = new float[c.M * c.N];
        backend.Multiply(c.M, c.N, c.K, c.A, c.TransposeA, c.B, c.TransposeB, result);
        return result;
    }

    private static float OpA(Case c, int i, int p) => c.TransposeA ? c.A[p + i * c.K] : c.A[i + p * c.M];
    private static float OpB(Case c, int p, int j) => c.TransposeB ? c.B[j + p * c.N] : c.B[p + j * c.K];

    // |c_ij − Σ_p a_ip b_pj| ≤ (γ_k(2⁻²⁴) + γ_k(2⁻⁵³)) · Σ_p |a_ip||b_pj|, the sums taken in double.
    private static bool WithinFloatBound(float[] result, Case c)
    {
        static double Gamma(int k, double u) => k * u / (1 - k * u);
        var gamma = Gamma(c.K, Math.ScaleB(1, -24)) + Gamma(c.K, Math.ScaleB(1, -53));
        for (var j = 0; j < c.N; j++)
            for (var i = 0; i < c.M; i++)
            {
                double sum = 0, magnitude = 0;
                for (var p = 0; p < c.K; p++)
                {
                    var term = (double)OpA(c, i, p) * OpB(c, p, j);
                    sum += term;
                    magnitude += Math.Abs(term);
                }
                if (!(Math.Abs(result[i + j * c.M] - sum) <= gamma * magnitude)) return false;
            }
        return true;
    }

    private static bool SameBits(float[] x, float[] y) =>
        x.Length == y.Length && x.Select(BitConverter.SingleToInt32Bits).SequenceEqual(y.Select(BitConverter.SingleToInt32Bits));

    [Property(MaxTest = 80)]
    public Property SimpleKernelIsWithinTheFloatBound() => Prop.ForAll(Cases.ToArbitrary(),
        c => WithinFloatBound(Run(MatrixProduct.Simple, c), c));

    [Property(MaxTest = 80)]
    public Property BlockedKernelIsWithinTheFloatBound() => Prop.ForAll(Cases.ToArbitrary(),
        c => WithinFloatBound(Run(new BlockedMatrixProduct(), c), c));

    [Property(MaxTest = 60)]
    public Property EntryPointIsWithinTheFloatBound() => Prop.ForAll(Cases.ToArbitrary(), c =>
    {
        var result = new float[c.M * c.N];
        MatrixProduct.Multiply(c.M, c.N, c.K, c.A, c.TransposeA, c.B, c.TransposeB, result);
        return WithinFloatBound(result, c);
    });

    [Fact]
    public void OpenBlasIsWithinTheFloatBoundWhereItIsInstalled()
    {
        var openBlas = OpenBlasMatrixProduct.TryLoad();
        if (openBlas is null) return; // the library works without OpenBLAS; there is nothing to compare
        Prop.ForAll(Cases.ToArbitrary(), c => WithinFloatBound(Run(openBlas, c), c)).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    // A library without cblas_sgemm runs single precision on the managed kernel: the same bits as it.
    [Fact]
    public void OpenBlasWithoutSgemmRunsTheManagedKernel()
    {
        if (OpenBlasMatrixProduct.TryLoad() is not { } openBlas) return; // nothing to take sgemm from
        var withoutSingle = openBlas.WithoutSingle();
        Assert.False(withoutSingle.HasSingle);
        Prop.ForAll(Cases.ToArbitrary(), c => SameBits(Run(withoutSingle, c), Run(MatrixProduct.Managed, c)))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(30));
    }

    [Property(MaxTest = 20)]
    public Property BlockedKernelIsWithinTheFloatBoundAboveTheParallelThreshold() => Prop.ForAll(LargeCases.ToArbitrary(),
        c => WithinFloatBound(Run(new BlockedMatrixProduct(), c), c));

    [Property(MaxTest = 20)]
    public Property BlockedKernelGivesTheSameBitsOnAnyNumberOfThreads() => Prop.ForAll(LargeCases.ToArbitrary(), c =>
    {
        var alone = Run(new BlockedMatrixProduct(maxThreads: 1), c);
        return new[] { 2, 3, 7, 16 }.All(t => SameBits(Run(new BlockedMatrixProduct(maxThreads: t), c), alone));
    });

    // Sums in float in order of p from zero, as its documentation says, except Aᵀ·B (a vector dot product).
    [Property(MaxTest = 60)]
    public Property SimpleKernelSumsInFloatInOrderOfP() => Prop.ForAll(Cases.ToArbitrary(), c =>
    {
        if (c.TransposeA && !c.TransposeB) return true;
        var expected = new float[c.M * c.N];
        for (var j = 0; j < c.N; j++)
            for (var i = 0; i < c.M; i++)
            {
                var sum = 0f;
                for (var p = 0; p < c.K; p++) sum += OpA(c, i, p) * OpB(c, p, j);
                expected[i + j * c.M] = sum;
            }
        return SameBits(Run(MatrixProduct.Simple, c), expected);
    });

    // Below SmallWork the entry runs the simple kernel; above it the shallow kernel where it serves,
    // else the backend: the same bits as each.
    [Property(MaxTest = 60)]
    public Property EntryPointRunsTheSimpleKernelBelowSmallWorkAndTheBackendAbove() => Prop.ForAll(Cases.ToArbitrary(), c =>
    {
        var result = new float[c.M * c.N];
        MatrixProduct.Multiply(c.M, c.N, c.K, c.A, c.TransposeA, c.B, c.TransposeB, result);
        var chosen = (long)c.M * c.N * c.K < MatrixProduct.SmallWork ? MatrixProduct.Simple
            : OuterProductSum.Serves(c.M, c.N, c.K, c.TransposeA, c.TransposeB) ? OuterProductSum.Instance
            : MatrixProduct.Backend;
        return SameBits(result, Run(chosen, c));
    });

    // The edge sizes above name the thresholds they straddle; if a threshold moves, so must they.
    [Fact]
    public void EdgeSizesSitOnTheKernelThresholds()
    {
        Assert.Equal(ManagedMatrixProduct.TinyWork, 4 * 8 * 8);
        Assert.Equal(MatrixProduct.SmallWork, 16L * 16 * 16);
        Assert.Equal(BlockedMatrixProduct.ParallelWork, 128L * 16 * 256);
    }

    [Fact]
    public void EntryPointLeavesTheZerosOfAnEmptyDepth()
    {
        var c = new float[6];
        MatrixProduct.Multiply(2, 3, 0, ReadOnlySpan<float>.Empty, false, ReadOnlySpan<float>.Empty, false, c);
        Assert.All(c, x => Assert.Equal(0, BitConverter.SingleToInt32Bits(x)));
    }

    // C as the zeroed middle of a larger array fenced with a sentinel: the fences keep their bits,
    // and C holds the same bits as when it is an array of its own. The sentinel is finite, not NaN,
    // because the kernels add into C and NaN + x is NaN: a stray add would go unseen. Each fence is
    // as long as C and then some, so that a pointer kernel's overrun lands in it, not in the heap.
    private static bool WritesOnlyC(IMatrixProductBackend backend, Case c)
    {
        var fence = c.M * c.N + 64;
        const float Sentinel = -1234.5f;
        var buffer = new float[fence + c.M * c.N + fence];
        buffer.AsSpan().Fill(Sentinel);
        var inside = buffer.AsSpan(fence, c.M * c.N);
        inside.Clear();
        backend.Multiply(c.M, c.N, c.K, c.A, c.TransposeA, c.B, c.TransposeB, inside);
        var fences = buffer.Take(fence).Concat(buffer.Skip(fence + c.M * c.N));
        return fences.All(x => BitConverter.SingleToInt32Bits(x) == BitConverter.SingleToInt32Bits(Sentinel))
            && SameBits(inside.ToArray(), Run(backend, c));
    }

    [Property(MaxTest = 40)]
    public Property NoManagedBackendWritesOutsideC() => Prop.ForAll(Cases.ToArbitrary(),
        c => WritesOnlyC(MatrixProduct.Simple, c) && WritesOnlyC(new BlockedMatrixProduct(), c) && WritesOnlyC(new BlockedMatrixProduct(maxThreads: 3), c));

    [Fact]
    public void OpenBlasWritesOnlyCWhereItIsInstalled()
    {
        var openBlas = OpenBlasMatrixProduct.TryLoad();
        if (openBlas is null) return;
        Prop.ForAll(Cases.ToArbitrary(), c => WritesOnlyC(openBlas, c)).Check(Config.QuickThrowOnFailure.WithMaxTest(30));
    }
}
