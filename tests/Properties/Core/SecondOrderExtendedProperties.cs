using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Flux.Ops;

namespace Flux.Tests.Properties.Core;

/// <summary>
/// Second order through Pow, XLogY, the piecewise primitives, slicing and concatenation, as
/// <see cref="SecondOrderProperties"/> checks the others: the traced gradient has the first-order values,
/// and its own gradient agrees with central differences of the first-order gradient (the kit). Points
/// are drawn off the kinks (ties, clamp bounds, zero for LeakyRelu) by more than the difference step
/// of either element type (the subclasses below).
/// </summary>
public abstract class SecondOrderExtendedProperties(ElementType type)
{
    private Property Holds(Gen<Tensor[]> points, Func<Expr[], Expr> f) => Prop.ForAll(
        (from at in points from seed in Gen.Choose(0, 1000) select (at, seed)).ToArbitrary(),
        c => SecondOrderProperties.SecondOrderHolds(f, c.at, c.seed, type));

    private static Gen<Tensor[]> One(Func<Shape, Gen<Tensor>> tensor, Gen<Shape>? shapes = null) =>
        (shapes ?? TensorGen.Shapes).SelectMany(tensor).Select(x => new[] { x });

    // Elements within 0.01 of a clamp bound moved 0.03 past it (the bounds are 1.2 apart).
    private static Tensor OffBounds(Tensor x) => x.Select(v => Math.Abs(v + 0.5) < 0.01 || Math.Abs(v - 0.7) < 0.01 ? v + 0.03 : v);

    // Operands that broadcast (the same shape, or a vector across a matrix's columns), b moved off ties with a.
    private static readonly Gen<Tensor[]> Untied =
        from s in TensorGen.Shapes
        from vector in Gen.Elements(true, false)
        let right = vector && s.Rank == 2 ? Shape.Vector(s.Rows) : s
        from a in TensorGen.Of(s)
        from b in TensorGen.Of(right)
        let moved = ExtendedPrimitiveProperties.OffTies(a, b)
        where (a - moved).ToArray().All(d => Math.Abs(d) > 1e-3)
        select new[] { a, moved };

    [Property(MaxTest = 30)] public Property Pow_() => Holds(One(s => TensorGen.Of(s, 0.3, 2)), xs => Pow(xs[0], 2.5));
    [Property(MaxTest = 30)] public Property PowOfAnInteger_() => Holds(One(s => TensorGen.Of(s)), xs => Pow(xs[0], 3));
    [Property(MaxTest = 30)] public Property LeakyRelu_() => Holds(One(s => TensorGen.AwayFromZero(s)), xs => LeakyRelu(xs[0], 0.1));
    [Property(MaxTest = 30)] public Property Clamp_() => Holds(One(s => TensorGen.Of(s).Select(OffBounds)), xs => Clamp(xs[0], -0.5, 0.7));
    [Property(MaxTest = 30)] public Property Max_() => Holds(Untied, xs => Max(xs[0], xs[1]));
    [Property(MaxTest = 30)] public Property Min_() => Holds(Untied, xs => Min(xs[0], xs[1]));
    [Property(MaxTest = 30)] public Property Maximum_() => Holds(One(TensorGen.Distinct), xs => Maximum(xs[0]) * xs[0]);
    [Property(MaxTest = 30)] public Property Minimum_() => Holds(One(TensorGen.Distinct), xs => Minimum(xs[0]) * xs[0]);
    [Property(MaxTest = 30)] public Property MaximumAlong_() => Holds(One(TensorGen.Distinct), xs => Maximum(xs[0], 1) + Maximum(xs[0], 2).Sum());
    [Property(MaxTest = 30)] public Property MinimumAlong_() => Holds(One(TensorGen.Distinct), xs => Minimum(xs[0], 2) + Minimum(xs[0], 1).Sum());

    [Property(MaxTest = 30)]
    public Property XLogY_() => Holds(
        // x has exact zeros (a one-hot target's), where the first-order pullback's ȳ_y is the value 0
        from s in TensorGen.Shapes
        from x in TensorGen.Of(s)
        from zeros in TensorGen.Of(s, 0, 1)
        from y in TensorGen.Of(s, 0.5, 2)
        select new[] { Tensor.FromArray([.. x.ToArray().Zip(zeros.ToArray(), (v, z) => z < 0.3 ? 0 : v)], s.Dims), y },
        xs => XLogY(xs[0], xs[1]));

    [Property(MaxTest = 30)]
    public Property Rows_() => Holds(One(s => TensorGen.Of(s), TensorGen.Shapes.Where(s => s.Rank > 0)),
        xs => Rows(xs[0], xs[0].Shape.Rows / 2, (xs[0].Shape.Rows + 1) / 2) * Mean(xs[0]));

    [Property(MaxTest = 30)]
    public Property Columns_() => Holds(One(s => TensorGen.Of(s), TensorGen.Matrices),
        xs => Columns(xs[0], xs[0].Shape.Cols - 1, 1) * Mean(xs[0]));

    [Property(MaxTest = 30)]
    public Property Element_() => Holds(One(s => TensorGen.Of(s), TensorGen.Matrices),
        xs => xs[0][xs[0].Shape.Rows - 1, 0] * xs[0].Element(xs[0].Shape.Length / 2));

    [Property(MaxTest = 30)]
    public Property VCat_() => Holds(
        from cols in Gen.Choose(1, 3)
        from r1 in Gen.Choose(1, 3)
        from r2 in Gen.Choose(1, 3)
        from vectors in Gen.Elements(true, false)
        from a in TensorGen.Of(vectors ? Shape.Vector(r1) : Shape.Matrix(r1, cols))
        from b in TensorGen.Of(vectors ? Shape.Vector(r2) : Shape.Matrix(r2, cols))
        select new[] { a, b },
        xs => VCat(xs[0], xs[1], xs[0]) * Mean(xs[1]));

    [Property(MaxTest = 30)]
    public Property HCat_() => Holds(
        from rows in Gen.Choose(1, 3)
        from c1 in Gen.Choose(1, 3)
        from c2 in Gen.Choose(1, 2)
        from a in TensorGen.Of(Shape.Matrix(rows, c1))
        from b in TensorGen.Of(c2 == 1 ? Shape.Vector(rows) : Shape.Matrix(rows, c2))
        select new[] { a, b },
        xs => HCat(xs[0], xs[1], xs[0]) * Mean(xs[1]));
}

/// <summary>The extended second-order properties in float64.</summary>
public sealed class SecondOrderExtendedPropertiesFloat64() : SecondOrderExtendedProperties(ElementType.Float64);

/// <summary>The extended second-order properties in float32.</summary>
public sealed class SecondOrderExtendedPropertiesFloat32() : SecondOrderExtendedProperties(ElementType.Float32);
