using System.Diagnostics.Contracts;
using MathNet.Numerics.LinearAlgebra.Storage;

namespace Flux;

/// <summary>
/// An immutable dense tensor of <see cref="double"/> or <see cref="float"/> (its
/// <see cref="ElementType"/>): a scalar, a vector or a matrix, stored column-major (like Julia and
/// MathNet) in MathNet dense storage that is never handed out mutable. Every conversion from or
/// to arrays and MathNet types copies.
/// </summary>
/// <remarks>
/// Arithmetic on tensors (<c>+ - * /</c>) is eager and returns new tensors; the same operators on
/// <see cref="Expr"/>, <see cref="Param"/> or mixed operands trace instead, for
/// <see cref="Gradient.Of(Func{Expr}, Params)"/>. How element types combine is stated on
/// <see cref="Flux.ElementType"/>.
/// </remarks>
public sealed partial class Tensor : IEquatable<Tensor>
{
    // Exactly one of the two is set: the storage of a Float64 or of a Float32 tensor.
    private readonly DenseColumnMajorMatrixStorage<double>? _storage;
    private readonly DenseColumnMajorMatrixStorage<float>? _single;

    // A Float32 tensor's elements widened to double, made the first time a double-only kernel
    // reads them (Data, Span) and kept, since the elements never change.
    private double[]? _widened;

    // Takes ownership of data: only kernels that have just allocated it may call this.
    private Tensor(Shape shape, double[] data)
    {
        Shape = shape;
        // DenseMatrix binds the array without copying; its storage is what we keep.
        _storage = (DenseColumnMajorMatrixStorage<double>)new MathNet.Numerics.LinearAlgebra.Double.DenseMatrix(shape.Rows, shape.Cols, data).Storage;
    }

    private Tensor(Shape shape, float[] data)
    {
        Shape = shape;
        _single = (DenseColumnMajorMatrixStorage<float>)new MathNet.Numerics.LinearAlgebra.Single.DenseMatrix(shape.Rows, shape.Cols, data).Storage;
    }

    /// <summary>The shape: <c>()</c>, <c>(n,)</c> or <c>(r, c)</c>.</summary>
    public Shape Shape { get; }

    /// <summary>Rank: 0, 1 or 2.</summary>
    public int Rank => Shape.Rank;

    /// <summary>Number of elements.</summary>
    public int Length => Shape.Length;

    /// <summary>The element type: <see cref="ElementType.Float64"/> or <see cref="ElementType.Float32"/>.</summary>
    public ElementType ElementType => _single is null ? ElementType.Float64 : ElementType.Float32;

    /// <summary>
    /// The elements in column-major order as doubles, read-only. A Float64 tensor's own elements
    /// without a copy; a Float32 tensor's widened to double (exactly), computed once and kept.
    /// </summary>
    public ReadOnlySpan<double> Span => Data;

    /// <summary>The elements of a Float32 tensor in column-major order, read-only and without a copy.</summary>
    /// <exception cref="InvalidOperationException">The tensor is Float64.</exception>
    public ReadOnlySpan<float> SingleSpan => Single
        ?? throw new InvalidOperationException($"SingleSpan needs a Float32 tensor; this one ({Shape}) is Float64. Convert it with ToFloat32().");

    /// <summary>The backing doubles, for kernels inside the library; never exposed. A Float32 tensor's are widened (see <see cref="Span"/>).</summary>
    internal double[] Data => _storage?.Data ?? _widened ?? Widen();

    /// <summary>The backing floats of a Float32 tensor, for kernels inside the library; null for Float64.</summary>
    internal float[]? Single => _single?.Data;

    /// <summary>The backing array whichever the type: what the training fold tracks by identity.</summary>
    internal Array Buffer => (Array?)_storage?.Data ?? _single!.Data;

    /// <summary>How many Float32 tensors of at least 1,024 elements this thread has widened to double: a test's evidence that a hot path runs in float32.</summary>
    [ThreadStatic] internal static int LargeWideningCount;

    private double[] Widen()
    {
        var src = _single!.Data;
        var d = new double[src.Length];
        Convert(src, d);
        if (src.Length >= 1024) LargeWideningCount++;
        return _widened = d;
    }

    /// <summary>Wraps a freshly allocated array without copying; the caller must give up the array.</summary>
    internal static Tensor Own(Shape shape, double[] data)
    {
        System.Diagnostics.Debug.Assert(data.Length == shape.Length);
        return new Tensor(shape, data);
    }

    /// <summary>Wraps a freshly allocated float array without copying; the caller must give up the array.</summary>
    internal static Tensor Own(Shape shape, float[] data)
    {
        System.Diagnostics.Debug.Assert(data.Length == shape.Length);
        return new Tensor(shape, data);
    }

    /// <summary>The same elements seen under another shape of equal length (shares nothing: data is immutable).</summary>
    internal Tensor Reshape(Shape shape) => shape == Shape ? this : Single is { } f ? new Tensor(shape, f) : new Tensor(shape, Data);

    /// <summary>Element <paramref name="index"/> in column-major order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside [0, Length).</exception>
    public double this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Length)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be in [0, {Length}) for a tensor of shape {Shape}.");
            return Data[index];
        }
    }

    /// <summary>The element at (<paramref name="row"/>, <paramref name="col"/>); a vector has one column.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The row or column is out of range.</exception>
    public double this[int row, int col]
    {
        get
        {
            if ((uint)row >= (uint)Shape.Rows)
                throw new ArgumentOutOfRangeException(nameof(row), row, $"row must be in [0, {Shape.Rows}) for a tensor of shape {Shape}.");
            if ((uint)col >= (uint)Shape.Cols)
                throw new ArgumentOutOfRangeException(nameof(col), col, $"col must be in [0, {Shape.Cols}) for a tensor of shape {Shape}.");
            return Data[row + col * Shape.Rows];
        }
    }

    /// <summary>The single element of a scalar or one-element tensor.</summary>
    /// <exception cref="InvalidOperationException">The tensor has more or fewer than one element.</exception>
    [Pure]
    public double ToScalar() => Length == 1
        ? Data[0]
        : throw new InvalidOperationException($"ToScalar needs a tensor of one element; this one has shape {Shape}.");

    /// <summary>A column-major copy of the elements.</summary>
    [Pure]
    public double[] ToArray() => (double[])Data.Clone();

    /// <summary>A column-major copy of the elements as floats (a Float64 tensor's rounded to nearest).</summary>
    [Pure]
    public float[] ToSingleArray() => Single is { } f ? (float[])f.Clone() : ToFloat32().Single!;

    /// <summary>
    /// True when both tensors have the same shape, element type and elements bit for bit
    /// (so NaN equals a NaN of the same payload, and 0.0 differs from -0.0).
    /// </summary>
    public bool Equals(Tensor? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.Shape != Shape || other.ElementType != ElementType) return false;
        return Single is { } f
            ? System.Runtime.InteropServices.MemoryMarshal.AsBytes(f.AsSpan()).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(other.Single.AsSpan()))
            : System.Runtime.InteropServices.MemoryMarshal.AsBytes(Span).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(other.Span));
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Tensor t && Equals(t);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Shape);
        hash.Add(ElementType);
        if (Single is { } f) foreach (var x in f) hash.Add(BitConverter.SingleToInt32Bits(x));
        else foreach (var x in Span) hash.Add(BitConverter.DoubleToInt64Bits(x));
        return hash.ToHashCode();
    }

    /// <summary>
    /// True when the shapes are equal and every pair of elements satisfies
    /// <c>|a - b| ≤ absoluteTolerance + relativeTolerance·max(|a|, |b|)</c> (NumPy's <c>isclose</c>,
    /// symmetric). NaNs are never close; equal infinities are.
    /// </summary>
    [Pure]
    public bool AllClose(Tensor other, double relativeTolerance = 1e-9, double absoluteTolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Shape != Shape) return false;
        var a = Span;
        var b = other.Span;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] == b[i]) continue;
            var diff = Math.Abs(a[i] - b[i]);
            if (!(diff <= absoluteTolerance + relativeTolerance * Math.Max(Math.Abs(a[i]), Math.Abs(b[i]))))
                return false;
        }
        return true;
    }

    /// <summary>The largest absolute difference between corresponding elements.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    [Pure]
    public double MaxAbsDifference(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Shape != Shape)
            throw new ArgumentException($"MaxAbsDifference: shapes {Shape} and {other.Shape} differ.", nameof(other));
        var max = 0.0;
        for (var i = 0; i < Length; i++) max = Math.Max(max, Math.Abs(Data[i] - other.Data[i]));
        return max;
    }

    /// <summary>True when every element is finite (neither NaN nor ±∞).</summary>
    [Pure]
    public bool IsFinite() => Single is { } f ? Kernels.Finiteness.All<float>(f) : Kernels.Finiteness.All(Span);

    /// <summary>Exact equality, as <see cref="Equals(Tensor?)"/>.</summary>
    public static bool operator ==(Tensor? a, Tensor? b) => a is null ? b is null : a.Equals(b);

    /// <summary>Exact inequality.</summary>
    public static bool operator !=(Tensor? a, Tensor? b) => !(a == b);
}
