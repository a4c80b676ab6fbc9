namespace Flux.Kernels;

/// <summary>The float32 matrix product of two Float32 tensors, dispatched from <see cref="MatrixProduct.Multiply(Tensor, bool, Tensor, bool, Shape)"/>.</summary>
internal static class SingleMatrixProduct
{
    /// <summary>op(A)·op(B) in float32 (<c>sgemm</c> or the managed float kernel), a Float64 scalar operand rounded to float first.</summary>
    public static Tensor Multiply(int m, int n, int k, Tensor a, bool transposeA, Tensor b, bool transposeB, Shape resultShape)
    {
        var c = Fresh.ZeroedSingle(m * n);
        MatrixProduct.Multiply(m, n, k, a.ToFloat32().SingleSpan, transposeA, b.ToFloat32().SingleSpan, transposeB, c);
        return Tensor.Own(resultShape, c);
    }
}
