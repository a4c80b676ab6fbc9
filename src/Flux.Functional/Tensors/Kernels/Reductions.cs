using System.Numerics.Tensors;

namespace Flux.Kernels;

/// <summary>Sums along a dimension of the two-dimensional view, keeping it as Julia's <c>sum(A, dims=d)</c> does.</summary>
/// <remarks>
/// Float32 sums accumulate in double and round once at the end, so a float32 sum of n terms is
/// within <c>(n − 1)·2⁻⁵³·Σ|xᵢ|</c> of the exact sum before that rounding (half a float32 ulp):
/// in practice the correctly rounded sum, where float accumulation would lose about log₂ n bits.
/// </remarks>
internal static class Reductions
{
    /// <summary>The shape of a reduction along <paramref name="dim"/> (1: rows, giving 1×c; 2: columns, giving r×1).</summary>
    public static Shape ReducedShape(Shape s, int dim) => s.Rank switch
    {
        2 => dim == 1 ? Shape.Matrix(1, s.Cols) : Shape.Matrix(s.Rows, 1),
        1 => dim == 1 ? Shape.Vector(1) : s,
        _ => s,
    };

    public static Tensor SumAlong(Tensor x, int dim)
    {
        var shape = ReducedShape(x.Shape, dim);
        int rows = x.Shape.Rows, cols = x.Shape.Cols;
        if (x.Single is { } f)
        {
            var r = Fresh.SingleArray(shape.Length);
            if (dim == 1)
                for (var j = 0; j < cols; j++) r[j] = (float)Sum(f.AsSpan(j * rows, rows));
            else
            {
                var acc = new double[rows];
                for (var j = 0; j < cols; j++)
                    for (var i = 0; i < rows; i++) acc[i] += f[i + j * rows];
                Tensor.Convert(acc, r);
            }
            return Tensor.Own(shape, r);
        }
        var d = Fresh.Zeroed(shape.Length);
        if (dim == 1)
            for (var j = 0; j < cols; j++) d[j] = TensorPrimitives.Sum(x.Span.Slice(j * rows, rows));
        else
            for (var j = 0; j < cols; j++) TensorPrimitives.Add(d, x.Span.Slice(j * rows, rows), d);
        return Tensor.Own(shape, d);
    }

    /// <summary>Σ xᵢ of floats, accumulated in double (eight lanes, then in order), not yet rounded.</summary>
    public static double Sum(ReadOnlySpan<float> x)
    {
        var i = 0;
        var (lo, hi) = (Vector256<double>.Zero, Vector256<double>.Zero);
        if (Vector256.IsHardwareAccelerated)
            for (; i <= x.Length - 8; i += 8)
            {
                var (a, b) = Vector256.Widen(Vector256.Create(x.Slice(i, 8)));
                lo += a;
                hi += b;
            }
        var sum = Vector256.Sum(lo + hi);
        for (; i < x.Length; i++) sum += x[i];
        return sum;
    }

    /// <summary>√(Σ xᵢ²) of floats, accumulated in double.</summary>
    public static double Norm(ReadOnlySpan<float> x)
    {
        var sum = 0.0;
        foreach (var v in x) sum += (double)v * v;
        return Math.Sqrt(sum);
    }
}
