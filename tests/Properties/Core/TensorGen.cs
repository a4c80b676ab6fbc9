using FsCheck;
using FsCheck.Fluent;

namespace Flux.Tests.Properties.Core;

/// <summary>FsCheck generators for shapes and tensors: small dimensions, values from a seeded uniform draw.</summary>
public static class TensorGen
{
    /// <summary>Any shape of rank 0, 1 or 2 with dimensions 1 to 4.</summary>
    public static Gen<Shape> Shapes { get; } =
        from rank in Gen.Choose(0, 2)
        from rows in Gen.Choose(1, 4)
        from cols in Gen.Choose(1, 4)
        select rank switch { 0 => Shape.Scalar, 1 => Shape.Vector(rows), _ => Shape.Matrix(rows, cols) };

    /// <summary>Matrix shapes only.</summary>
    public static Gen<Shape> Matrices { get; } =
        from rows in Gen.Choose(1, 4)
        from cols in Gen.Choose(1, 4)
        select Shape.Matrix(rows, cols);

    /// <summary>A tensor of <paramref name="shape"/> with elements uniform in [low, high).</summary>
    public static Gen<Tensor> Of(Shape shape, double low = -2, double high = 2) =>
        Gen.Choose(0, int.MaxValue - 1).Select(seed => Tensor.Uniform(new Seed(seed), low, high, shape.Dims));

    /// <summary>
    /// A tensor of <paramref name="shape"/> whose elements stay at least <paramref name="gap"/> away from
    /// zero (for functions with a kink or pole there: Abs, Relu, Div).
    /// </summary>
    public static Gen<Tensor> AwayFromZero(Shape shape, double gap = 0.2, double high = 2) =>
        from t in Of(shape, gap, high)
        from signSeed in Gen.Choose(0, int.MaxValue - 1)
        let signs = Tensor.Rand(new Seed(signSeed), shape.Dims)
        select Tensor.FromArray(t.ToArray().Select((x, i) => signs[i] < 0.5 ? -x : x).ToArray(), shape.Dims);

    /// <summary>Any tensor of any generated shape.</summary>
    public static Gen<Tensor> Tensors { get; } = Shapes.SelectMany(s => Of(s));

    /// <summary>A shape and a tensor of it, for properties over one tensor.</summary>
    public static Arbitrary<Tensor> Arbitrary => Tensors.ToArbitrary();

    /// <summary>Dimensions that cross the 4-double vector width, with odd remainders: 1, 3, 4, 5, 7, 8, 9, 13.</summary>
    public static Gen<int> WideDims { get; } = Gen.Elements(1, 3, 4, 5, 7, 8, 9, 13);

    /// <summary>Shapes of rank 0, 1 or 2 whose dimensions are <see cref="WideDims"/>.</summary>
    public static Gen<Shape> WideShapes { get; } =
        from rank in Gen.Choose(0, 2)
        from rows in WideDims
        from cols in WideDims
        select rank switch { 0 => Shape.Scalar, 1 => Shape.Vector(rows), _ => Shape.Matrix(rows, cols) };

    /// <summary>
    /// A tensor of <paramref name="shape"/> whose elements are all distinct, at least 0.05 apart (a random
    /// order of the grid 0.1·k plus noise under 0.05), so that every maximum and minimum is unique.
    /// </summary>
    public static Gen<Tensor> Distinct(Shape shape) =>
        from seed in Gen.Choose(0, int.MaxValue - 1)
        let order = Tensor.Rand(new Seed(seed), shape.Dims).ToArray()
        let noise = Tensor.Uniform(new Seed(seed + 1), 0, 0.05, shape.Dims).ToArray()
        let ranks = order.Select((v, i) => (v, i)).OrderBy(t => t.v).Select((t, r) => (t.i, r)).OrderBy(t => t.i).Select(t => t.r).ToArray()
        select Tensor.FromArray(ranks.Select((r, i) => 0.1 * (r - ranks.Length / 2.0) + noise[i]).ToArray(), shape.Dims);
}
