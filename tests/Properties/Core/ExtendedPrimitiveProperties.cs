using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Flux.Ops;

namespace Flux.Tests.Properties.Core;

/// <summary>
/// The pullbacks of Max, Min, Maximum, Minimum, Clamp, Rows, Columns, Element, VCat, HCat and
/// StopGradient agree with central differences (the public kit), on shapes that cross the vector
/// width with odd remainders, in each element type (the subclasses below). Points near a kink (a tie,
/// a clamp bound) are moved off it first, by more than the type's difference step.
/// </summary>
public abstract class ExtendedPrimitiveProperties(ElementType type)
{
    private Tensor In(Tensor t) => t.ToElementType(type);

    // Nearer a kink than this, a central difference may step across it (h ≤ 2·Step at |x| ≤ 2).
    private readonly double _kink = 5 * GradientTolerance.For(type).Step * 2 + 1e-3;

    private static readonly Gen<(Shape A, Shape B)> WidePairs =
        from rows in TensorGen.WideDims
        from cols in TensorGen.WideDims
        from same in TensorGen.WideShapes
        from kind in Gen.Choose(0, 4)
        select kind switch
        {
            0 => (same, same),
            1 => (Shape.Scalar, same),
            2 => (Shape.Vector(rows), Shape.Matrix(rows, cols)),
            3 => (Shape.Matrix(1, cols), Shape.Matrix(rows, cols)),
            _ => (Shape.Matrix(rows, cols), Shape.Scalar),
        };

    private static bool Holds(GradientCheckResult r) => r.ThrowIfFailed().Passed;

    // b moved so that no broadcast pair (a, b) is within 0.01 of a tie.
    internal static Tensor OffTies(Tensor a, Tensor b)
    {
        var gap = (a - b).ToArray();
        if (gap.All(d => Math.Abs(d) > 0.01)) return b;
        var shift = gap.Select(Math.Abs).Where(d => d > 0).DefaultIfEmpty(1).Min();
        return b + 0.5 * Math.Min(shift, 0.01) + 0.013; // the broadcast differences all shift by one constant
    }

    private Property Extremum(Func<Expr, Expr, Expr> f) => Prop.ForAll(
        (from shapes in WidePairs
         from a in TensorGen.Of(shapes.A)
         from b in TensorGen.Of(shapes.B)
         select (a, b)).ToArbitrary(),
        pair =>
        {
            var b = OffTies(pair.a, pair.b);
            if ((pair.a - b).ToArray().Any(d => Math.Abs(d) < _kink)) return true; // still too near a tie for a difference quotient
            return Holds(GradientCheck.Primitive(xs => f(xs[0], xs[1]), [In(pair.a), In(b)]));
        });

    private Property OnDistinct(Func<Expr, Expr> f, Gen<Shape>? shapes = null) => Prop.ForAll(
        (shapes ?? TensorGen.WideShapes).SelectMany(TensorGen.Distinct).ToArbitrary(),
        x => Holds(GradientCheck.Primitive(f, In(x))));

    [Property] public Property MaxMatchesFiniteDifferences() => Extremum(Max);
    [Property] public Property MinMatchesFiniteDifferences() => Extremum(Min);
    [Property] public Property MaximumMatchesFiniteDifferences() => OnDistinct(x => Maximum(x));
    [Property] public Property MinimumMatchesFiniteDifferences() => OnDistinct(x => Minimum(x));
    [Property] public Property MaximumAlongColumnsMatchesFiniteDifferences() => OnDistinct(x => Maximum(x, 1));
    [Property] public Property MaximumAlongRowsMatchesFiniteDifferences() => OnDistinct(x => Maximum(x, 2));
    [Property] public Property MinimumAlongColumnsMatchesFiniteDifferences() => OnDistinct(x => Minimum(x, 1));
    [Property] public Property MinimumAlongRowsMatchesFiniteDifferences() => OnDistinct(x => Minimum(x, 2));

    [Property]
    public Property ClampMatchesFiniteDifferences() => Prop.ForAll(
        TensorGen.WideShapes.SelectMany(s => TensorGen.Of(s)).ToArbitrary(),
        x => x.ToArray().Any(v => Math.Abs(v + 0.5) < _kink || Math.Abs(v - 0.7) < _kink)
             || Holds(GradientCheck.Primitive(e => Clamp(e, -0.5, 0.7), In(x))));

    private static readonly Gen<(Tensor X, int Start, int Count)> RowBlocks =
        from shape in TensorGen.WideShapes.Where(s => s.Rank > 0)
        from start in Gen.Choose(0, shape.Rows - 1)
        from count in Gen.Choose(1, shape.Rows - start)
        from x in TensorGen.Of(shape)
        select (x, start, count);

    private static readonly Gen<(Tensor X, int Start, int Count)> ColumnBlocks =
        from rows in TensorGen.WideDims
        from cols in TensorGen.WideDims
        from start in Gen.Choose(0, cols - 1)
        from count in Gen.Choose(1, cols - start)
        from x in TensorGen.Of(Shape.Matrix(rows, cols))
        select (x, start, count);

    [Property]
    public Property RowsMatchFiniteDifferences() => Prop.ForAll(RowBlocks.ToArbitrary(),
        c => Holds(GradientCheck.Primitive(e => Rows(e, c.Start, c.Count), In(c.X))));

    [Property]
    public Property ColumnsMatchFiniteDifferences() => Prop.ForAll(ColumnBlocks.ToArbitrary(),
        c => Holds(GradientCheck.Primitive(e => Columns(e, c.Start, c.Count), In(c.X))));

    [Property]
    public Property ElementMatchesFiniteDifferences() => Prop.ForAll(
        (from rows in TensorGen.WideDims
         from cols in TensorGen.WideDims
         from i in Gen.Choose(0, rows - 1)
         from j in Gen.Choose(0, cols - 1)
         from x in TensorGen.Of(Shape.Matrix(rows, cols))
         select (x, i, j)).ToArbitrary(),
        c => Holds(GradientCheck.Primitive(e => e[c.i, c.j] * e.Element(c.i * c.j % c.x.Length), In(c.x))));

    [Property]
    public Property VCatMatchesFiniteDifferences() => Prop.ForAll(
        (from cols in TensorGen.WideDims
         from r1 in TensorGen.WideDims
         from r2 in TensorGen.WideDims
         from vectors in Gen.Elements(true, false)
         from a in TensorGen.Of(vectors ? Shape.Vector(r1) : Shape.Matrix(r1, cols))
         from b in TensorGen.Of(vectors ? Shape.Vector(r2) : Shape.Matrix(r2, cols))
         select (a, b)).ToArbitrary(),
        p => Holds(GradientCheck.Primitive(xs => VCat(xs[0], xs[1], xs[0]), [In(p.a), In(p.b)])));

    [Property]
    public Property HCatMatchesFiniteDifferences() => Prop.ForAll(
        (from rows in TensorGen.WideDims
         from c1 in TensorGen.WideDims
         from c2 in TensorGen.WideDims
         from a in TensorGen.Of(Shape.Matrix(rows, c1))
         from b in TensorGen.Of(c2 == 1 ? Shape.Vector(rows) : Shape.Matrix(rows, c2))
         select (a, b)).ToArbitrary(),
        p => Holds(GradientCheck.Primitive(xs => HCat(xs[0], xs[1]).Square(), [In(p.a), In(p.b)])));

    [Property]
    public Property StopGradientPassesNoGradientWhichCentralDifferencesSeeThrough() => Prop.ForAll(
        TensorGen.WideShapes.SelectMany(s => TensorGen.Of(s)).ToArbitrary(),
        x =>
        {
            // f(x) = sum(x .* stop(x)): the traced gradient is stop(x) = x, not 2x; the kit, which moves
            // every use of x, sees 2x and says so, naming an element.
            x = In(x);
            var p = new Param("x", x);
            var g = Gradient.Of(() => Sum(Mul(p, StopGradient(p))), Params.Of(p));
            var check = GradientCheck.Primitive(e => Mul(e, e.StopGradient()), x);
            // The kit passes only where the missing w·x is within its atol (w the kit's weights, in [0.5, 1.5)):
            // every |x| far below atol. Elements within a factor 4 of it could go either way, so say nothing there.
            var atol = GradientTolerance.For(type).Absolute;
            if (x.ToArray().Any(v => Math.Abs(v) >= atol / 4 && Math.Abs(v) <= 4 * atol)) return g[p] == x;
            return g[p] == x && (check.Passed == x.ToArray().All(v => Math.Abs(v) < atol / 4)) && Holds(GradientCheck.Primitive(e => Mul(e, StopGradient(In(Tensor.Ones(x.Shape.Dims)))), x));
        });
}

/// <summary>The extended primitive properties in float64.</summary>
public sealed class ExtendedPrimitivePropertiesFloat64() : ExtendedPrimitiveProperties(ElementType.Float64);

/// <summary>The extended primitive properties in float32, with the float tolerance.</summary>
public sealed class ExtendedPrimitivePropertiesFloat32() : ExtendedPrimitiveProperties(ElementType.Float32);
