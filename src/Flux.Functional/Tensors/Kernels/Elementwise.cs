namespace Flux.Kernels;

/// <summary>A scalar function resolved at compile time, so a loop over it has no per-element call.</summary>
internal interface IUnaryFn { static abstract double Apply(double x); }

/// <summary>A scalar function of two arguments resolved at compile time.</summary>
internal interface IBinaryFn { static abstract double Apply(double x, double y); }

/// <summary>A scalar function of three arguments resolved at compile time.</summary>
internal interface ITernaryFn { static abstract double Apply(double x, double y, double z); }

/// <summary>
/// Elementwise loops over same-shaped tensors, writing fresh arrays. Float32 operands are read and
/// written as floats, each element's function evaluated in double and rounded once.
/// </summary>
internal static class Elementwise
{
    public static Tensor Map<TFn>(Tensor x) where TFn : struct, IUnaryFn
    {
        if (x.Single is { } f)
        {
            var r = Fresh.SingleArray(f.Length);
            for (var i = 0; i < r.Length; i++) r[i] = (float)TFn.Apply(f[i]);
            return Tensor.Own(x.Shape, r);
        }
        var src = x.Span;
        var d = Fresh.Array(src.Length);
        for (var i = 0; i < d.Length; i++) d[i] = TFn.Apply(src[i]);
        return Tensor.Own(x.Shape, d);
    }

    public static Tensor Zip<TFn>(Tensor a, Tensor b) where TFn : struct, IBinaryFn
    {
        System.Diagnostics.Debug.Assert(a.Length == b.Length);
        if (a.Single is { } fa && b.Single is { } fb)
        {
            var r = Fresh.SingleArray(fa.Length);
            for (var i = 0; i < r.Length; i++) r[i] = (float)TFn.Apply(fa[i], fb[i]);
            return Tensor.Own(b.Shape, r);
        }
        ReadOnlySpan<double> x = a.Span, y = b.Span;
        var d = Fresh.Array(x.Length);
        for (var i = 0; i < d.Length; i++) d[i] = TFn.Apply(x[i], y[i]);
        return Tensor.Own(b.Shape, d, ElementTypes.Of("elementwise", a, b));
    }

    public static Tensor Zip<TFn>(Tensor a, Tensor b, Tensor c) where TFn : struct, ITernaryFn
    {
        System.Diagnostics.Debug.Assert(a.Length == b.Length && b.Length == c.Length);
        ReadOnlySpan<double> x = a.Span, y = b.Span, z = c.Span;
        var d = Fresh.Array(x.Length);
        for (var i = 0; i < d.Length; i++) d[i] = TFn.Apply(x[i], y[i], z[i]);
        return Tensor.Own(b.Shape, d, ElementTypes.Of("elementwise", [a, b, c]));
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
