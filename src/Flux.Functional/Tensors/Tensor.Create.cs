using System.Diagnostics.Contracts;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Random;


namespace Flux;

public sealed partial class Tensor
{
    /// <summary>A vector holding a copy of <paramref name="values"/> (NumPy's <c>np.array([1, 2, 3])</c>).</summary>
    [Pure]
    public static Tensor FromArray(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new Tensor(Shape.Vector(values.Length), (double[])values.Clone());
    }

    /// <summary>
    /// A tensor of the given <paramref name="shape"/> holding a copy of <paramref name="columnMajor"/>.
    /// An empty dimension array gives a scalar (so <c>FromArray(t.ToArray(), t.Shape.Dims)</c> rebuilds
    /// any tensor), one dimension a vector, two a matrix (elements listed column by column). Without a
    /// shape at all, <see cref="FromArray(double[])"/> makes a vector.
    /// </summary>
    /// <exception cref="ArgumentException">The array length is not the product of the dimensions.</exception>
    [Pure]
    public static Tensor FromArray(double[] columnMajor, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(columnMajor);
        var s = Shape.Of(shape);
        if (columnMajor.Length != s.Length)
            throw new ArgumentException($"FromArray: {columnMajor.Length} values cannot fill shape {s}, which holds {s.Length}.", nameof(columnMajor));
        return new Tensor(s, (double[])columnMajor.Clone());
    }

    /// <summary>A scalar tensor (rank 0) holding <paramref name="value"/>.</summary>
    [Pure]
    public static Tensor Scalar(double value) => new(Shape.Scalar, [value]);

    /// <summary>A vector holding a copy of <paramref name="values"/>.</summary>
    [Pure]
    public static Tensor Vector(params double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new Tensor(Shape.Vector(values.Length), (double[])values.Clone());
    }

    /// <summary>A matrix from rows given as a rectangular array (<c>values[row, col]</c>).</summary>
    [Pure]
    public static Tensor Matrix(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int rows = values.GetLength(0), cols = values.GetLength(1);
        var data = Fresh.Array(rows * cols);
        for (var j = 0; j < cols; j++)
            for (var i = 0; i < rows; i++)
                data[i + j * rows] = values[i, j];
        return new Tensor(Shape.Matrix(rows, cols), data);
    }

    /// <summary>All elements equal to <paramref name="value"/>.</summary>
    [Pure]
    public static Tensor Fill(double value, params int[] shape) => Fill(value, Shape.Of(shape));

    /// <summary>All elements equal to <paramref name="value"/>, of the given shape.</summary>
    [Pure]
    public static Tensor Fill(double value, Shape shape)
    {
        var data = Fresh.Array(shape.Length);
        data.AsSpan().Fill(value);
        return new Tensor(shape, data);
    }

    /// <summary>All zeros (Julia's <c>zeros</c>).</summary>
    [Pure]
    public static Tensor Zeros(params int[] shape)
    {
        var s = Shape.Of(shape);
        return new Tensor(s, Fresh.Zeroed(s.Length));
    }

    /// <summary>All zeros, of the given shape.</summary>
    [Pure]
    public static Tensor Zeros(Shape shape) => new(shape, Fresh.Zeroed(shape.Length));

    /// <summary>All ones (Julia's <c>ones</c>).</summary>
    [Pure]
    public static Tensor Ones(params int[] shape) => Fill(1.0, shape);

    /// <summary>
    /// Uniform samples in [0, 1) of the given shape (Julia's <c>rand(2, 5)</c>, PyTorch's
    /// <c>torch.rand(2, 5)</c>), from a fresh seed: a different tensor on every call. Give a
    /// <see cref="Seed"/> for the same tensor every time.
    /// </summary>
    /// <exception cref="ArgumentException">More than two dimensions (the message shows how to give a seed).</exception>
    public static Tensor Rand(params int[] shape) => Rand(Seed.Fresh(), shape);

    /// <summary>
    /// Uniform samples in [0, 1) of the given shape (Julia's <c>rand(MersenneTwister(1), 2, 5)</c>)
    /// from a Mersenne Twister seeded with <paramref name="seed"/>: the same seed gives the same tensor on every machine.
    /// </summary>
    /// <exception cref="ArgumentException">More than two dimensions.</exception>
    [Pure]
    public static Tensor Rand(Seed seed, params int[] shape)
    {
        var s = RandomShape(nameof(Rand), shape);
        var data = Fresh.Array(s.Length);
        new MersenneTwister(seed.Value, threadSafe: false).NextDoubles(data);
        return new Tensor(s, data);
    }

    /// <summary>Standard normal samples of the given shape (Julia's <c>randn</c>), from a fresh seed: a different tensor on every call.</summary>
    /// <exception cref="ArgumentException">More than two dimensions.</exception>
    public static Tensor Randn(params int[] shape) => Randn(Seed.Fresh(), shape);

    /// <summary>Standard normal samples of the given shape (Julia's <c>randn</c>), the same under the same <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">More than two dimensions.</exception>
    [Pure]
    public static Tensor Randn(Seed seed, params int[] shape)
    {
        var s = RandomShape(nameof(Randn), shape);
        var data = Fresh.Array(s.Length);
        Normal.Samples(new MersenneTwister(seed.Value, threadSafe: false), data, 0.0, 1.0);
        return new Tensor(s, data);
    }

    /// <summary>Uniform samples in [<paramref name="low"/>, <paramref name="high"/>) of the given shape, the same under the same <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">Not finite <paramref name="low"/> &lt; <paramref name="high"/>, or more than two dimensions.</exception>
    [Pure]
    public static Tensor Uniform(Seed seed, double low, double high, params int[] shape)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high) || !(low < high))
            throw new ArgumentException($"Uniform: need finite low < high; got low = {low}, high = {high}.", nameof(low));
        RandomShape(nameof(Uniform), shape);
        var t = Rand(seed, shape);
        var d = t.Data;
        for (var i = 0; i < d.Length; i++) d[i] = low + (high - low) * d[i];
        return t;
    }

    // Tensors have at most two dimensions; three numbers are most likely the seed-first form of
    // earlier versions (Rand(1, 2, 5)), so the message says how a seed is given now.
    private static Shape RandomShape(string factory, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length > 2)
            throw new ArgumentException($"Tensor.{factory}: a tensor has at most two dimensions; got ({string.Join(", ", shape)}). " +
                $"The dimensions are the shape; to give a seed, write Tensor.{factory}(new Seed({shape[0]}), {string.Join(", ", shape.Skip(1))}).", nameof(shape));
        return Shape.Of(shape);
    }

    /// <summary>A vector holding a copy of a MathNet vector.</summary>
    [Pure]
    public static Tensor FromVector(Vector<double> vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        return new Tensor(Shape.Vector(vector.Count), vector.ToArray());
    }

    /// <summary>A matrix holding a copy of a MathNet matrix.</summary>
    [Pure]
    public static Tensor FromMatrix(Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return new Tensor(Shape.Matrix(matrix.RowCount, matrix.ColumnCount), matrix.ToColumnMajorArray());
    }

    /// <summary>A new MathNet vector holding a copy of the elements (any rank, column-major).</summary>
    [Pure]
    public Vector<double> ToVector() => Vector<double>.Build.Dense(ToArray());

    /// <summary>A float32 vector holding a copy of a MathNet single-precision vector.</summary>
    [Pure]
    public static Tensor FromVector(Vector<float> vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        return new Tensor(Shape.Vector(vector.Count), vector.ToArray());
    }

    /// <summary>A float32 matrix holding a copy of a MathNet single-precision matrix.</summary>
    [Pure]
    public static Tensor FromMatrix(Matrix<float> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return new Tensor(Shape.Matrix(matrix.RowCount, matrix.ColumnCount), matrix.ToColumnMajorArray());
    }

    /// <summary>A MathNet single-precision vector holding a copy of the elements (a Float64 tensor's rounded).</summary>
    [Pure]
    public Vector<float> ToSingleVector() => Vector<float>.Build.Dense(ToSingleArray());

    /// <summary>A MathNet single-precision matrix holding a copy of the elements (a Float64 tensor's rounded).</summary>
    [Pure]
    public Matrix<float> ToSingleMatrix() => Matrix<float>.Build.Dense(Shape.Rows, Shape.Cols, ToSingleArray());

    /// <summary>A new MathNet matrix holding a copy (a scalar is 1×1, a vector n×1).</summary>
    [Pure]
    public Matrix<double> ToMatrix() => Matrix<double>.Build.Dense(Shape.Rows, Shape.Cols, ToArray());
}
