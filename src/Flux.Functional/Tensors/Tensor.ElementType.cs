using System.Diagnostics.Contracts;
using System.Numerics.Tensors;

namespace Flux;

// Conversions between the element types, and the factories that make float32 data.
public sealed partial class Tensor
{
    /// <summary>
    /// This tensor in float32 (Flux's <c>f32</c>): the same tensor when it is Float32 already,
    /// else a copy with every element rounded to the nearest float (ties to even; beyond the float
    /// range it becomes ±∞).
    /// </summary>
    [Pure]
    public Tensor ToFloat32()
    {
        if (Single is not null) return this;
        var d = Fresh.SingleArray(Length);
        Convert(Data, d);
        return new Tensor(Shape, d);
    }

    /// <summary>This tensor in float64 (Flux's <c>f64</c>): the same tensor when it is Float64 already, else an exact widening.</summary>
    [Pure]
    public Tensor ToFloat64()
    {
        if (Single is not { } f) return this;
        var d = Fresh.Array(Length);
        Convert(f, d);
        return new Tensor(Shape, d);
    }

    /// <summary>This tensor in element type <paramref name="type"/>: <see cref="ToFloat32"/> or <see cref="ToFloat64"/>.</summary>
    [Pure]
    public Tensor ToElementType(ElementType type) => type == ElementType.Float32 ? ToFloat32() : ToFloat64();

    /// <summary>A vector holding a copy of <paramref name="values"/>, in float32.</summary>
    /// <remarks>Not an overload of <c>FromArray</c>: C# prefers <c>float[]</c> for integer literals, so <c>FromArray([1, 2])</c> would silently make float32.</remarks>
    [Pure]
    public static Tensor FromSingleArray(float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new Tensor(Shape.Vector(values.Length), (float[])values.Clone());
    }

    /// <summary>A float32 tensor of the given shape holding a copy of <paramref name="columnMajor"/>.</summary>
    /// <exception cref="ArgumentException">The number of values does not fill the shape.</exception>
    [Pure]
    public static Tensor FromSingleArray(float[] columnMajor, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(columnMajor);
        var s = Shape.Of(shape);
        if (columnMajor.Length != s.Length)
            throw new ArgumentException($"FromSingleArray: {columnMajor.Length} values cannot fill shape {s}, which holds {s.Length}.", nameof(columnMajor));
        return new Tensor(s, (float[])columnMajor.Clone());
    }

    /// <summary>A tensor of zeros of the given shape and element type.</summary>
    [Pure]
    public static Tensor Zeros(Shape shape, ElementType type) =>
        type == ElementType.Float32 ? new(shape, Fresh.ZeroedSingle(shape.Length)) : Zeros(shape);

    /// <summary>A tensor of the given shape and element type with every element <paramref name="value"/> (rounded to float32 for Float32).</summary>
    [Pure]
    public static Tensor Fill(double value, Shape shape, ElementType type)
    {
        if (type == ElementType.Float64) return Fill(value, shape);
        var data = Fresh.SingleArray(shape.Length);
        data.AsSpan().Fill((float)value);
        return new Tensor(shape, data);
    }

    /// <summary>A copy that shares no array with this tensor, of the same shape and element type.</summary>
    internal Tensor Copy() => Single is { } f ? new Tensor(Shape, (float[])f.Clone()) : new Tensor(Shape, (double[])Data.Clone());

    /// <summary>A zero tensor of the same shape and element type.</summary>
    [Pure]
    internal Tensor ZerosLike() => Zeros(Shape, ElementType);

    /// <summary>A tensor of the element type <paramref name="type"/> whose elements are those of <paramref name="data"/> (rounded once for Float32).</summary>
    internal static Tensor Own(Shape shape, double[] data, ElementType type)
    {
        var t = Own(shape, data);
        return type == ElementType.Float32 ? t.ToFloat32() : t;
    }

    /// <summary>Wraps a fresh double or float array without copying, as <see cref="Own(Shape, double[])"/>.</summary>
    internal static Tensor Own(Shape shape, Array data) => data is float[] f ? Own(shape, f) : Own(shape, (double[])data);

    /// <summary>Rounds each double to the nearest float.</summary>
    internal static void Convert(ReadOnlySpan<double> source, Span<float> destination)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i <= source.Length - 8; i += 8)
                Vector256.Narrow(Vector256.Create(source.Slice(i, 4)), Vector256.Create(source.Slice(i + 4, 4))).CopyTo(destination.Slice(i, 8));
        for (; i < source.Length; i++) destination[i] = (float)source[i];
    }

    /// <summary>Widens each float to a double (exact).</summary>
    internal static void Convert(ReadOnlySpan<float> source, Span<double> destination)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i <= source.Length - 8; i += 8)
            {
                var (lower, upper) = Vector256.Widen(Vector256.Create(source.Slice(i, 8)));
                lower.CopyTo(destination.Slice(i, 4));
                upper.CopyTo(destination.Slice(i + 4, 4));
            }
        for (; i < source.Length; i++) destination[i] = source[i];
    }
}
