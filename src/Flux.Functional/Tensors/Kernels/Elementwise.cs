namespace Flux.Kernels;

/// <summary>A scalar function resolved at compile time, so a loop over it has no per-element call.</summary>
internal interface IUnaryFn { static abstract double Apply(double x); }

/// <summary>A scalar function of two arguments resolved at compile time.</summary>
internal interface IBinaryFn { static abstract double Apply(double x, double y); }

/// <summary>A scalar function with a vector form that gives the same bits lane by lane, so its loops run on whole vectors.</summary>
internal interface IVectorUnaryFn : IUnaryFn
{
    static abstract Vector256<double> Apply(Vector256<double> x);
    static abstract Vector256<float> Apply(Vector256<float> x);
}

/// <summary>A function of two arguments with a vector form that gives the same bits lane by lane.</summary>
internal interface IVectorBinaryFn : IBinaryFn
{
    static abstract Vector256<double> Apply(Vector256<double> x, Vector256<double> y);
    static abstract Vector256<float> Apply(Vector256<float> x, Vector256<float> y);
}

/// <summary>A scalar function of three arguments resolved at compile time.</summary>
internal interface ITernaryFn { static abstract double Apply(double x, double y, double z); }

/// <summary>A function of one element that carries parameters (a bound, a slope), evaluated in double.</summary>
internal interface IUnaryParameterFn { double Apply(double x); }

/// <summary>A function of two elements that carries parameters, evaluated in double.</summary>
internal interface IBinaryParameterFn { double Apply(double x, double y); }

/// <summary>
/// Elementwise loops over same-shaped tensors, writing fresh arrays. Float32 operands are read and
/// written as floats, each element's function evaluated in double and rounded once.
/// </summary>
internal static class Elementwise
{
    public static Tensor Map<TFn>(Tensor x) where TFn : struct, IUnaryFn => Map(x, default(Static<TFn>));

    public static Tensor Zip<TFn>(Tensor a, Tensor b) where TFn : struct, IBinaryFn => Zip(a, b, default(Static2<TFn>));

    // A static function seen as a parameterised one, so one loop serves both (the JIT inlines the call).
    private readonly struct Static<TFn> : IUnaryParameterFn where TFn : struct, IUnaryFn { public double Apply(double x) => TFn.Apply(x); }
    private readonly struct Static2<TFn> : IBinaryParameterFn where TFn : struct, IBinaryFn { public double Apply(double x, double y) => TFn.Apply(x, y); }

    public static Tensor Zip<TFn>(Tensor a, Tensor b, Tensor c) where TFn : struct, ITernaryFn
    {
        System.Diagnostics.Debug.Assert(a.Length == b.Length && b.Length == c.Length);
        if (a.Single is { } fa && b.Single is { } fb && c.Single is { } fc)
        {
            var r = Fresh.SingleArray(fa.Length);
            for (var i = 0; i < r.Length; i++) r[i] = (float)TFn.Apply(fa[i], fb[i], fc[i]);
            return Tensor.Own(b.Shape, r);
        }
        ReadOnlySpan<double> x = a.Span, y = b.Span, z = c.Span;
        var d = Fresh.Array(x.Length);
        for (var i = 0; i < d.Length; i++) d[i] = TFn.Apply(x[i], y[i], z[i]);
        return Tensor.Own(b.Shape, d, ElementTypes.Of("elementwise", [a, b, c]));
    }

    /// <summary><see cref="Map{TFn}(Tensor)"/> with a function that carries parameters.</summary>
    public static Tensor Map<TOp>(Tensor x, TOp op) where TOp : struct, IUnaryParameterFn
    {
        if (x.Single is { } f)
        {
            var r = Fresh.SingleArray(f.Length);
            for (var i = 0; i < r.Length; i++) r[i] = (float)op.Apply(f[i]);
            return Tensor.Own(x.Shape, r);
        }
        var src = x.Span;
        var d = Fresh.Array(src.Length);
        for (var i = 0; i < d.Length; i++) d[i] = op.Apply(src[i]);
        return Tensor.Own(x.Shape, d);
    }

    /// <summary><see cref="Zip{TFn}(Tensor, Tensor)"/> with a function that carries parameters.</summary>
    public static Tensor Zip<TOp>(Tensor a, Tensor b, TOp op) where TOp : struct, IBinaryParameterFn
    {
        System.Diagnostics.Debug.Assert(a.Length == b.Length);
        if (a.Single is { } fa && b.Single is { } fb)
        {
            var r = Fresh.SingleArray(fa.Length);
            for (var i = 0; i < r.Length; i++) r[i] = (float)op.Apply(fa[i], fb[i]);
            return Tensor.Own(b.Shape, r);
        }
        ReadOnlySpan<double> x = a.Span, y = b.Span;
        var d = Fresh.Array(x.Length);
        for (var i = 0; i < d.Length; i++) d[i] = op.Apply(x[i], y[i]);
        return Tensor.Own(b.Shape, d, ElementTypes.Of("elementwise", a, b));
    }

    /// <summary><see cref="Map{TFn}(Tensor)"/> on whole vectors, the remainder element by element: the same bits, without a branch per element.</summary>
    public static Tensor MapVectorised<TFn>(Tensor x) where TFn : struct, IVectorUnaryFn
    {
        if (x.Single is { } f)
        {
            var r = Fresh.SingleArray(f.Length);
            var i = 0;
            if (Vector256.IsHardwareAccelerated)
                for (; i <= f.Length - 8; i += 8) TFn.Apply(Vector256.Create(f.AsSpan(i, 8))).CopyTo(r.AsSpan(i, 8));
            for (; i < f.Length; i++) r[i] = (float)TFn.Apply(f[i]);
            return Tensor.Own(x.Shape, r);
        }
        var src = x.Data;
        var d = Fresh.Array(src.Length);
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; j <= src.Length - 4; j += 4) TFn.Apply(Vector256.Create(src.AsSpan(j, 4))).CopyTo(d.AsSpan(j, 4));
        for (; j < src.Length; j++) d[j] = TFn.Apply(src[j]);
        return Tensor.Own(x.Shape, d);
    }

    /// <summary><see cref="Zip{TFn}(Tensor, Tensor)"/> on whole vectors where both operands have the same type.</summary>
    public static Tensor ZipVectorised<TFn>(Tensor a, Tensor b) where TFn : struct, IVectorBinaryFn
    {
        System.Diagnostics.Debug.Assert(a.Length == b.Length);
        if (a.ElementType != b.ElementType) return Zip<TFn>(a, b);
        if (a.Single is { } fa)
        {
            var fb = b.Single!;
            var r = Fresh.SingleArray(fa.Length);
            var i = 0;
            if (Vector256.IsHardwareAccelerated)
                for (; i <= fa.Length - 8; i += 8) TFn.Apply(Vector256.Create(fa.AsSpan(i, 8)), Vector256.Create(fb.AsSpan(i, 8))).CopyTo(r.AsSpan(i, 8));
            for (; i < fa.Length; i++) r[i] = (float)TFn.Apply(fa[i], fb[i]);
            return Tensor.Own(b.Shape, r);
        }
        double[] x = a.Data, y = b.Data;
        var d = Fresh.Array(x.Length);
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; j <= x.Length - 4; j += 4) TFn.Apply(Vector256.Create(x.AsSpan(j, 4)), Vector256.Create(y.AsSpan(j, 4))).CopyTo(d.AsSpan(j, 4));
        for (; j < x.Length; j++) d[j] = TFn.Apply(x[j], y[j]);
        return Tensor.Own(b.Shape, d);
    }

    /// <summary>A tensor of <paramref name="target"/>'s shape made by broadcasting <paramref name="x"/> (the inverse of <see cref="Broadcast.ReduceTo"/>).</summary>
    public static Tensor BroadcastTo(Tensor x, Shape target)
    {
        if (x.Shape == target) return x;
        if (x.Length == target.Length) return x.Reshape(target);
        if (x.Single is { } f) return Tensor.Own(target, Stretch(f, x.Shape, target, Fresh.SingleArray(target.Length)));
        return Tensor.Own(target, Stretch(x.Data, x.Shape, target, Fresh.Array(target.Length)));
    }

    private static T[] Stretch<T>(T[] x, Shape from, Shape target, T[] d)
    {
        int rows = target.Rows, xr = from.Rows;
        for (var j = 0; j < target.Cols; j++)
        {
            var src = x.AsSpan((from.Cols == 1 ? 0 : j) * xr, xr);
            var dst = d.AsSpan(j * rows, rows);
            if (xr == rows) src.CopyTo(dst); else dst.Fill(src[0]);
        }
        return d;
    }
}
