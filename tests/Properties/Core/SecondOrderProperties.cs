using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Flux.Ops;

namespace Flux.Tests.Properties.Core;

/// <summary>
/// Every pullback written in traced operations (<see cref="Gradient.SecondOrderOps"/>) has the values
/// of the first-order one, and its own gradient (a Hessian-vector product) agrees with central
/// differences of the first-order gradient, checked by the kit; in each element type (the subclasses
/// below; in float32 against the float64 results at the same point, see SecondOrderHolds).
/// </summary>
public abstract class SecondOrderProperties(ElementType type)
{
    // L(x…) = sum(w .* f(x…)²): squared so that even a linear f has a second derivative.
    // In float64 the Hessian-vector product ∇(∇L·v) is checked against central differences of the
    // gradient (the kit). In float32 it is checked against the float64 one at the same point (which
    // the float64 class checks by differences): a difference quotient of a float32 gradient, itself a
    // sum of rounded products, is too noisy to judge a second derivative.
    internal static bool SecondOrderHolds(Func<Expr[], Expr> f, Tensor[] at, int seed, ElementType type = ElementType.Float64)
    {
        var (ps, loss) = Problem(f, at, seed, type, onFloats: type == ElementType.Float32);
        var traced = Gradient.Traced(loss, ps);
        var first = Gradient.Of(loss, ps);
        for (var i = 0; i < ps.Count; i++)
            if (!traced[i].Value.AllClose(first[ps[i]], Relative(type), Absolute(type, first[ps[i]])))
                throw new Xunit.Sdk.XunitException($"traced gradient of x{i} differs: {traced[i].Value} against {first[ps[i]]}");
        var v = GradientCheck.RandomPoint(ps, seed + 1);
        if (type == ElementType.Float64)
        {
            GradientCheck.Check(() => DirectionalGradient(loss, ps, v), ps, subject: "∇L·v").ThrowIfFailed();
            return true;
        }
        var hv = Gradient.Of(() => DirectionalGradient(loss, ps, v), ps);
        var (wide, wideLoss) = Problem(f, at, seed, ElementType.Float64, onFloats: true);
        var hv64 = Gradient.Of(() => DirectionalGradient(wideLoss, wide, v.ToElementType(ElementType.Float64)), wide);
        for (var i = 0; i < ps.Count; i++)
            if (!hv[ps[i]].AllClose(hv64[wide[i]], Relative(type), Absolute(type, hv64[wide[i]])))
                throw new Xunit.Sdk.XunitException($"the float32 Hessian-vector product of x{i} differs from the float64 one: {hv[ps[i]]} against {hv64[wide[i]]}");
        return true;
    }

    // The parameters and the loss, with weights, in the type; onFloats rounds the point and the weights
    // to float first, so that a float64 problem and a float32 one start from the same numbers.
    private static (Params Ps, Func<Expr> Loss) Problem(Func<Expr[], Expr> f, Tensor[] at, int seed, ElementType type, bool onFloats)
    {
        Tensor In(Tensor t) => (onFloats ? t.ToFloat32() : t).ToElementType(type);
        var ps = Params.Of(at.Select((x, i) => new Param($"x{i}", In(x))));
        var weights = In(Tensor.Uniform(new Seed(seed), 0.5, 1.5, f(ps.Select(p => (Expr)p).ToArray()).Shape.Dims));
        return (ps, () => Sum(Mul(Square(f(ps.Select(p => (Expr)p).ToArray())), weights)));
    }

    private static Expr DirectionalGradient(Func<Expr> loss, Params ps, Params v)
    {
        var g = Gradient.Traced(loss, ps);
        Expr total = 0.0;
        for (var i = 0; i < ps.Count; i++) total = total + Sum(Mul(g[i], v[i].Value));
        return total;
    }

    // Float32 results agree with float64 ones to rounding: 1e-4 relative, and 1e-4 of the largest magnitude (cancellation).
    private static double Relative(ElementType type) => type == ElementType.Float32 ? 1e-4 : 1e-10;

    private static double Absolute(ElementType type, Tensor reference) =>
        type == ElementType.Float32 ? 1e-4 * (1 + reference.ToArray().Select(Math.Abs).DefaultIfEmpty(0).Max()) : 1e-12;

    private Property Unary(Func<Expr, Expr> f, double low = -2, double high = 2) => Prop.ForAll(
        (from s in TensorGen.Shapes from x in TensorGen.Of(s, low, high) from seed in Gen.Choose(0, 1000) select (x, seed)).ToArbitrary(),
        c => SecondOrderHolds(xs => f(xs[0]), [c.x], c.seed, type));

    private Property Binary(Func<Expr, Expr, Expr> f, bool positiveRight = false) => Prop.ForAll(
        (from s in TensorGen.Shapes
         from vector in Gen.Elements(true, false)
         let right = vector && s.Rank == 2 ? Shape.Vector(s.Rows) : s
         from a in TensorGen.Of(s)
         from b in positiveRight ? TensorGen.Of(right, 0.5, 2) : TensorGen.Of(right)
         from seed in Gen.Choose(0, 1000)
         select (a, b, seed)).ToArbitrary(),
        c => SecondOrderHolds(xs => f(xs[0], xs[1]), [c.a, c.b], c.seed, type));

    [Property(MaxTest = 30)] public Property Add_() => Binary(Add);
    [Property(MaxTest = 30)] public Property Subtract_() => Binary(Subtract);
    [Property(MaxTest = 30)] public Property Mul_() => Binary(Mul);
    [Property(MaxTest = 30)] public Property Div_() => Binary(Div, positiveRight: true);
    [Property(MaxTest = 30)] public Property Negate_() => Unary(Negate);
    [Property(MaxTest = 30)] public Property Transpose_() => Unary(Transpose);
    [Property(MaxTest = 30)] public Property Sum_() => Unary(x => Sum(x) * x);
    [Property(MaxTest = 30)] public Property SumAlong_() => Unary(x => Sum(x, 1) + Sum(x, 2).Sum());
    [Property(MaxTest = 30)] public Property Mean_() => Unary(x => Mean(x) * x + Mean(x, 2).Sum() + Mean(x, 1).Sum());
    [Property(MaxTest = 30)] public Property Square_() => Unary(Square);
    [Property(MaxTest = 30)] public Property Softmax_() => Unary(Softmax);
    [Property(MaxTest = 30)] public Property LogSoftmax_() => Unary(LogSoftmax);
    [Property(MaxTest = 30)] public Property Exp_() => Unary(Exp);
    [Property(MaxTest = 30)] public Property Log_() => Unary(Log, 0.3, 3);
    [Property(MaxTest = 30)] public Property Sqrt_() => Unary(Sqrt, 0.3, 3);
    [Property(MaxTest = 30)] public Property Tanh_() => Unary(Tanh);
    [Property(MaxTest = 30)] public Property Sigmoid_() => Unary(Sigmoid);
    [Property(MaxTest = 30)] public Property Softplus_() => Unary(Softplus);
    [Property(MaxTest = 30)] public Property Reshape_() => Unary(x => Reshape(x, Shape.Vector(x.Shape.Length)));

    [Property(MaxTest = 30)]
    public Property MatMul_() => Prop.ForAll(
        (from m in Gen.Choose(1, 4)
         from k in Gen.Choose(1, 4)
         from n in Gen.Choose(0, 3)
         from a in TensorGen.Of(Shape.Matrix(m, k))
         from b in TensorGen.Of(n == 0 ? Shape.Vector(k) : Shape.Matrix(k, n))
         select (a, b)).ToArbitrary(),
        c => SecondOrderHolds(xs => MatMul(xs[0], xs[1]), [c.a, c.b], 3, type));
}

/// <summary>The second-order properties in float64.</summary>
public sealed class SecondOrderPropertiesFloat64() : SecondOrderProperties(ElementType.Float64);

/// <summary>The second-order properties in float32, with the float tolerances.</summary>
public sealed class SecondOrderPropertiesFloat32() : SecondOrderProperties(ElementType.Float32);
