using System.Numerics;
using System.Numerics.Tensors;

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

    /// <summary><c>op.(a, b)</c> with broadcasting, one kernel call per column at most, in the element type <see cref="ElementTypes.Of(string, Tensor, Tensor)"/> gives.</summary>
    public static Tensor Apply<TOp>(Tensor a, Tensor b) where TOp : struct, IBinaryOp
    {
        var shape = ResultShape(TOp.Name, a.Shape, b.Shape);
        if (ElementTypes.Of(TOp.Name, a, b) == ElementType.Float32)
            return Tensor.Own(shape, Apply<TOp, float>(SingleOf(a), a.Shape, SingleOf(b), b.Shape, shape, Fresh.SingleArray(shape.Length)));
        return Tensor.Own(shape, Apply<TOp, double>(a.Data, a.Shape, b.Data, b.Shape, shape, Fresh.Array(shape.Length)));
    }

    // A float32 operation's operands as floats: a Float64 scalar operand is rounded to float first.
    private static float[] SingleOf(Tensor t) => t.Single ?? [(float)t.Data[0]];

    /// <summary>Up to this many elements, an elementary operation runs as a plain loop: TensorPrimitives' setup costs more than the work (45 of 50 ns for ten doubles).</summary>
    internal const int ShortLength = 16;

    private static T[] Apply<TOp, T>(T[] a, Shape sa, T[] b, Shape sb, Shape shape, T[] d)
        where TOp : struct, IBinaryOp where T : IFloatingPointIeee754<T>
    {
        if (TOp.Elementary && d.Length <= ShortLength && (a.Length == d.Length || a.Length == 1) && (b.Length == d.Length || b.Length == 1))
        {
            for (var i = 0; i < d.Length; i++) d[i] = TOp.Of(a[a.Length == 1 ? 0 : i], b[b.Length == 1 ? 0 : i]);
            return d;
        }
        if (a.Length == shape.Length && b.Length == shape.Length)
            TOp.Apply<T>(a, b, d);
        else if (b.Length == 1 && a.Length == shape.Length)
            TOp.Apply<T>(a, b[0], d);
        else if (a.Length == 1 && b.Length == shape.Length)
            TOp.Apply<T>(a[0], b, d);
        else
            PerColumn<TOp, T>(a, sa, b, sb, shape, d);
        return d;
    }

    private static void PerColumn<TOp, T>(T[] a, Shape sa, T[] b, Shape sb, Shape shape, T[] d)
        where TOp : struct, IBinaryOp where T : IFloatingPointIeee754<T>
    {
        int rows = shape.Rows, ar = sa.Rows, br = sb.Rows;
        for (var j = 0; j < shape.Cols; j++)
        {
            ReadOnlySpan<T> aCol = a.AsSpan((sa.Cols == 1 ? 0 : j) * ar, ar), bCol = b.AsSpan((sb.Cols == 1 ? 0 : j) * br, br);
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
        if (adjoint.Single is { } f) return Tensor.Own(target, SumsOf(f, adjoint.Shape, target));
        var src = adjoint.Shape;
        if (target.Length == 1) return Tensor.Own(target, [TensorPrimitives.Sum(adjoint.Span)]);
        var d = Fresh.Zeroed(target.Length);
        if (target.Rows == src.Rows) // summed across columns: d = Σ_j adjoint[:, j]
        {
            for (var j = 0; j < src.Cols; j++)
                TensorPrimitives.Add(d, adjoint.Span.Slice(j * src.Rows, src.Rows), d);
        }
        else // summed across rows: d[j] = Σ_i adjoint[i, j]
        {
            for (var j = 0; j < src.Cols; j++)
                d[j] = TensorPrimitives.Sum(adjoint.Span.Slice(j * src.Rows, src.Rows));
        }
        return Tensor.Own(target, d);
    }

    // The float32 reduction: each sum accumulated in double, then rounded once (see Reductions.Sum).
    private static float[] SumsOf(float[] x, Shape src, Shape target)
    {
        var d = Fresh.SingleArray(target.Length);
        if (target.Length == 1) { d[0] = (float)Reductions.Sum(x); return d; }
        if (target.Rows == src.Rows)
        {
            // Across columns, in column order as the double path adds: a double accumulator per row.
            var acc = new double[src.Rows];
            for (var j = 0; j < src.Cols; j++)
            {
                var col = x.AsSpan(j * src.Rows, src.Rows);
                for (var i = 0; i < col.Length; i++) acc[i] += col[i];
            }
            Tensor.Convert(acc, d);
        }
        else
            for (var j = 0; j < src.Cols; j++) d[j] = (float)Reductions.Sum(x.AsSpan(j * src.Rows, src.Rows));
        return d;
    }
}
