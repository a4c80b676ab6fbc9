using System.Numerics.Tensors;

namespace Flux.Kernels;

/// <summary>Sums along a dimension of the two-dimensional view, keeping it as Julia's <c>sum(A, dims=d)</c> does.</summary>
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
        var d = Fresh.Zeroed(shape.Length);
        int rows = x.Shape.Rows, cols = x.Shape.Cols;
        if (dim == 1)
            for (var j = 0; j < cols; j++) d[j] = TensorPrimitives.Sum(x.Span.Slice(j * rows, rows));
        else
            for (var j = 0; j < cols; j++) TensorPrimitives.Add(d, x.Span.Slice(j * rows, rows), d);
        return Tensor.Own(shape, d);
    }
}
