using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Flux.Ops;

namespace Flux.Tests.Properties.Core;

/// <summary>Laws of the gradient that hold for any loss, checked on random data in each element type (the subclasses below).</summary>
public abstract class GradientLaws(ElementType type)
{
    // Agreement up to rounding: a few ulps of the type (float32 sums of a few terms round at 2⁻²⁴).
    private readonly double _close = type == ElementType.Float32 ? 1e-5 : 1e-12;
    private readonly double _tight = type == ElementType.Float32 ? 1e-6 : 1e-14;

    // A small network-like loss with several shared uses of its parameters.
    private static Expr Loss1(Param W, Param b, Tensor x) => Sum(Square(Tanh(W * x + b)));
    private static Expr Loss2(Param W, Param b, Tensor x) => Mean(Sigmoid(W * x) * 3.0 - b);

    private Gen<(Tensor W, Tensor b, Tensor x)> Problems =>
        from rows in Gen.Choose(1, 4)
        from inputs in Gen.Choose(1, 4)
        from batch in Gen.Choose(1, 3)
        from W in TensorGen.Of(Shape.Matrix(rows, inputs))
        from b in TensorGen.Of(Shape.Vector(rows))
        from x in TensorGen.Of(Shape.Matrix(inputs, batch))
        select (W.ToElementType(type), b.ToElementType(type), x.ToElementType(type));

    private static readonly Gen<double> Coefficients = Gen.Choose(-300, 300).Select(i => i / 100.0);

    [Property]
    public Property GradientIsLinearInTheLoss() => Prop.ForAll(
        (from p in Problems from a in Coefficients from c in Coefficients select (p, a, c)).ToArbitrary(),
        t =>
        {
            var (p, a, c) = t;
            var W = new Param("W", p.W);
            var b = new Param("b", p.b);
            var ps = Params.Of(W, b);
            var combined = Gradient.Of(() => a * Loss1(W, b, p.x) + c * Loss2(W, b, p.x), ps);
            var separate = Gradient.Of(() => Loss1(W, b, p.x), ps).Scale(a) + Gradient.Of(() => Loss2(W, b, p.x), ps).Scale(c);
            return ps.All(q => combined[q].AllClose(separate[q], _close, _close));
        });

    [Property]
    public Property ChainRuleHoldsThroughCompositions() => Prop.ForAll(
        Problems.ToArbitrary(),
        p => GradientCheck.Primitive(xs => Softmax(Tanh(xs[0] * p.x + xs[1])).Log().Sum(), [p.W, p.b]).ThrowIfFailed().Passed);

    [Property]
    public Property RepeatedGradientsAgreeBitForBit() => Prop.ForAll(
        Problems.ToArbitrary(),
        p =>
        {
            var W = new Param("W", p.W);
            var b = new Param("b", p.b);
            var g1 = Gradient.Of(() => Loss1(W, b, p.x) + Loss2(W, b, p.x), Params.Of(W, b));
            var g2 = Gradient.Of(() => Loss1(W, b, p.x) + Loss2(W, b, p.x), Params.Of(W, b));
            return g1[W].Equals(g2[W]) && g1[b].Equals(g2[b]);
        });

    [Property]
    public Property InputsAreNeverMutated() => Prop.ForAll(
        Problems.ToArbitrary(),
        p =>
        {
            // Deep copies compared by Equals, which reads a float32 tensor's own floats (not a widened copy made before).
            var (Wcopy, bcopy, xcopy) = (p.W.Copy(), p.b.Copy(), p.x.Copy());
            var W = new Param("W", p.W);
            var b = new Param("b", p.b);
            var grads = Gradient.Of(() => Loss1(W, b, p.x) + Loss2(W, b, p.x), Params.Of(W, b));
            _ = W.Update(-0.1 * grads[W]);
            return p.W.Equals(Wcopy) && p.b.Equals(bcopy) && p.x.Equals(xcopy)
                && ReferenceEquals(W.Value, p.W);
        });

    [Property]
    public Property BroadcastingEqualsExplicitRepetition() => Prop.ForAll(
        Problems.ToArbitrary(),
        p =>
        {
            // b .+ M, where b is a vector, against B + M with B = b repeated in every column.
            var M = p.W;
            var cols = M.Shape.Cols;
            var repeated = Tensor.FromArray(Enumerable.Repeat(p.b.ToArray(), cols).SelectMany(c => c).ToArray(), M.Shape.Rows, cols).ToElementType(type);
            var b = new Param("b", p.b);
            var B = new Param("B", repeated);
            var broadcast = Gradient.ValueAndGradient(() => Sum(Square(b + M)), Params.Of(b));
            var explicitly = Gradient.ValueAndGradient(() => Sum(Square(B + M)), Params.Of(B));
            var summedBack = Tensor.FromArray(Enumerable.Range(0, M.Shape.Rows)
                .Select(i => Enumerable.Range(0, cols).Sum(j => explicitly.Grads[B][i, j])).ToArray(), M.Shape.Rows);
            return broadcast.Loss == explicitly.Loss
                && (p.b + M).Equals(repeated + M)
                && broadcast.Grads[b].AllClose(summedBack, _close, _close);
        });

    [Property]
    public Property GradsFormAMonoid() => Prop.ForAll(
        (from p in Problems from a in Coefficients select (p, a)).ToArbitrary(),
        t =>
        {
            var (p, a) = t;
            var W = new Param("W", p.W);
            var b = new Param("b", p.b);
            var ps = Params.Of(W, b);
            var g = Gradient.Of(() => Loss1(W, b, p.x), ps);
            var h = Gradient.Of(() => Loss2(W, b, p.x), ps);
            var k = Grads.Of((W, p.W));
            bool Same(Grads x, Grads y) => x.Count == y.Count && x.All(e => y[e.Key].AllClose(e.Value, _tight, _tight));
            return Same(Grads.Empty + g, g) && Same(g + Grads.Empty, g)
                && Same((g + h) + k, g + (h + k))
                && Same(g + h, h + g)
                && Same((g + h).Scale(a), g.Scale(a) + h.Scale(a));
        });
}

/// <summary>The gradient laws in float64.</summary>
public sealed class GradientLawsFloat64() : GradientLaws(ElementType.Float64);

/// <summary>The gradient laws in float32.</summary>
public sealed class GradientLawsFloat32() : GradientLaws(ElementType.Float32);
