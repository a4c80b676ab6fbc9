using Xunit;
using static Flux.Ops;

namespace Flux.Tests.Unit.Core;

/// <summary>Values, documented subgradients at ties and bounds, and shape errors of the extrema, clamp, indexing, concatenation and StopGradient.</summary>
public class ExtremaAndIndexingTests
{
    private static Tensor Grad(Func<Expr, Expr> f, Tensor at)
    {
        var p = new Param("p", at);
        return Gradient.Of(() => Sum(f(p)), Params.Of(p))[p];
    }

    [Fact]
    public void Max_and_Min_broadcast_and_a_tie_sends_the_adjoint_to_the_first_operand()
    {
        var a = new Param("a", Tensor.Vector(1, 2, 3));
        var b = new Param("b", Tensor.Scalar(2));
        Assert.Equal(Tensor.Vector(2, 2, 3), Max(a, b).Value);
        Assert.Equal(Tensor.Vector(1, 2, 2), Min(a, b).Value);
        var gMax = Gradient.Of(() => Sum(Max(a, b)), Params.Of(a, b));
        Assert.Equal(Tensor.Vector(0, 1, 1), gMax[a]); // a[1] = b: the tie goes to a
        Assert.Equal(Tensor.Scalar(1), gMax[b]);
        var gMin = Gradient.Of(() => Sum(Min(b, a)), Params.Of(a, b));
        Assert.Equal(Tensor.Scalar(2), gMin[b]); // b first: b wins the tie and a[2]
        Assert.Equal(Tensor.Vector(1, 0, 0), gMin[a]);
    }

    [Fact]
    public void Max_propagates_NaN_and_its_adjoint_goes_to_the_NaN()
    {
        var a = new Param("a", Tensor.Vector(1, double.NaN));
        var b = new Param("b", Tensor.Vector(double.NaN, 0));
        Assert.True(Max(a, b).Value.ToArray().All(double.IsNaN));
        var g = Gradient.Of(() => Sum(Max(a, b)), Params.Of(a, b));
        Assert.Equal(Tensor.Vector(0, 1), g[a]);
        Assert.Equal(Tensor.Vector(1, 0), g[b]);
    }

    [Fact]
    public void Maximum_and_Minimum_send_the_adjoint_to_the_first_extreme_in_column_major_order()
    {
        var x = Tensor.Matrix(new double[,] { { 3, 1, 3 }, { 0, 1, 3 } });
        Assert.Equal(3.0, Maximum(x).Value.ToScalar());
        Assert.Equal(Tensor.Matrix(new double[,] { { 1, 0, 0 }, { 0, 0, 0 } }), Grad(e => Maximum(e), x));
        Assert.Equal(Tensor.Matrix(new double[,] { { 0, 0, 0 }, { 1, 0, 0 } }), Grad(e => e.Minimum(), x));
        Assert.Equal(Tensor.Matrix(new double[,] { { 3, 1, 3 } }), Maximum(x, 1).Value);
        Assert.Equal(Tensor.Matrix(new double[,] { { 1, 1, 1 }, { 0, 0, 0 } }), Grad(e => Maximum(e, 1), x));
        Assert.Equal(Tensor.Matrix(new double[,] { { 3 }, { 3 } }), Maximum(x, 2).Value);
        Assert.Equal(Tensor.Matrix(new double[,] { { 1, 0, 0 }, { 0, 0, 1 } }), Grad(e => e.Maximum(2), x));
        Assert.Equal(Tensor.Matrix(new double[,] { { 0, 1, 0 }, { 1, 0, 0 } }), Grad(e => e.Minimum(2), x));
        Assert.Equal(Tensor.Vector(1), Minimum(Tensor.Vector(4, 1, 2), 1).Value);
    }

    [Fact]
    public void Clamp_passes_the_gradient_inside_its_bounds_and_at_them()
    {
        var x = Tensor.Vector(-2, -1, 0, 1, 2);
        Assert.Equal(Tensor.Vector(-1, -1, 0, 1, 1), Clamp(x, -1, 1).Value);
        Assert.Equal(Tensor.Vector(0, 1, 1, 1, 0), Grad(e => e.Clamp(-1, 1), x));
        Assert.Throws<ArgumentException>(() => Clamp(x, 1, -1));
        Assert.Throws<ArgumentException>(() => Clamp(x, double.NaN, 1));
    }

    [Fact]
    public void Rows_Columns_and_Element_take_blocks_and_pad_their_adjoints_with_zeros()
    {
        var x = Tensor.Matrix(new double[,] { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } });
        Assert.Equal(Tensor.Matrix(new double[,] { { 4, 5, 6 }, { 7, 8, 9 } }), Rows(x, 1, 2).Value);
        Assert.Equal(Tensor.Matrix(new double[,] { { 2 }, { 5 }, { 8 } }), Columns(x, 1, 1).Value);
        Assert.Equal(Tensor.Vector(2, 3), Rows(Tensor.Vector(1, 2, 3), 1, 2).Value);
        Expr e = x;
        Assert.Equal(6.0, e[1, 2].Value.ToScalar());
        Assert.Equal(8.0, e[5].Value.ToScalar());
        Assert.Equal(Tensor.Matrix(new double[,] { { 0, 0, 0 }, { 1, 1, 1 }, { 1, 1, 1 } }), Grad(p => p.Rows(1, 2), x));
        Assert.Equal(Tensor.Matrix(new double[,] { { 0, 1, 1 }, { 0, 1, 1 }, { 0, 1, 1 } }), Grad(p => p.Columns(1, 2), x));
        Assert.Equal(Tensor.Matrix(new double[,] { { 0, 0, 0 }, { 0, 0, 1 }, { 0, 0, 0 } }), Grad(p => p.Element(1, 2), x));
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(2, 2)]
    [InlineData(0, 0)]
    public void Blocks_outside_the_tensor_are_argument_errors_naming_the_shape(int start, int count)
    {
        var x = Tensor.Zeros(3, 3);
        Assert.Contains("(3, 3)", Assert.Throws<ArgumentException>(() => Rows(x, start, count)).Message);
        Assert.Contains("(3, 3)", Assert.Throws<ArgumentException>(() => Columns(x, start, count)).Message);
        Assert.Throws<ArgumentException>(() => Element(x, 3, 0));
        Assert.Throws<ArgumentException>(() => Element(x, 9));
        Assert.Throws<ArgumentException>(() => Columns(Tensor.Vector(1, 2), 0, 1));
        Assert.Throws<ArgumentException>(() => Rows(Tensor.Scalar(1), 0, 1));
    }

    [Fact]
    public void VCat_and_HCat_join_along_either_dimension_and_split_their_adjoints()
    {
        var a = new Param("a", Tensor.Matrix(new double[,] { { 1, 2 } }));
        var b = new Param("b", Tensor.Matrix(new double[,] { { 3, 4 }, { 5, 6 } }));
        Assert.Equal(Tensor.Matrix(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }), VCat(a, b).Value);
        Assert.Equal(Tensor.Vector(1, 2, 3), VCat(Tensor.Vector(1, 2), Tensor.Scalar(3)).Value);
        Assert.Equal(Tensor.Matrix(new double[,] { { 3, 4, 3 }, { 5, 6, 5 } }), HCat(b, Tensor.Vector(3, 5)).Value);
        var w = Tensor.Matrix(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        var g = Gradient.Of(() => Sum(Mul(a.VCat(b), w)), Params.Of(a, b));
        Assert.Equal(Tensor.Matrix(new double[,] { { 1, 2 } }), g[a]);
        Assert.Equal(Tensor.Matrix(new double[,] { { 3, 4 }, { 5, 6 } }), g[b]);
        var h = Gradient.Of(() => Sum(Mul(b.HCat(b), Tensor.Matrix(new double[,] { { 1, 2, 3, 4 }, { 5, 6, 7, 8 } }))), Params.Of(b));
        Assert.Equal(Tensor.Matrix(new double[,] { { 4, 6 }, { 12, 14 } }), h[b]); // used twice: the two blocks add up
        Assert.Contains("(1, 2), (2, 3)", Assert.Throws<ArgumentException>(() => VCat(a, Tensor.Zeros(2, 3))).Message);
        Assert.Contains("(1, 2), (2, 2)", Assert.Throws<ArgumentException>(() => HCat(a, b)).Message);
        Assert.Throws<ArgumentException>(() => VCat());
    }

    [Fact]
    public void StopGradient_keeps_the_value_and_passes_no_gradient()
    {
        var p = new Param("p", Tensor.Vector(1, 2, 3));
        var stopped = StopGradient(p * 2.0);
        Assert.Equal("StopGradient", stopped.Op);
        Assert.Equal(Tensor.Vector(2, 4, 6), stopped.Value);
        Assert.Empty(stopped.Inputs);
        var g = Gradient.Of(() => Sum(Mul(p, p.StopGradient())), Params.Of(p));
        Assert.Equal(p.Value, g[p]); // d/dp Σ p·stop(p) = stop(p), not 2p
        Assert.Equal(Tensor.Zeros(3), Gradient.Of(() => Sum(StopGradient(Square(p))), Params.Of(p))[p]);
    }
}
