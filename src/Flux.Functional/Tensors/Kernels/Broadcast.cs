namespace Flux.Kernels;

/// <summary>
/// Julia-style broadcasting on the two-dimensional view of each shape: a dimension of one
/// stretches to match the other side. So a scalar broadcasts everywhere and a vector of length
/// r across the columns of an r×c matrix (the seed's <c>W*x .+ b</c>).
/// </summary>
internal static class Broadcast
{
    /// <summary>The result shape of broadcasting <paramref name="a"/> with <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException">A dimension differs and neither side is 1; names <paramref name="op"/> and both shapes.</exception>
    public static Shape ResultShape(string op, Shape a, Shape b)
    {
        if (a == b) return a;
        var rows = Stretch(a.Rows, b.Rows);
        var cols = Stretch(a.Cols, b.Cols);
        if (rows < 0 || cols < 0)
            throw new ArgumentException($"{op}: shapes {a} and {b} do not broadcast; each dimension must match or be 1.");
        var rank = Math.Max(a.Rank, b.Rank);
        // Two vectors stay a vector; anything with columns becomes a matrix.
        return rank == 2 || cols != 1 ? Shape.Matrix(rows, cols) : rank == 1 ? Shape.Vector(rows) : Shape.Scalar;
    }

    private static int Stretch(int x, int y) => x == y ? x : x == 1 ? y : y == 1 ? x : -1;

    /// <summary><c>op.(a, b)</c> with broadcasting, one kernel call per column at most.</summary>
    public static Tensor Apply<TOp>(Tensor a, Tensor b) where TOp : struct, IBinaryOp
    {
        var shape = ResultShape(TOp.Name, a.Shape, b.Shape);
        var d = Fresh.Array(shape.Length);
        if (a.Length == shape.Length && b.Length == shape.Length)
            TOp.Apply(a.Span, b.Span, d);
        else if (b.Length == 1 && a.Length == shape.Length)
            TOp.Apply(a.Span, b.Data[0], d);
        else if (a.Length == 1 && b.Length == shape.Length)
            TOp.Apply(a.Data[0], b.Span, d);
        else
            PerColumn<TOp>(a, b, shape, d);
        return Tensor.Own(shape, d);
    }

    private static void PerColumn<TOp>(Tensor a, Tensor b, Shape shape, double[] d) where TOp : struct, IBinaryOp
    {
        int rows = shape.Rows, ar = a.Shape.Rows, br = b.Shape.Rows;
        for (var j = 0; j < shape.Cols; j++)
        {
            var aCol = a.Span.Slice((a.Shape.Cols == 1 ? 0 : j) * ar, ar);
            var bCol = b.Span.Slice((b.Shape.Cols == 1 ? 0 : j) * br, br);
            var dCol = d.AsSpan(j * rows, rows);
            if (ar == br) TOp.Apply(aCol, bCol, dCol);
            else if (br == 1) TOp.Apply(aCol, bCol[0], dCol);
            else TOp.Apply(aCol[0], bCol, dCol);
        }
    }

    /// <summary>
    /// Sums <paramref name="adjoint"/> (of a broadcast result's shape) down to
    /// <paramref name="target"/>: the pullback of broadcasting, which adds up every place an
    /// element was copied to.
    /// </summary>
    public static Tensor ReduceTo(Tensor adjoint, Shape target)
    {
        if (adjoint.Shape == target) return adjoint;
        if (adjoint.Length == target.Length) return adjoint.Reshape(target);
        var src = adjoint.Shape;
        if (target.Length == 1) return Tensor.Own(target, [System.Numerics.Tensors.TensorPrimitives.Sum(adjoint.Span)]);
        var d = Fresh.Zeroed(target.Length);
        if (target.Rows == src.Rows) // summed across columns: d = Σ_j adjoint[:, j]
        {
            for (var j = 0; j < src.Cols; j++)
                System.Numerics.Tensors.TensorPrimitives.Add(d, adjoint.Span.Slice(j * src.Rows, src.Rows), d);
        }
        else // summed across rows: d[j] = Σ_i adjoint[i, j]
        {
            for (var j = 0; j < src.Cols; j++)
                d[j] = System.Numerics.Tensors.TensorPrimitives.Sum(adjoint.Span.Slice(j * src.Rows, src.Rows));
        }
        return Tensor.Own(target, d);
    }
}
