using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Flux.Kernels;

/// <summary>
/// The matrix product through OpenBLAS's <c>cblas_dgemm</c> (and <c>cblas_sgemm</c> in single
/// precision) in the system's <c>libopenblas.so.0</c> (Debian's <c>libopenblas0-pthread</c>), loaded
/// at first use. Absent the library, the managed kernel serves; absent <c>cblas_sgemm</c> alone,
/// it serves single precision; <c>FLUX_BLAS=managed</c> turns this backend off.
/// </summary>
internal sealed unsafe class OpenBlasMatrixProduct : IMatrixProductBackend
{
    private const int ColumnMajor = 102, NoTrans = 111, Trans = 112;

    private readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> _dgemm;

    // Null where the library lacks cblas_sgemm.
    private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemm;

    private OpenBlasMatrixProduct(nint dgemm, nint sgemm)
    {
        _dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)dgemm;
        _sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
    }

    public string Name => "openblas";

    /// <inheritdoc/>
    /// <remarks>β = 0: BLAS sets C without reading it; without <c>cblas_sgemm</c> the managed kernel adds into C.</remarks>
    public bool Overwrites(bool single) => !single || _sgemm != null;

    /// <summary>The backend if OpenBLAS can be loaded and has <c>cblas_dgemm</c>; otherwise null.</summary>
    public static OpenBlasMatrixProduct? TryLoad()
    {
        ChooseCoreType();
        foreach (var name in new[] { "libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "libopenblas.dll", "openblas" })
            if (NativeLibrary.TryLoad(name, out var handle) && NativeLibrary.TryGetExport(handle, "cblas_dgemm", out var dgemm))
            {
                var core = NativeLibrary.TryGetExport(handle, "openblas_get_corename", out var corename)
                    ? Marshal.PtrToStringAnsi(((delegate* unmanaged<nint>)corename)()) : null;
                var sgemm = NativeLibrary.TryGetExport(handle, "cblas_sgemm", out var s) ? s : 0;
                return new OpenBlasMatrixProduct(dgemm, sgemm) { CoreName = core };
            }
        return null;
    }

    /// <summary>Whether the library has <c>cblas_sgemm</c>; without it single precision runs on the managed kernel.</summary>
    public bool HasSingle => _sgemm != null;

    /// <summary>This backend as a library without <c>cblas_sgemm</c> would load it: for tests of the fallback.</summary>
    internal OpenBlasMatrixProduct WithoutSingle() => new((nint)_dgemm, 0) { CoreName = CoreName };

    /// <summary>The kernel set OpenBLAS runs (<c>openblas_get_corename</c>: Haswell, SkylakeX, Zen, ...), if it says.</summary>
    public string? CoreName { get; private init; }

    /// <summary>The kernel set <see cref="ChooseCoreType"/> names for this CPU, or null to leave OpenBLAS's own choice.</summary>
    internal static string? CoreTypeForThisCpu() =>
        Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported ? "SkylakeX"
        : Avx2.IsSupported && Fma.IsSupported ? "Haswell"
        : null;

    // OpenBLAS (DYNAMIC_ARCH) picks its kernels from the CPU's family and model. A virtual CPU that
    // hides them ("Intel Xeon Processor") gets Prescott's SSE3 kernels, 3–5× slower than the
    // AVX2 or AVX-512 ones the CPU runs. Unless the user chose (OPENBLAS_CORETYPE), name the kernel
    // set by the instruction sets the runtime sees, before the library reads its environment at
    // load. setenv, because .NET's own environment block does not reach native getenv on Unix.
    private static void ChooseCoreType()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") is not null) return;
        if (CoreTypeForThisCpu() is { } core) SetEnvironment("OPENBLAS_CORETYPE", core, 0);
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnvironment([MarshalAs(UnmanagedType.LPStr)] string name, [MarshalAs(UnmanagedType.LPStr)] string value, int overwrite);

    public void Multiply(int m, int n, int k, ReadOnlySpan<double> a, bool transposeA, ReadOnlySpan<double> b, bool transposeB, Span<double> c)
    {
        fixed (double* pa = a, pb = b, pc = c)
            _dgemm(ColumnMajor, transposeA ? Trans : NoTrans, transposeB ? Trans : NoTrans, m, n, k,
                1.0, pa, Math.Max(1, transposeA ? k : m), pb, Math.Max(1, transposeB ? n : k), 0.0, pc, Math.Max(1, m));
    }

    /// <remarks>Through <c>cblas_sgemm</c>, summing in float; without it, <see cref="MatrixProduct.Managed"/>.</remarks>
    public void Multiply(int m, int n, int k, ReadOnlySpan<float> a, bool transposeA, ReadOnlySpan<float> b, bool transposeB, Span<float> c)
    {
        if (_sgemm == null)
        {
            MatrixProduct.Managed.Multiply(m, n, k, a, transposeA, b, transposeB, c);
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
            _sgemm(ColumnMajor, transposeA ? Trans : NoTrans, transposeB ? Trans : NoTrans, m, n, k,
                1f, pa, Math.Max(1, transposeA ? k : m), pb, Math.Max(1, transposeB ? n : k), 0f, pc, Math.Max(1, m));
    }
}
