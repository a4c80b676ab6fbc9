using System.Diagnostics.Contracts;
using System.Numerics.Tensors;

namespace Flux;

public sealed partial class Tensor
{
    /// <summary>Elementwise sum with broadcasting (<c>a .+ b</c>).</summary>
    [Pure] public static Tensor operator +(Tensor a, Tensor b) => Broadcast.Apply<AddOp>(NotNull(a), NotNull(b));

    /// <summary>Elementwise difference with broadcasting (<c>a .- b</c>).</summary>
    [Pure] public static Tensor operator -(Tensor a, Tensor b) => Broadcast.Apply<SubtractOp>(NotNull(a), NotNull(b));

    /// <summary>Adds a number to every element.</summary>
    [Pure] public static Tensor operator +(Tensor a, double b) => Broadcast.Apply<AddOp>(NotNull(a), Scalar(b));

    /// <summary>Adds a number to every element.</summary>
    [Pure] public static Tensor operator +(double a, Tensor b) => b + a;

    /// <summary>Subtracts a number from every element.</summary>
    [Pure] public static Tensor operator -(Tensor a, double b) => Broadcast.Apply<SubtractOp>(NotNull(a), Scalar(b));

    /// <summary>A number minus every element.</summary>
    [Pure] public static Tensor operator -(double a, Tensor b) => Broadcast.Apply<SubtractOp>(Scalar(a), NotNull(b));

    /// <summary>Negation of every element.</summary>
    [Pure] public static Tensor operator -(Tensor a)
    {
        if (NotNull(a).Single is not { } f) return Map(a, 0, static (x, _, d) => TensorPrimitives.Negate(x, d));
        var d = Fresh.SingleArray(f.Length);
        TensorPrimitives.Negate<float>(f, d);
        return Own(a.Shape, d);
    }

    /// <summary>
    /// The matrix product (matrix×matrix, matrix×vector), or scaling when either side is a
    /// scalar tensor.
    /// </summary>
    [Pure] public static Tensor operator *(Tensor a, Tensor b)
    {
        NotNull(a); NotNull(b);
        if (a.Rank == 0 || b.Rank == 0) return Broadcast.Apply<MultiplyOp>(a, b); // scaling: the element-type rule decides the type
        return MatrixProduct.Multiply(a, false, b, false, ProductShape(a.Shape, b.Shape));
    }

    /// <summary>Scales every element.</summary>
    [Pure] public static Tensor operator *(Tensor a, double s) => Broadcast.Apply<MultiplyOp>(NotNull(a), Scalar(s));

    /// <summary>Scales every element.</summary>
    [Pure] public static Tensor operator *(double s, Tensor a) => a * s;

    /// <summary>Divides every element by a number.</summary>
    [Pure] public static Tensor operator /(Tensor a, double s) => Broadcast.Apply<DivideOp>(NotNull(a), Scalar(s));

    /// <summary>Elementwise product with broadcasting (<c>a .* b</c>).</summary>
    [Pure] public Tensor Mul(Tensor other) => Broadcast.Apply<MultiplyOp>(this, NotNull(other));

    /// <summary>Elementwise quotient with broadcasting (<c>a ./ b</c>).</summary>
    [Pure] public Tensor Div(Tensor other) => Broadcast.Apply<DivideOp>(this, NotNull(other));

    /// <summary>The transpose: a matrix r×c becomes c×r; a vector of length n becomes a 1×n matrix; a scalar stays.</summary>
    [Pure]
    public Tensor Transpose()
    {
        if (Rank == 0) return this;
        var shape = Shape.Matrix(Shape.Cols, Shape.Rows);
        return Single is { } f ? Own(shape, Transposed(f, Fresh.SingleArray(Length))) : Own(shape, Transposed(Data, Fresh.Array(Length)));
    }

    private T[] Transposed<T>(T[] x, T[] d)
    {
        int r = Shape.Rows, c = Shape.Cols;
        for (var j = 0; j < c; j++)
            for (var i = 0; i < r; i++)
                d[j + i * c] = x[i + j * r];
        return d;
    }

    /// <summary>The sum of every element (a Float32 tensor's accumulated in double and rounded once to float32).</summary>
    [Pure] public double Sum() => Single is { } f ? (float)Reductions.Sum(f) : TensorPrimitives.Sum(Span);

    /// <summary>The Euclidean (L2) norm of every element taken together.</summary>
    [Pure] public double Norm() => Single is { } f ? (float)Reductions.Norm(f) : TensorPrimitives.Norm(Span);

    /// <summary>A new tensor of the same shape with <paramref name="f"/> applied to each element (for user code; kernels use spans).</summary>
    [Pure]
    public Tensor Select(Func<double, double> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var d = Fresh.Array(Length);
        var x = Data;
        for (var i = 0; i < d.Length; i++) d[i] = f(x[i]);
        return Own(Shape, d, ElementType);
    }

    /// <summary>The shape of <c>a * b</c> as a matrix product; validates the inner dimensions.</summary>
    internal static Shape ProductShape(Shape a, Shape b)
    {
        if (a.Rank == 1 && b.Rank == 1)
            throw new ArgumentException($"MatMul: cannot multiply vector {a} by vector {b}; use Mul for an elementwise product or transpose one side.");
        if (a.Cols != b.Rows)
            throw new ArgumentException($"MatMul: cannot multiply {a} by {b}; the inner dimensions {a.Cols} and {b.Rows} must agree.");
        return a.Rank == 2 && b.Rank == 1 ? Shape.Vector(a.Rows) : Shape.Matrix(a.Rows, b.Cols);
    }

    internal delegate void SpanScalarKernel(ReadOnlySpan<double> x, double s, Span<double> d);

    internal static Tensor Map(Tensor a, double s, SpanScalarKernel kernel)
    {
        NotNull(a);
        var d = Fresh.Array(a.Length);
        kernel(a.Span, s, d);
        return Own(a.Shape, d, a.ElementType);
    }

    private static Tensor NotNull(Tensor t, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(t))] string? name = null)
        => t ?? throw new ArgumentNullException(name);
}
