using System.Numerics;
using System.Numerics.Tensors;

namespace Flux.Kernels;

/// <summary>
/// A matrix-product backend: <c>C = op(A)·op(B)</c> on column-major arrays, where
/// <c>op(X)</c> is X or Xᵀ. <c>C</c> arrives zeroed and is written in full. The same contract holds
/// in double and in single precision; a single-precision product sums in float.
/// </summary>
internal interface IMatrixProductBackend
{
    string Name { get; }

    /// <param name="m">rows of op(A) and of C</param>
    /// <param name="n">columns of op(B) and of C</param>
    /// <param name="k">columns of op(A), rows of op(B)</param>
    /// <param name="a">A, column-major</param>
    /// <param name="transposeA">whether op(A) is Aᵀ</param>
    /// <param name="b">B, column-major</param>
    /// <param name="transposeB">whether op(B) is Bᵀ</param>
    /// <param name="c">the m×n result, column-major</param>
    void Multiply(int m, int n, int k, ReadOnlySpan<double> a, bool transposeA, ReadOnlySpan<double> b, bool transposeB, Span<double> c);

    /// <summary>The single-precision product, <c>C = op(A)·op(B)</c> on float32 arrays, with the same contract.</summary>
    void Multiply(int m, int n, int k, ReadOnlySpan<float> a, bool transposeA, ReadOnlySpan<float> b, bool transposeB, Span<float> c);

    /// <summary>
    /// Whether a product of depth k ≥ 1 in the given precision writes every element of C without
    /// reading it, so a fresh C need not be zeroed first (the accumulating managed kernels do read it).
    /// </summary>
    bool Overwrites(bool single);
}

/// <summary>
/// The one entry point for every matrix product in the library, so that a faster backend plugs
/// in at one place. Validation happens here; backends trust their input.
/// </summary>
internal static class MatrixProduct
{
    /// <summary>Below this many multiply-adds (m·n·k) the simple kernel wins: no packing, no native call.</summary>
    internal const long SmallWork = 16 * 16 * 16;

    /// <summary>The simple managed kernel, used for small products and as the reference in tests.</summary>
    public static IMatrixProductBackend Simple { get; } = new ManagedMatrixProduct();

    /// <summary>The blocked managed kernel, or the simple one where 256-bit vectors are not accelerated.</summary>
    public static IMatrixProductBackend Managed { get; } = BlockedMatrixProduct.IsSupported ? new BlockedMatrixProduct() : Simple;

    /// <summary>OpenBLAS when present (found at first use), unless <c>FLUX_BLAS=managed</c>.</summary>
    public static IMatrixProductBackend? Native => NativeBackend.Value;

    private static readonly Lazy<IMatrixProductBackend?> NativeBackend = new(() =>
        string.Equals(Environment.GetEnvironmentVariable("FLUX_BLAS"), "managed", StringComparison.OrdinalIgnoreCase)
            ? null
            : OpenBlasMatrixProduct.TryLoad());

    /// <summary>The backend for products above <see cref="SmallWork"/>: OpenBLAS if present, else the managed kernel.</summary>
    public static IMatrixProductBackend Backend => Native ?? Managed;

    /// <summary>
    /// The kernel for one product: the simple one below <see cref="SmallWork"/> multiply-adds, the
    /// shallow <see cref="OuterProductSum"/> for A·Bᵀ of small depth (a weight gradient), else
    /// <see cref="Backend"/>. The same choice in both precisions.
    /// </summary>
    public static IMatrixProductBackend Choose(int m, int n, int k, bool transposeA, bool transposeB) =>
        (long)m * n * k < SmallWork ? Simple
        : OuterProductSum.Serves(m, n, k, transposeA, transposeB) ? OuterProductSum.Instance
        : Backend;

    /// <summary>op(A)·op(B) for matrices, where a vector counts as an n×1 matrix.</summary>
    public static Tensor Multiply(Tensor a, bool transposeA, Tensor b, bool transposeB, Shape resultShape)
    {
        int m = transposeA ? a.Shape.Cols : a.Shape.Rows;
        int k = transposeA ? a.Shape.Rows : a.Shape.Cols;
        int kb = transposeB ? b.Shape.Cols : b.Shape.Rows;
        int n = transposeB ? b.Shape.Rows : b.Shape.Cols;
        if (k != kb || resultShape.Length != m * n)
            throw new ArgumentException($"MatMul: cannot multiply {Describe(a.Shape, transposeA)} by {Describe(b.Shape, transposeB)}; the inner dimensions must agree.");
        if (ElementTypes.Of("MatMul", a, b) == ElementType.Float32) return SingleMatrixProduct.Multiply(m, n, k, a, transposeA, b, transposeB, resultShape);
        var kernel = Choose(m, n, k, transposeA, transposeB);
        var c = k > 0 && kernel.Overwrites(single: false) ? Fresh.Array(m * n) : Fresh.Zeroed(m * n);
        if (k > 0) kernel.Multiply(m, n, k, a.Span, transposeA, b.Span, transposeB, c);
        return Tensor.Own(resultShape, c);
    }

    /// <summary>
    /// <c>C = op(A)·op(B)</c> in single precision on column-major spans, on the kernel
    /// <see cref="Choose"/> picks, as for doubles.
    /// </summary>
    /// <remarks>
    /// <paramref name="c"/> holds m·n zeros on entry and the product on return. The caller
    /// validates: <paramref name="a"/> holds m·k values, <paramref name="b"/> k·n.
    /// </remarks>
    internal static void Multiply(int m, int n, int k, ReadOnlySpan<float> a, bool transposeA, ReadOnlySpan<float> b, bool transposeB, Span<float> c)
    {
        if (k > 0) Choose(m, n, k, transposeA, transposeB).Multiply(m, n, k, a, transposeA, b, transposeB, c);
    }

    private static string Describe(Shape s, bool transposed) => transposed ? $"transpose of {s}" : s.ToString();
}

/// <summary>
/// The managed product: column-major loops where every inner loop runs over contiguous memory
/// through <see cref="TensorPrimitives"/> (an axpy down a column, or a dot product of two columns).
/// </summary>
internal sealed class ManagedMatrixProduct : IMatrixProductBackend
{
    public string Name => "managed";

    /// <inheritdoc/>
    public bool Overwrites(bool single) => false; // it adds into C

    /// <summary>Below this many multiply-adds a plain loop beats a vector call per column.</summary>
    internal const int TinyWork = 256;

    public void Multiply(int m, int n, int k, ReadOnlySpan<double> a, bool transposeA, ReadOnlySpan<double> b, bool transposeB, Span<double> c) =>
        Multiply<double>(m, n, k, a, transposeA, b, transposeB, c);

    /// <remarks>
    /// Each C[i, j] = Σ_p op(A)[i, p]·op(B)[p, j] is summed in float, never widened to double, in
    /// the double product's order: from p = 0 upward on the axpy and scalar paths, and in
    /// <see cref="TensorPrimitives.Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>'s vector order for Aᵀ·B.
    /// </remarks>
    public void Multiply(int m, int n, int k, ReadOnlySpan<float> a, bool transposeA, ReadOnlySpan<float> b, bool transposeB, Span<float> c) =>
        Multiply<float>(m, n, k, a, transposeA, b, transposeB, c);

    // One body for both precisions: the JIT compiles it separately for double and for float, so
    // each runs its own type's arithmetic, in the same order as the non-generic code did.
    private static void Multiply<T>(int m, int n, int k, ReadOnlySpan<T> a, bool transposeA, ReadOnlySpan<T> b, bool transposeB, Span<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if ((long)m * n * k <= TinyWork)
        {
            // C[i, j] = Σ_p op(A)[i, p]·op(B)[p, j], summed in order of p from zero as the vector
            // paths below do, so the result does not depend on the path taken. Strides stand in
            // for the transposes so the inner loop has no branch.
            int aRow = transposeA ? k : 1, aDepth = transposeA ? 1 : m;
            int bDepth = transposeB ? n : 1, bCol = transposeB ? 1 : k;
            for (var j = 0; j < n; j++)
                for (var i = 0; i < m; i++)
                {
                    var sum = T.Zero;
                    for (int p = 0, ia = i * aRow, ib = j * bCol; p < k; p++, ia += aDepth, ib += bDepth)
                        sum += a[ia] * b[ib];
                    c[i + j * m] = sum;
                }
            return;
        }
        if (!transposeA)
        {
            // C[:, j] += A[:, p] * op(B)[p, j]
            for (var j = 0; j < n; j++)
            {
                var cCol = c.Slice(j * m, m);
                for (var p = 0; p < k; p++)
                {
                    var s = transposeB ? b[j + p * n] : b[p + j * k];
                    TensorPrimitives.MultiplyAdd(a.Slice(p * m, m), s, cCol, cCol);
                }
            }
        }
        else if (!transposeB)
        {
            // C[i, j] = A[:, i] · B[:, j]
            for (var j = 0; j < n; j++)
            {
                var bCol = b.Slice(j * k, k);
                for (var i = 0; i < m; i++) c[i + j * m] = TensorPrimitives.Dot(a.Slice(i * k, k), bCol);
            }
        }
        else
        {
            // C = Aᵀ Bᵀ = (B A)ᵀ: C[i, j] = Σ_p A[p, i] B[j, p]
            for (var j = 0; j < n; j++)
                for (var i = 0; i < m; i++)
                {
                    var sum = T.Zero;
                    for (var p = 0; p < k; p++) sum += a[p + i * k] * b[j + p * n];
                    c[i + j * m] = sum;
                }
        }
    }
}
