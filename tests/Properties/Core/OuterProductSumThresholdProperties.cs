using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Flux.Kernels;
using Xunit;

namespace Flux.Tests.Properties.Core;

/// <summary>
/// The shallow product <see cref="OuterProductSum"/> (<c>C = A·Bᵀ</c>, depth ≤ 256) in both
/// precisions: every element is the chain of fused multiply-adds in order of p from zero, bit for
/// bit, for sizes on both sides of its tile rows and columns and of the work from which its tiles
/// are shared among the cores, with awkward remainders; it writes only C; and the entry point sends it exactly the products it serves.
/// </summary>
/// <remarks>
/// The kernel needs AVX-512; where the CPU lacks it the kernel serves nothing, which the dispatch
/// property still checks, and the bit-for-bit properties have no kernel to run.
/// </remarks>
public class OuterProductSumThresholdProperties
{
    public sealed record Case(int M, int N, int K, double[] A, double[] B)
    {
        public override string ToString() => $"{M}×{K} · ({N}×{K})ᵀ";
        public float[] SingleA => [.. A.Select(x => (float)x)];
        public float[] SingleB => [.. B.Select(x => (float)x)];
    }

    private const int NR = OuterProductSum.NR, MaxDepth = OuterProductSum.MaxDepth;
    private static readonly int FloatRows = OuterProductSum.TileRows<float>(), DoubleRows = OuterProductSum.TileRows<double>();

    // Rows across both tile heights (16 doubles, 32 floats), columns across the 12-column tile,
    // depths up to the largest served, each with remainders.
    private static readonly int[] Rows = [1, 2, DoubleRows - 1, DoubleRows, DoubleRows + 1, FloatRows - 1, FloatRows, FloatRows + 1, 2 * FloatRows + 3, 4 * FloatRows + 5];
    private static readonly int[] Cols = [1, 2, NR - 1, NR, NR + 1, 2 * NR + 5, 10 * NR + 7];
    private static readonly int[] Depths = [1, 2, 3, 17, 64, MaxDepth - 1, MaxDepth];

    private static readonly Gen<Case> Cases =
        from m in Gen.Elements(Rows)
        from n in Gen.Elements(Cols)
        from k in Gen.Elements(Depths)
        from seed in Gen.Choose(0, 1_000_000)
        select new Case(m, n, k, Values(seed, m * k), Values(seed + 1, n * k));

    // Values in [−1, 1] scaled by 2⁻⁶..2⁶ element by element, so that sums cancel and magnitudes mix.
    private static double[] Values(int seed, int count)
    {
        var values = Tensor.Uniform(new Seed(seed), -1, 1, count).ToArray();
        var scales = Tensor.Uniform(new Seed(seed + 7), -6, 6, count).ToArray();
        return [.. values.Select((v, i) => Math.ScaleB(v, (int)Math.Round(scales[i])))];
    }

    // C[i, j] = fma(A[i, k−1], B[j, k−1], … fma(A[i, 0], B[j, 0], 0)), as the kernel documents.
    private static double[] ChainOfFmas(Case c)
    {
        var expected = new double[c.M * c.N];
        for (var j = 0; j < c.N; j++)
            for (var i = 0; i < c.M; i++)
            {
                var sum = 0.0;
                for (var p = 0; p < c.K; p++) sum = Math.FusedMultiplyAdd(c.A[i + p * c.M], c.B[j + p * c.N], sum);
                expected[i + j * c.M] = sum;
            }
        return expected;
    }

    private static float[] ChainOfFmasInFloat(Case c)
    {
        var (a, b) = (c.SingleA, c.SingleB);
        var expected = new float[c.M * c.N];
        for (var j = 0; j < c.N; j++)
            for (var i = 0; i < c.M; i++)
            {
                var sum = 0f;
                for (var p = 0; p < c.K; p++) sum = MathF.FusedMultiplyAdd(a[i + p * c.M], b[j + p * c.N], sum);
                expected[i + j * c.M] = sum;
            }
        return expected;
    }

    // C as the zeroed middle of an array fenced on both sides by a sentinel, so a stray write shows.
    private static (T[] Result, bool FencesKept) RunFenced<T>(Case c, T sentinel, Action<Span<T>> multiply) where T : struct
    {
        var length = c.M * c.N;
        var fence = length + 64;
        var buffer = new T[fence + length + fence];
        buffer.AsSpan().Fill(sentinel);
        buffer.AsSpan(fence, length).Clear();
        multiply(buffer.AsSpan(fence, length));
        var kept = buffer.Take(fence).Concat(buffer.Skip(fence + length)).All(x => x.Equals(sentinel));
        return (buffer.AsSpan(fence, length).ToArray(), kept);
    }

    [Property(MaxTest = 80)]
    public Property EachElementIsTheChainOfFusedMultiplyAddsInOrderOfPInDouble() => Prop.ForAll(Cases.ToArbitrary(), c =>
    {
        if (!OuterProductSum.IsSupported) return true; // no AVX-512: the kernel serves nothing
        var (result, kept) = RunFenced(c, -1234.5, to => OuterProductSum.Instance.Multiply(c.M, c.N, c.K, c.A, false, c.B, true, to));
        return kept && result.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(ChainOfFmas(c).Select(BitConverter.DoubleToInt64Bits));
    });

    [Property(MaxTest = 80)]
    public Property EachElementIsTheChainOfFusedMultiplyAddsInOrderOfPInFloat() => Prop.ForAll(Cases.ToArbitrary(), c =>
    {
        if (!OuterProductSum.IsSupported) return true;
        var (a, b) = (c.SingleA, c.SingleB);
        var (result, kept) = RunFenced(c, -1234.5f, to => OuterProductSum.Instance.Multiply(c.M, c.N, c.K, a, false, b, true, to));
        return kept && result.Select(BitConverter.SingleToInt32Bits).SequenceEqual(ChainOfFmasInFloat(c).Select(BitConverter.SingleToInt32Bits));
    });

    // Sizes on both sides of ParallelWork, where the tiles are shared among the cores (the layer
    // gradient 128×784 at depth 64 among them), with a narrow last tile: the same chain of FMAs.
    [Theory]
    [InlineData(32, 127, 256)]
    [InlineData(33, 127, 256)]
    [InlineData(128, 784, 64)]
    [InlineData(133, 127, 256)]
    public void SharingTheTilesAmongTheCoresKeepsEveryBit(int m, int n, int k)
    {
        Assert.Equal((long)m * n * k >= OuterProductSum.ParallelWork, m > 32);
        if (!OuterProductSum.IsSupported) return;
        var c = new Case(m, n, k, Values(m, m * k), Values(n, n * k));
        var (result, kept) = RunFenced(c, -1234.5, to => OuterProductSum.Instance.Multiply(m, n, k, c.A, false, c.B, true, to));
        Assert.True(kept);
        Assert.Equal(ChainOfFmas(c).Select(BitConverter.DoubleToInt64Bits), result.Select(BitConverter.DoubleToInt64Bits));
        var (a, b) = (c.SingleA, c.SingleB);
        var (single, singleKept) = RunFenced(c, -1234.5f, to => OuterProductSum.Instance.Multiply(m, n, k, a, false, b, true, to));
        Assert.True(singleKept);
        Assert.Equal(ChainOfFmasInFloat(c).Select(BitConverter.SingleToInt32Bits), single.Select(BitConverter.SingleToInt32Bits));
    }

    // The entry point gives the bits of the kernel it chooses, in both types, on every transpose case.
    [Property(MaxTest = 60)]
    public Property TheEntryPointRunsTheKernelItChooses() => Prop.ForAll(Cases.ToArbitrary(), Gen.Elements(false, true).ToArbitrary(), Gen.Elements(false, true).ToArbitrary(), (c, ta, tb) =>
    {
        var chosen = MatrixProduct.Choose(c.M, c.N, c.K, ta, tb);
        // Flat arrays of m·k and k·n values serve every transpose case, shaped as op(·) reads them.
        var a = Tensor.FromArray(c.A, ta ? [c.K, c.M] : [c.M, c.K]);
        var b = Tensor.FromArray(c.B, tb ? [c.N, c.K] : [c.K, c.N]);
        var viaEntry = MatrixProduct.Multiply(a, ta, b, tb, Shape.Matrix(c.M, c.N)).ToArray();
        var direct = new double[c.M * c.N];
        chosen.Multiply(c.M, c.N, c.K, c.A, ta, c.B, tb, direct);
        var (fa, fb) = (c.SingleA, c.SingleB);
        var (singleEntry, singleDirect) = (new float[c.M * c.N], new float[c.M * c.N]);
        MatrixProduct.Multiply(c.M, c.N, c.K, fa, ta, fb, tb, singleEntry);
        chosen.Multiply(c.M, c.N, c.K, fa, ta, fb, tb, singleDirect);
        return viaEntry.SequenceEqual(direct) && singleEntry.SequenceEqual(singleDirect);
    });

    // It takes A·Bᵀ of depth ≤ 256 with at least a tile of rows, up to 2²³ multiply-adds, and nothing else.
    [Fact]
    public void ItServesShallowTransposedProductsOnly()
    {
        var expected = OuterProductSum.IsSupported;
        Assert.Equal(expected, OuterProductSum.Serves(128, 784, 64, false, true));
        Assert.Equal(expected, OuterProductSum.Serves(OuterProductSum.MinRows, 1, MaxDepth, false, true));
        Assert.False(OuterProductSum.Serves(OuterProductSum.MinRows - 1, 784, 64, false, true));
        Assert.False(OuterProductSum.Serves(128, 784, MaxDepth + 1, false, true));
        Assert.Equal(expected, OuterProductSum.Serves(128, 256, 256, false, true)); // exactly MaxWork
        Assert.False(OuterProductSum.Serves(129, 256, 256, false, true));
        Assert.Equal(OuterProductSum.MaxWork, 128L * 256 * 256);
        foreach (var (ta, tb) in new[] { (false, false), (true, false), (true, true) })
            Assert.False(OuterProductSum.Serves(128, 784, 64, ta, tb));
        Assert.Equal(expected ? "managed-outer-product-sum" : MatrixProduct.Backend.Name, MatrixProduct.Choose(128, 784, 64, false, true).Name);
        Assert.Same(MatrixProduct.Simple, MatrixProduct.Choose(16, 16, 15, false, true)); // below SmallWork
    }

    [Fact]
    public void ItRefusesAProductItDoesNotServe()
    {
        var c = new double[4];
        var error = Assert.Throws<InvalidOperationException>(() => OuterProductSum.Instance.Multiply(2, 2, 2, new double[4], false, new double[4], false, c));
        Assert.Contains("A·Bᵀ", error.Message);
    }
}
