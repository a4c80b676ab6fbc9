using System.Numerics.Tensors;
using Xunit;

namespace Flux.Tests.Unit.Core;

/// <summary>
/// The fast paths for small operands, which a tiny model's step runs a dozen times: an elementwise
/// +, −, .*, ./ of at most <see cref="Kernels.Broadcast.ShortLength"/> elements runs as a plain loop
/// instead of through TensorPrimitives, and must give its bits exactly, in both types, for every
/// length across that threshold, with a scalar on either side and with NaN, infinities, signed zeros
/// and subnormals among the values; <see cref="Shape.Vector"/> and <see cref="Shape.Matrix"/> build
/// shapes without going through <see cref="Shape.Of"/> but refuse what it refuses; and
/// <see cref="Params.Of(Param[])"/> copies the caller's array.
/// </summary>
public class ShortOperandTests
{
    private static readonly double[] Specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.Epsilon, -double.Epsilon, 1e-310, double.MaxValue];

    private static double[] Values(int seed, int n)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(i => i % 5 == 4 ? Specials[random.Next(Specials.Length)] : Math.ScaleB(random.NextDouble() * 2 - 1, random.Next(-8, 8)))];
    }

    public static TheoryData<string, ElementType, int> Cases()
    {
        var data = new TheoryData<string, ElementType, int>();
        foreach (var op in new[] { "+", "-", "*", "/" })
            foreach (var type in new[] { ElementType.Float64, ElementType.Float32 })
                foreach (var n in new[] { 0, 1, 2, 3, 4, 5, 7, 8, 9, 15, Kernels.Broadcast.ShortLength, Kernels.Broadcast.ShortLength + 1, 33 })
                    data.Add(op, type, n);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_short_elementwise_operation_has_the_bits_of_TensorPrimitives(string op, ElementType type, int n)
    {
        var (x, y, s) = (Values(n, n), Values(n + 100, n), Values(n + 200, 1)[0]);
        var (a, b, scalar) = (Tensor.FromArray(x, [n]).ToElementType(type), Tensor.FromArray(y, [n]).ToElementType(type), Tensor.Scalar(s).ToElementType(type));
        Same(type, Apply(op, a, b), Reference(op, a, b, n, type, bothVectors: true));
        Same(type, Apply(op, a, scalar), Reference(op, a, scalar, n, type, bothVectors: false));
        Same(type, Apply(op, scalar, b), ReferenceScalarFirst(op, scalar, b, n, type));
    }

    private static Tensor Apply(string op, Tensor a, Tensor b) => op switch
    {
        "+" => a + b,
        "-" => a - b,
        "*" => a.Mul(b),
        _ => a.Div(b),
    };

    private static double[] Reference(string op, Tensor a, Tensor b, int n, ElementType type, bool bothVectors)
    {
        if (type == ElementType.Float32)
        {
            var (fa, fb, d) = (a.ToSingleArray(), b.ToSingleArray(), new float[n]);
            if (bothVectors)
                (op switch { "+" => (Action)(() => TensorPrimitives.Add(fa, fb, d)), "-" => () => TensorPrimitives.Subtract(fa, fb, d), "*" => () => TensorPrimitives.Multiply(fa, fb, d), _ => () => TensorPrimitives.Divide(fa, fb, d) })();
            else
                (op switch { "+" => (Action)(() => TensorPrimitives.Add(fa, fb[0], d)), "-" => () => TensorPrimitives.Subtract(fa, fb[0], d), "*" => () => TensorPrimitives.Multiply(fa, fb[0], d), _ => () => TensorPrimitives.Divide(fa, fb[0], d) })();
            return [.. d.Select(v => (double)v)];
        }
        var (da, db, dd) = (a.ToArray(), b.ToArray(), new double[n]);
        if (bothVectors)
            (op switch { "+" => (Action)(() => TensorPrimitives.Add(da, db, dd)), "-" => () => TensorPrimitives.Subtract(da, db, dd), "*" => () => TensorPrimitives.Multiply(da, db, dd), _ => () => TensorPrimitives.Divide(da, db, dd) })();
        else
            (op switch { "+" => (Action)(() => TensorPrimitives.Add(da, db[0], dd)), "-" => () => TensorPrimitives.Subtract(da, db[0], dd), "*" => () => TensorPrimitives.Multiply(da, db[0], dd), _ => () => TensorPrimitives.Divide(da, db[0], dd) })();
        return dd;
    }

    private static double[] ReferenceScalarFirst(string op, Tensor scalar, Tensor b, int n, ElementType type)
    {
        if (type == ElementType.Float32)
        {
            var (fb, d) = (b.ToSingleArray(), new float[n]);
            var s = scalar.ToSingleArray()[0];
            (op switch { "+" => (Action)(() => TensorPrimitives.Add(fb, s, d)), "-" => () => TensorPrimitives.Subtract(s, fb, d), "*" => () => TensorPrimitives.Multiply(fb, s, d), _ => () => TensorPrimitives.Divide(s, fb, d) })();
            return [.. d.Select(v => (double)v)];
        }
        var (db, dd, ds) = (b.ToArray(), new double[n], scalar.ToArray()[0]);
        (op switch { "+" => (Action)(() => TensorPrimitives.Add(db, ds, dd)), "-" => () => TensorPrimitives.Subtract(ds, db, dd), "*" => () => TensorPrimitives.Multiply(db, ds, dd), _ => () => TensorPrimitives.Divide(ds, db, dd) })();
        return dd;
    }

    private static void Same(ElementType type, Tensor result, double[] expected)
    {
        Assert.Equal(type, result.ElementType);
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), result.ToArray().Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Vector_and_Matrix_build_the_shapes_Of_builds_and_refuse_what_it_refuses()
    {
        Assert.Equal(Shape.Of(0), Shape.Vector(0));
        Assert.Equal(Shape.Of(7), Shape.Vector(7));
        Assert.Equal(Shape.Of(0, 3), Shape.Matrix(0, 3));
        Assert.Equal(Shape.Of(2, 5), Shape.Matrix(2, 5));
        foreach (var bad in new Func<Shape>[] { () => Shape.Vector(-1), () => Shape.Matrix(-1, 2), () => Shape.Matrix(2, -3), () => Shape.Matrix(1 << 20, 1 << 20) })
            Assert.Contains("shape (", Assert.Throws<ArgumentException>(() => bad()).Message);
        Assert.Contains("(2, -3)", Assert.Throws<ArgumentException>(() => Shape.Matrix(2, -3)).Message);
    }

    [Fact]
    public void Params_Of_an_array_copies_it_and_every_form_gives_the_same_collection()
    {
        var (w, b) = (new Param("W", Tensor.Zeros(2, 5)), new Param("b", Tensor.Zeros(2)));
        var items = new[] { w, b };
        var (fromArray, fromSequence, fromList) = (Params.Of(items), Params.Of((IEnumerable<Param>)items), Params.Of(new List<Param> { w, b }));
        items[0] = new Param("other", Tensor.Zeros(1));
        foreach (var ps in new[] { fromArray, fromSequence, fromList })
            Assert.Equal(["W", "b"], ps.Select(p => p.Name));
        Assert.Throws<ArgumentNullException>(() => Params.Of((Param[])null!));
        Assert.Contains("item 1 is null", Assert.Throws<ArgumentNullException>(() => Params.Of(w, null!)).Message);
    }
}
