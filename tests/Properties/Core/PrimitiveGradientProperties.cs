using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Flux.Ops;

namespace Flux.Tests.Properties.Core;

/// <summary>
/// Every primitive's pullback agrees with central finite differences (the public <see cref="GradientCheck"/> kit)
/// on random shapes and values, in each element type (the subclasses below).
/// </summary>
public abstract class PrimitiveGradientProperties(ElementType type)
{
    // The kit's tolerance for the type (double: rtol 1e-6, atol 1e-8; float: rtol 2e-3, atol 1e-3), stated once in GradientTolerance.
    private readonly GradientTolerance Tolerance = GradientTolerance.For(type);

    private Tensor In(Tensor t) => t.ToElementType(type);

    /// <summary>Pairs of shapes that broadcast: equal, scalar with anything, a vector or a row with a matrix.</summary>
    private static readonly Gen<(Shape A, Shape B)> BroadcastPairs =
        from rows in Gen.Choose(1, 4)
        from cols in Gen.Choose(1, 4)
        from same in TensorGen.Shapes
        from kind in Gen.Choose(0, 5)
        select kind switch
        {
            0 => (same, same),
            1 => (Shape.Scalar, same),
            2 => (same, Shape.Scalar),
            3 => (Shape.Vector(rows), Shape.Matrix(rows, cols)),
            4 => (Shape.Matrix(rows, cols), Shape.Vector(rows)),
            _ => (Shape.Matrix(1, cols), Shape.Matrix(rows, cols)),
        };

    private Property Unary(Func<Expr, Expr> f, Func<Shape, Gen<Tensor>>? values = null) =>
        Prop.ForAll(TensorGen.Shapes.SelectMany(s => (values ?? (sh => TensorGen.Of(sh)))(s)).ToArbitrary(),
            x => GradientCheck.Primitive(f, In(x), Tolerance).ThrowIfFailed().Passed);

    private Property Binary(Func<Expr, Expr, Expr> f, bool divisorAwayFromZero = false) =>
        Prop.ForAll(
            (from shapes in BroadcastPairs
             from a in TensorGen.Of(shapes.A)
             from b in divisorAwayFromZero ? TensorGen.AwayFromZero(shapes.B, 0.5) : TensorGen.Of(shapes.B)
             select (a, b)).ToArbitrary(),
            pair => GradientCheck.Primitive(xs => f(xs[0], xs[1]), [In(pair.a), In(pair.b)], Tolerance).ThrowIfFailed().Passed);

    [Property] public Property AddMatchesFiniteDifferences() => Binary(Add);
    [Property] public Property SubtractMatchesFiniteDifferences() => Binary(Subtract);
    [Property] public Property MulMatchesFiniteDifferences() => Binary(Mul);
    [Property] public Property DivMatchesFiniteDifferences() => Binary(Div, divisorAwayFromZero: true);
    [Property] public Property NegateMatchesFiniteDifferences() => Unary(Negate);
    [Property] public Property TransposeMatchesFiniteDifferences() => Unary(Transpose);
    [Property] public Property SumMatchesFiniteDifferences() => Unary(x => Sum(x));
    [Property] public Property MeanMatchesFiniteDifferences() => Unary(x => Mean(x));
    [Property] public Property SumAlongRowsMatchesFiniteDifferences() => Unary(x => Sum(x, 1));
    [Property] public Property SumAlongColumnsMatchesFiniteDifferences() => Unary(x => Sum(x, 2));
    [Property] public Property MeanAlongRowsMatchesFiniteDifferences() => Unary(x => Mean(x, 1));
    [Property] public Property MeanAlongColumnsMatchesFiniteDifferences() => Unary(x => Mean(x, 2));
    [Property] public Property SquareMatchesFiniteDifferences() => Unary(Square);
    [Property] public Property PowMatchesFiniteDifferences() => Unary(x => Pow(x, 2.5), s => TensorGen.Of(s, 0.3, 2));
    [Property] public Property ExpMatchesFiniteDifferences() => Unary(Exp);
    [Property] public Property LogMatchesFiniteDifferences() => Unary(Log, s => TensorGen.Of(s, 0.3, 3));
    [Property] public Property SqrtMatchesFiniteDifferences() => Unary(Sqrt, s => TensorGen.Of(s, 0.3, 3));
    [Property] public Property AbsMatchesFiniteDifferences() => Unary(Abs, s => TensorGen.AwayFromZero(s));
    [Property] public Property SigmoidMatchesFiniteDifferences() => Unary(Sigmoid);
    [Property] public Property ReluMatchesFiniteDifferences() => Unary(Relu, s => TensorGen.AwayFromZero(s));
    [Property] public Property LeakyReluMatchesFiniteDifferences() => Unary(x => LeakyRelu(x, 0.1), s => TensorGen.AwayFromZero(s));
    [Property] public Property TanhMatchesFiniteDifferences() => Unary(Tanh);
    [Property] public Property SoftplusMatchesFiniteDifferences() => Unary(Softplus);
    [Property] public Property SoftmaxMatchesFiniteDifferences() => Unary(Softmax);
    [Property] public Property LogSoftmaxMatchesFiniteDifferences() => Unary(LogSoftmax);

    [Property]
    public Property MatMulMatchesFiniteDifferences() => Prop.ForAll(
        (from m in Gen.Choose(1, 4)
         from k in Gen.Choose(1, 4)
         from n in Gen.Choose(0, 4) // 0 stands for a vector right operand
         from a in TensorGen.Of(Shape.Matrix(m, k))
         from b in TensorGen.Of(n == 0 ? Shape.Vector(k) : Shape.Matrix(k, n))
         select (a, b)).ToArbitrary(),
        pair => GradientCheck.Primitive(xs => MatMul(xs[0], xs[1]), [In(pair.a), In(pair.b)], Tolerance).ThrowIfFailed().Passed);

    [Property]
    public Property ScalingByAScalarMatchesFiniteDifferences() => Prop.ForAll(
        (from s in TensorGen.Shapes from a in TensorGen.Of(Shape.Scalar) from b in TensorGen.Of(s) select (a, b)).ToArbitrary(),
        pair => GradientCheck.Primitive(xs => xs[0] * xs[1], [In(pair.a), In(pair.b)], Tolerance).ThrowIfFailed().Passed);

    [Property]
    public Property DivisionByAScalarMatchesFiniteDifferences() => Prop.ForAll(
        (from s in TensorGen.Shapes from a in TensorGen.Of(s) from b in TensorGen.AwayFromZero(Shape.Scalar, 0.5) select (a, b)).ToArbitrary(),
        pair => GradientCheck.Primitive(xs => xs[0] / xs[1], [In(pair.a), In(pair.b)], Tolerance).ThrowIfFailed().Passed);
}

/// <summary>The primitive gradient properties in float64.</summary>
public sealed class PrimitiveGradientPropertiesFloat64() : PrimitiveGradientProperties(ElementType.Float64);

/// <summary>The primitive gradient properties in float32, with the float tolerance.</summary>
public sealed class PrimitiveGradientPropertiesFloat32() : PrimitiveGradientProperties(ElementType.Float32);
