using Xunit;
using static Flux.Ops;

namespace Flux.Tests.Unit.Core;

public class GradientTests
{
    [Fact]
    public void ChainOfTwentyThousandOperationsDoesNotOverflowTheStack()
    {
        var p = new Param("p", Tensor.Scalar(0.5));
        Expr Loss()
        {
            Expr e = p;
            for (var i = 0; i < 20_000; i++) e = e * 1.0 + 0.0;
            return Sum(e);
        }
        var g = Gradient.Of(Loss, Params.Of(p));
        Assert.Equal(1.0, g[p].ToScalar());
    }

    [Fact]
    public void SharedNodesAccumulateTheirAdjoints()
    {
        var x = new Param("x", Tensor.Scalar(3));
        var g = Gradient.Of(() => { var s = x * x; return Sum(s * s + s); }, Params.Of(x));  // x⁴ + x², d = 4x³ + 2x
        Assert.Equal(4 * 27 + 6, g[x].ToScalar(), 12);
    }

    [Fact]
    public void ParametersThatDoNotInfluenceTheLossGetZeros()
    {
        var used = new Param("used", Tensor.Vector(1, 2));
        var unused = new Param("unused", Tensor.Ones(2, 3));
        var g = Gradient.Of(() => Sum(used), Params.Of(used, unused));
        Assert.Equal(Tensor.Zeros(2, 3), g[unused]);
        Assert.Equal(Tensor.Ones(2), g[used]);
        var none = Gradient.Of(() => Sum(Tensor.Ones(2)), Params.Of(used));
        Assert.Equal(Tensor.Zeros(2), none[used]);
    }

    [Fact]
    public void ValueAndGradientReturnsTheLoss()
    {
        var w = new Param("w", Tensor.Vector(1, 2));
        var (loss, grads) = Gradient.ValueAndGradient(() => Sum(Square(w)), Params.Of(w));
        Assert.Equal(5.0, loss);
        Assert.Equal(Tensor.Vector(2, 4), grads[w]);
    }

    [Fact]
    public void TwoThreadsMayDifferentiateOneSharedModelAtOnce()
    {
        var W = new Param("W", Tensor.Randn(new Seed(1), 8, 8));
        var x = Tensor.Randn(new Seed(2), 8, 16);
        var ps = Params.Of(W);
        var expected = Gradient.Of(() => Sum(Tanh(W * x)), ps)[W];
        var results = new Tensor[2][];
        Parallel.For(0, 2, t => results[t] = Enumerable.Range(0, 200).Select(_ => Gradient.Of(() => Sum(Tanh(W * x)), ps)[W]).ToArray());
        Assert.All(results.SelectMany(r => r), g => Assert.Equal(expected, g));
    }

    [Fact]
    public void SoftmaxAndLogSoftmaxAreStableForLargeInputs()
    {
        var x = Tensor.FromArray([1000.0, 1001, -1000, 0], 2, 2);
        var s = Softmax(x).Value;
        var l = LogSoftmax(x).Value;
        Assert.True(s.IsFinite() && l.IsFinite());
        Assert.Equal(1.0, s[0] + s[1], 15);
        Assert.Equal(-Math.Log(1 + Math.E), l[0], 12);
    }

    [Fact]
    public void SoftplusKeepsTheSmallTail()
    {
        Assert.Equal(Math.Exp(-50), Softplus(Tensor.Scalar(-50)).Value.ToScalar(), 1e-30);
        Assert.Equal(800.0, Softplus(Tensor.Scalar(800)).Value.ToScalar());
    }
}
