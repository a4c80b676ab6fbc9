namespace Flux.Kernels;

/// <summary>The float32 matrix product of two Float32 tensors, dispatched from <see cref="MatrixProduct.Multiply(Tensor, bool, Tensor, bool, Shape)"/>.</summary>
internal static class SingleMatrixProduct
{
    public static Tensor Multiply(int m, int n, int k, Tensor a, bool transposeA, Tensor b, bool transposeB, Shape resultShape)
    {
        // Interim: products in double, rounded once, until the float kernels land.
        var c = Fresh.Zeroed(m * n);
        if (k > 0)
            ((long)m * n * k < MatrixProduct.SmallWork ? MatrixProduct.Simple : MatrixProduct.Backend)
                .Multiply(m, n, k, a.Span, transposeA, b.Span, transposeB, c);
        return Tensor.Own(resultShape, c, ElementType.Float32);
    }
}
