namespace Flux.Kernels;

/// <summary>The float32 matrix product of two Float32 tensors, dispatched from <see cref="MatrixProduct.Multiply(Tensor, bool, Tensor, bool, Shape)"/>.</summary>
internal static class SingleMatrixProduct
{
    /// <summary>op(A)·op(B) in float32 (<c>sgemm</c> or the managed float kernel), a Float64 scalar operand rounded to float first.</summary>
    public static Tensor Multiply(int m, int n, int k, Tensor a, bool transposeA, Tensor b, bool transposeB, Shape resultShape)
    {
        var kernel = MatrixProduct.Choose(m, n, k, transposeA, transposeB);
        var c = k > 0 && kernel.Overwrites(single: true) ? Fresh.SingleArray(m * n) : Fresh.ZeroedSingle(m * n);
        if (k > 0) kernel.Multiply(m, n, k, a.ToFloat32().SingleSpan, transposeA, b.ToFloat32().SingleSpan, transposeB, c);
        return Tensor.Own(resultShape, c);
    }
}
