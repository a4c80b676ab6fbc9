using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Flux.Kernels;
using Xunit;

namespace Flux.Tests.Properties.Core;

/// <summary>Every matrix-product backend agrees with the simple reference kernel on every transpose case.</summary>
public class MatrixProductProperties
{
    private sealed record Case(int M, int N, int K, bool TransposeA, bool TransposeB, double[] A, double[] B);

    // Sizes straddle the 8×6 micro-tile, the 128-row and 256-deep blocks, and the threading threshold.
    private static readonly Gen<Case> Cases =
        from m in Gen.Elements(1, 3, 7, 8, 9, 17, 64, 130)
        from n in Gen.Elements(1, 5, 6, 7, 13, 48, 61)
        from k in Gen.Elements(1, 2, 9, 33, 257, 300)
        from ta in Gen.Elements(false, true)
        from tb in Gen.Elements(false, true)
        from seed in Gen.Choose(0, 1_000_000)
        select new Case(m, n, k, ta, tb, Tensor.Uniform(new Seed(seed), -1, 1, m * k).ToArray(), Tensor.Uniform(new Seed(seed + 1), -1, 1, k * n).ToArray());

    private static double[] Run(IMatrixProductBackend backend, Case c)
    {
        var result = new double[c.M * c.N];
        backend.Multiply(c.M, c.N, c.K, c.A, c.TransposeA, c.B, c.TransposeB, result);
        return result;
    }

    // |x − y| ≤ 1e-12 · Σ_p |a_ip||b_pj|, bounded here by k (elements lie in [−1, 1]).
    private static bool Agree(double[] x, double[] y, int k) =>
        Enumerable.Range(0, x.Length).All(i => Math.Abs(x[i] - y[i]) <= 1e-12 * k);

    [Property(MaxTest = 60)]
    public Property BlockedKernelAgreesWithTheSimpleKernel() => Prop.ForAll(Cases.ToArbitrary(),
        c => Agree(Run(new BlockedMatrixProduct(), c), Run(MatrixProduct.Simple, c), c.K));

    [Property(MaxTest = 40)]
    public Property BlockedKernelRepeatsBitForBit() => Prop.ForAll(Cases.ToArbitrary(),
        c => Run(new BlockedMatrixProduct(), c).SequenceEqual(Run(new BlockedMatrixProduct(), c)));

    // Products above the blocked kernel's parallel threshold, whose columns split across threads.
    private static readonly Gen<Case> LargeCases =
        from m in Gen.Elements(130, 257)
        from n in Gen.Elements(25, 61)
        from k in Gen.Elements(300, 513)
        from ta in Gen.Elements(false, true)
        from tb in Gen.Elements(false, true)
        from seed in Gen.Choose(0, 1_000_000)
        select new Case(m, n, k, ta, tb, Tensor.Uniform(new Seed(seed), -1, 1, m * k).ToArray(), Tensor.Uniform(new Seed(seed + 1), -1, 1, k * n).ToArray());

    [Property(MaxTest = 15)]
    public Property BlockedKernelGivesTheSameBitsOnAnyNumberOfThreads() => Prop.ForAll(LargeCases.ToArbitrary(), c =>
    {
        var alone = Run(new BlockedMatrixProduct(maxThreads: 1), c);
        return new[] { 2, 3, 16 }.All(t => Run(new BlockedMatrixProduct(maxThreads: t), c).Select(BitConverter.DoubleToInt64Bits)
            .SequenceEqual(alone.Select(BitConverter.DoubleToInt64Bits)));
    });

    [Fact]
    public void OpenBlasAgreesWithTheManagedKernelWhereItIsInstalled()
    {
        var openBlas = OpenBlasMatrixProduct.TryLoad();
        if (openBlas is null) return; // the library works without OpenBLAS; there is nothing to compare
        var config = Config.QuickThrowOnFailure.WithMaxTest(40);
        Prop.ForAll(Cases.ToArbitrary(), c => Agree(Run(openBlas, c), Run(MatrixProduct.Simple, c), c.K)).Check(config);
    }

    [Fact]
    public void OpenBlasRunsTheKernelsOfTheInstructionSetsTheCpuHas()
    {
        var openBlas = OpenBlasMatrixProduct.TryLoad();
        if (openBlas?.CoreName is not { } core || !OperatingSystem.IsLinux()) return; // nothing to ask where OpenBLAS is absent
        var chosen = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? OpenBlasMatrixProduct.CoreTypeForThisCpu();
        if (chosen is null) return; // no AVX2: OpenBLAS's own choice stands
        Assert.Equal(chosen, core, ignoreCase: true); // not Prescott on a CPU with AVX2 or AVX-512 that hides its model
    }
}
