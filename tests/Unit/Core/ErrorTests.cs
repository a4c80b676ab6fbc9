using Xunit;
using static Flux.Ops;

namespace Flux.Tests.Unit.Core;

/// <summary>Every error names the operation and the shapes or values at fault, and changes nothing.</summary>
public class ErrorTests
{
    private static readonly Param W = new("W", Tensor.Ones(2, 5));

    [Fact]
    public void MatMulNamesBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => W * Tensor.Ones(3));
        Assert.Equal("MatMul: cannot multiply (2, 5) by (3,); the inner dimensions 5 and 3 must agree.", e.Message);
        Assert.Contains("vector (2,) by vector (2,)", Assert.Throws<ArgumentException>(() => Tensor.Ones(2) * Tensor.Ones(2)).Message);
    }

    [Fact]
    public void BroadcastNamesTheOperationAndBothShapes()
    {
        Assert.Equal("Add: shapes (2, 5) and (3,) do not broadcast; each dimension must match or be 1.",
            Assert.Throws<ArgumentException>(() => W + Tensor.Ones(3)).Message);
        Assert.StartsWith("Subtract: shapes (2,) and (3,)", Assert.Throws<ArgumentException>(() => (Expr)Tensor.Ones(2) - Tensor.Ones(3)).Message);
        Assert.StartsWith("Mul: shapes (2, 2) and (3, 2)", Assert.Throws<ArgumentException>(() => Mul(Tensor.Ones(2, 2), Tensor.Ones(3, 2))).Message);
    }

    [Fact]
    public void DivisionByANonScalarIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => W / Tensor.Ones(2));
        Assert.Contains("divides by shape (2,); use Div", e.Message);
    }

    [Fact]
    public void GradientNeedsAScalarLoss()
    {
        var e = Assert.Throws<ArgumentException>(() => Gradient.Of(() => W * Tensor.Ones(5), Params.Of(W)));
        Assert.Equal("Gradient: the loss must be a scalar, but it has shape (2,); reduce it with Sum or Mean.", e.Message);
    }

    [Fact]
    public void ParamUpdateChecksTheShapeAndLeavesTheParamAsItWas()
    {
        var before = W.Value;
        var e = Assert.Throws<ArgumentException>(() => W.Update(Tensor.Ones(5, 2)));
        Assert.Equal("Update: parameter W has shape (2, 5) but the delta has shape (5, 2). (Parameter 'delta')", e.Message);
        Assert.Same(before, W.Value);
        Assert.Throws<ArgumentException>(() => new Param(" ", Tensor.Ones(1)));
    }

    [Fact]
    public void ParamsAndGradsNameWhatIsWrong()
    {
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() => Params.Of(W, W.With(Tensor.Zeros(2, 5)))).Message);
        var other = new Param("V", Tensor.Ones(1));
        Assert.Contains("no parameter with the identity of V", Assert.Throws<KeyNotFoundException>(() => Params.Of(W)[other]).Message);
        Assert.Contains("no parameter at path or named \"V\"; members are W", Assert.Throws<KeyNotFoundException>(() => Params.Of(W)["V"]).Message);
        Assert.Contains("the gradient of W has shape (5,); the parameter has shape (2, 5)", Assert.Throws<ArgumentException>(() => Grads.Of((W, Tensor.Ones(5)))).Message);
        Assert.Contains("no gradient for parameter V", Assert.Throws<KeyNotFoundException>(() => Grads.Of((W, Tensor.Ones(2, 5)))[other]).Message);
    }

    [Fact]
    public void BadArgumentsOfFunctionsNameThemselves()
    {
        Assert.Equal("dim", Assert.Throws<ArgumentOutOfRangeException>(() => Sum(W, 3)).ParamName);
        Assert.Contains("exponent must be finite; got NaN", Assert.Throws<ArgumentException>(() => Pow(W, double.NaN)).Message);
        Assert.Contains("cannot view shape (2, 5) (10 elements) as (3,)", Assert.Throws<ArgumentException>(() => Reshape(W, Shape.Vector(3))).Message);
    }
}
