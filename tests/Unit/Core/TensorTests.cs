using MathNet.Numerics.LinearAlgebra;
using Xunit;

namespace Flux.Tests.Unit.Core;

public class TensorTests
{
    [Fact]
    public void FromArrayCopiesAndIsColumnMajor()
    {
        var data = new[] { 1.0, 2, 3, 4, 5, 6 };
        var t = Tensor.FromArray(data, 2, 3);
        data[0] = 99;
        Assert.Equal(1.0, t[0, 0]);
        Assert.Equal(2.0, t[1, 0]);
        Assert.Equal(3.0, t[0, 1]);
        Assert.Equal([2, 3], t.Shape.Dims);
        var copy = t.ToArray();
        copy[0] = 42;
        Assert.Equal(1.0, t[0]);
    }

    [Fact]
    public void ShapesOfEachRank()
    {
        Assert.Equal(Shape.Scalar, Tensor.FromArray([3.0], []).Shape);
        Assert.Equal(Shape.Vector(3), Tensor.FromArray([1.0, 2, 3]).Shape); // no shape: a vector, as np.array makes
        Assert.Equal(Shape.Vector(1), Tensor.FromArray([3.0]).Shape);
        Assert.Equal("()", Shape.Scalar.ToString());
        Assert.Equal("(5,)", Shape.Vector(5).ToString());
        Assert.Equal("(2, 5)", Shape.Matrix(2, 5).ToString());
        Assert.Equal(5, Shape.Vector(5).Rows);
        Assert.Equal(1, Shape.Vector(5).Cols);
    }

    [Fact]
    public void SeededRandomIsReproducibleAndInRange()
    {
        Assert.Equal(Tensor.Rand(new Seed(7), 3, 4), Tensor.Rand(new Seed(7), 3, 4));
        Assert.NotEqual(Tensor.Rand(new Seed(7), 3, 4), Tensor.Rand(new Seed(8), 3, 4));
        Assert.All(Tensor.Rand(new Seed(7), 100).ToArray(), v => Assert.InRange(v, 0.0, 1.0));
        var n = Tensor.Randn(new Seed(3), 10000);
        Assert.InRange(n.Sum() / n.Length, -0.05, 0.05);
    }

    [Fact]
    public void MathNetConversionsCopy()
    {
        var m = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 2 }, { 3, 4 } });
        var t = Tensor.FromMatrix(m);
        m[0, 0] = 100;
        Assert.Equal(1.0, t[0, 0]);
        Assert.Equal(3.0, t[1, 0]);
        var back = t.ToMatrix();
        back[0, 0] = -1;
        Assert.Equal(1.0, t[0, 0]);
        var v = Tensor.FromVector(Vector<double>.Build.Dense([1.0, 2.0]));
        Assert.Equal(Shape.Vector(2), v.Shape);
        Assert.Equal(2.0, v.ToVector()[1]);
    }

    [Fact]
    public void EqualityIsBitExactAndAllCloseIsTolerant()
    {
        var a = Tensor.FromArray([1.0, 0.0], 2);
        Assert.Equal(a, Tensor.FromArray([1.0, 0.0], 2));
        Assert.NotEqual(a, Tensor.FromArray([1.0, -0.0], 2));
        Assert.NotEqual(a, Tensor.FromArray([1.0, 0.0], 1, 2));
        Assert.True(a.AllClose(Tensor.FromArray([1.0 + 1e-12, 0.0], 2), 1e-9));
        Assert.False(a.AllClose(Tensor.FromArray([1.1, 0.0], 2), 1e-9));
        Assert.False(Tensor.Scalar(double.NaN).AllClose(Tensor.Scalar(double.NaN)));
    }

    [Fact]
    public void PrintsLikeJulia()
    {
        Assert.Equal("2×3 Matrix{Float64}:\n 1.0  3.0  5.0\n 2.0  4.0  6.0", Tensor.FromArray([1.0, 2, 3, 4, 5, 6], 2, 3).ToString());
        Assert.Equal("2-element Vector{Float64}:\n 0.5\n -1.0".Replace(" 0.5", "  0.5"), Tensor.Vector(0.5, -1).ToString());
        Assert.Equal("0-dimensional Array{Float64, 0}:\n2.5", Tensor.Scalar(2.5).ToString());
        var big = Tensor.Zeros(20, 20).ToString().Split('\n');
        Assert.Equal("20×20 Matrix{Float64}:", big[0]);
        Assert.Equal(1 + 11, big.Length); // 10 rows shown plus the ⋮ row
        Assert.Contains("…", big[1]);
        Assert.Contains("⋮", big[6]);
    }

    [Fact]
    public void EagerArithmetic()
    {
        var A = Tensor.FromArray([1.0, 2, 3, 4], 2, 2);
        var v = Tensor.Vector(1, 1);
        Assert.Equal(Tensor.Vector(4, 6), A * v);
        Assert.Equal(Tensor.FromArray([2.0, 3, 4, 5], 2, 2), A + v);   // the vector broadcasts across columns
        Assert.Equal(Tensor.FromArray([-1.0, -2, -3, -4], 2, 2), -A);
        Assert.Equal(Tensor.FromArray([0.5, 1, 1.5, 2], 2, 2), A / 2);
        Assert.Equal(Tensor.FromArray([1.0, 3, 2, 4], 2, 2), A.Transpose());
        Assert.Equal(Tensor.FromArray([7.0, 10, 15, 22], 2, 2), A * A);
    }

    [Fact]
    public void BadArgumentsNameThemselves()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromArray([1.0, 2, 3], 2, 2));
        Assert.Contains("3 values cannot fill shape (2, 2)", e.Message);
        Assert.Equal("columnMajor", e.ParamName);
        var rank = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 2, 2));
        Assert.Contains("rank 3", rank.Message);
        var negative = Assert.Throws<ArgumentException>(() => Tensor.Zeros(-1));
        Assert.Contains("(-1,)", negative.Message);
        var index = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(2, 2)[2, 0]);
        Assert.Contains("row must be in [0, 2)", index.Message);
        Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(2).ToScalar());
    }

    [Fact]
    public void Random_factories_take_the_shape_and_a_seed_by_type()
    {
        Assert.Equal(Shape.Matrix(3, 5), Tensor.Rand(3, 5).Shape);         // as torch.rand(3, 5)
        Assert.Equal(Shape.Vector(4), Tensor.Randn(4).Shape);
        Assert.NotEqual(Tensor.Rand(3, 5), Tensor.Rand(3, 5));            // a fresh seed each call
        Assert.Equal(Tensor.Rand(new Seed(7), 3, 5), Tensor.Rand(new Seed(7), 3, 5));
        var expected = new double[15];
        new MathNet.Numerics.Random.MersenneTwister(7, threadSafe: false).NextDoubles(expected);
        Assert.Equal(expected, Tensor.Rand(new Seed(7), 3, 5).ToArray());   // the stream of earlier versions' Rand(7, 3, 5)
        var misread = Assert.Throws<ArgumentException>(() => Tensor.Rand(1, 2, 5));
        Assert.Contains("Tensor.Rand(new Seed(1), 2, 5)", misread.Message);
        Assert.Contains("Tensor.Randn(new Seed(3), 4, 4)", Assert.Throws<ArgumentException>(() => Tensor.Randn(3, 4, 4)).Message);
    }
}
