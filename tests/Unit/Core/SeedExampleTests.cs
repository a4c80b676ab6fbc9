using Xunit;
using static Flux.Ops;

namespace Flux.Tests.Unit.Core;

/// <summary>The first half of the seed workflow, exactly as the core issue writes it.</summary>
public class SeedExampleTests
{
    private static readonly Tensor x = Tensor.FromArray([1.0, 2, 3, 4, 5], 5), y = Tensor.FromArray([1.0, 2], 2);

    [Fact]
    public void SeedSnippetRunsAsWritten()
    {
        var W = new Param("W", Tensor.FromArray(new[] { .1, .2, .3, .4, .5, .6, .7, .8, .9, 1.0 }, 2, 5));
        var b = new Param("b", Tensor.FromArray(new[] { .5, .5 }, 2));
        Expr Loss() => Sum(Square(W * x + b - y));
        double l = Loss().Value.ToArray()[0];
        Grads grads = Gradient.Of(Loss, Params.Of(W, b));
        Tensor dW = grads[W];
        Param W1 = W.Update(-0.1 * grads[W]);

        // W is column-major: rows (.1 .3 .5 .7 .9) and (.2 .4 .6 .8 1.0).
        // W*x = (.1+.6+1.5+2.8+4.5, .2+.8+1.8+3.2+5.0) = (9.5, 11.0); + b - y = (9.0, 9.5).
        Assert.Equal(9.0 * 9.0 + 9.5 * 9.5, l, 12);
        Assert.Equal(W.Shape, dW.Shape);
        // ∂/∂W = 2 r xᵀ, r = (9.0, 9.5).
        Assert.True(dW.AllClose(Tensor.Matrix(new[,] { { 18.0, 36, 54, 72, 90 }, { 19.0, 38, 57, 76, 95 } }), 1e-12));
        Assert.True(grads[b].AllClose(Tensor.Vector(18.0, 19.0), 1e-12));
        Assert.True(W1.SameIdentity(W));
        Assert.Equal(.1, W.Value[0]);                         // pure: W is unchanged
        Assert.Equal(.1 - 0.1 * 18.0, W1.Value[0], 12);
    }

    [Fact]
    public void HundredManualUpdateStepsReduceTheLoss()
    {
        var W = new Param("W", Tensor.Rand(new Seed(1), 2, 5));
        var b = new Param("b", Tensor.Rand(new Seed(2), 2));
        double Loss(Param w, Param c) => Sum(Square(w * x + c - y)).Value.ToScalar();

        var first = Loss(W, b);
        var previous = first;
        for (var i = 0; i < 100; i++)
        {
            var (w, c) = (W, b);
            var g = Gradient.Of(() => Sum(Square(w * x + c - y)), Params.Of(W, b));
            (W, b) = (W.Update(-0.01 * g[W]), b.Update(-0.01 * g[b]));
            var now = Loss(W, b);
            Assert.True(now <= previous, $"step {i}: loss rose from {previous} to {now}");
            previous = now;
        }
        Assert.True(previous < first * 1e-3, $"loss fell only from {first} to {previous}");
    }

    [Fact]
    public void MixedOperandsTrace()
    {
        var w = new Param("w", Tensor.FromArray([1.0, -2], 2));
        var A = new Param("A", Tensor.Ones(2, 2));
        Tensor v = Tensor.FromArray([0.5, 0.25], 2);
        Expr[] all =
        [
            0.001 * w, w * 0.5, 1.0 + Square(A), Tanh(v) * 0.999, A * w, A * v, w - v, v - w, -w, w / 2.0, w + w, Sum(w) * A,
        ];
        Assert.All(all, e => Assert.True(e.Value.IsFinite()));
        Assert.Equal(Tensor.FromArray([0.001, -0.002], 2), (0.001 * w).Value);
        Assert.Equal(Tensor.FromArray([-1.0, -1.0], 2), (A * w).Value);
    }
}
