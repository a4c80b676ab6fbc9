using System.Runtime.InteropServices;

namespace Flux.Kernels;

/// <summary>
/// The matrix product through OpenBLAS's <c>cblas_dgemm</c> in the system's <c>libopenblas.so.0</c>
/// (Debian's <c>libopenblas0-pthread</c>), loaded at first use. Absent the library, the managed
/// kernel serves; <c>FLUX_BLAS=managed</c> turns this backend off.
/// </summary>
internal sealed unsafe class OpenBlasMatrixProduct : IMatrixProductBackend
{
    private const int ColumnMajor = 102, NoTrans = 111, Trans = 112;

    private readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> _dgemm;

    private OpenBlasMatrixProduct(nint dgemm) =>
        _dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)dgemm;

    public string Name => "openblas";

    /// <summary>The backend if OpenBLAS can be loaded and has <c>cblas_dgemm</c>; otherwise null.</summary>
    public static OpenBlasMatrixProduct? TryLoad()
    {
        foreach (var name in new[] { "libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "libopenblas.dll", "openblas" })
            if (NativeLibrary.TryLoad(name, out var handle) && NativeLibrary.TryGetExport(handle, "cblas_dgemm", out var dgemm))
                return new OpenBlasMatrixProduct(dgemm);
        return null;
    }

    public void Multiply(int m, int n, int k, ReadOnlySpan<double> a, bool transposeA, ReadOnlySpan<double> b, bool transposeB, Span<double> c)
    {
        fixed (double* pa = a, pb = b, pc = c)
            _dgemm(ColumnMajor, transposeA ? Trans : NoTrans, transposeB ? Trans : NoTrans, m, n, k,
                1.0, pa, Math.Max(1, transposeA ? k : m), pb, Math.Max(1, transposeB ? n : k), 0.0, pc, Math.Max(1, m));
    }
}
