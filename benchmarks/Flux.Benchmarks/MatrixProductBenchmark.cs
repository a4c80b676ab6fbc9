using BenchmarkDotNet.Attributes;
using Flux.Kernels;

namespace Flux.Benchmarks;

/// <summary>
/// C = A·B for square matrices, through each backend, in double and in single precision: 2n³
/// flops per product.
/// </summary>
[Config(typeof(FluxConfig))]
public class MatrixProductBenchmark
{
    private double[] _a = null!, _b = null!, _c = null!;
    private float[] _aSingle = null!, _bSingle = null!, _cSingle = null!;

    [Params(64, 256, 1024)]
    public int N { get; set; }

    [ParamsAllValues]
    public Backend Kind { get; set; }

    [ParamsAllValues]
    public Precision Type { get; set; }

    public enum Backend { Managed, OpenBlas }

    public enum Precision { Double, Single }

    [GlobalSetup]
    public void Setup()
    {
        _a = Tensor.Rand(new Seed(1), N, N).ToArray();
        _b = Tensor.Rand(new Seed(2), N, N).ToArray();
        _c = new double[N * N];
        // The same values rounded to float, so both precisions multiply the same matrices.
        _aSingle = [.. _a.Select(x => (float)x)];
        _bSingle = [.. _b.Select(x => (float)x)];
        _cSingle = new float[N * N];
    }

    [Benchmark(Description = "matmul")]
    public void Multiply()
    {
        var backend = Kind == Backend.Managed ? MatrixProduct.Managed : MatrixProduct.Native ?? throw new InvalidOperationException("OpenBLAS is not installed (apt-get install libopenblas0-pthread).");
        if (Type == Precision.Single)
        {
            Array.Clear(_cSingle);
            backend.Multiply(N, N, N, _aSingle, false, _bSingle, false, _cSingle);
            return;
        }
        Array.Clear(_c);
        backend.Multiply(N, N, N, _a, false, _b, false, _c);
    }
}
