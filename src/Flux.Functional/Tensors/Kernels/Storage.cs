namespace Flux.Kernels;

/// <summary>
/// Reading, writing and copying a tensor's elements in its own element type, for the kernels that
/// move values rather than compute them (slicing, padding, concatenation, extrema): a Float32
/// tensor is read as floats, never widened, and a value written into a float array is rounded once.
/// </summary>
internal static class Storage
{
    /// <summary>A fresh array of <paramref name="n"/> elements of <paramref name="type"/> whose every element the caller writes.</summary>
    public static Array Uninitialised(ElementType type, int n) => type == ElementType.Float32 ? Fresh.SingleArray(n) : Fresh.Array(n);

    /// <summary>A new array of <paramref name="n"/> zeros of <paramref name="type"/>, never from the fold's pool.</summary>
    public static Array Zeros(ElementType type, int n) => type == ElementType.Float32 ? new float[n] : new double[n];

    /// <summary>Element <paramref name="i"/> (column-major) of <paramref name="x"/>, exactly, as a double.</summary>
    public static double At(Tensor x, int i) => x.Single is { } f ? f[i] : x.Data[i];

    /// <summary>Writes <paramref name="value"/> at <paramref name="i"/>, rounded to float where the array holds floats.</summary>
    public static void Set(Array to, int i, double value)
    {
        if (to is float[] f) f[i] = (float)value;
        else ((double[])to)[i] = value;
    }

    /// <summary>
    /// Copies <paramref name="count"/> elements of <paramref name="from"/> starting at
    /// <paramref name="start"/> into <paramref name="to"/> at <paramref name="at"/>: a block copy where
    /// the types agree, else element by element (float to double exactly, double to float rounded,
    /// as a Float64 scalar joining Float32 operands is).
    /// </summary>
    public static void Copy(Tensor from, int start, Array to, int at, int count)
    {
        switch (to)
        {
            case float[] f when from.Single is { } s:
                s.AsSpan(start, count).CopyTo(f.AsSpan(at, count));
                break;
            case float[] f:
                var wide = from.Data;
                for (var i = 0; i < count; i++) f[at + i] = (float)wide[start + i];
                break;
            case double[] d when from.Single is { } s:
                for (var i = 0; i < count; i++) d[at + i] = s[start + i];
                break;
            case double[] d:
                from.Span.Slice(start, count).CopyTo(d.AsSpan(at, count));
                break;
        }
    }
}
