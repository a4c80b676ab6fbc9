using System.Buffers;

namespace Flux;

/// <summary>
/// The fused passes of a dense layer (<see cref="Ops.Dense"/>): forward <c>y = σ.(z .+ b)</c> over a
/// fresh product <c>z = W·x</c> (rows × cols, column-major; <c>b</c> of length rows broadcast across
/// the columns), and backward <c>∂z = σ′ .* ∂y</c> with <c>∂b = Σⱼ ∂z[:, j]</c> in the same pass.
/// </summary>
/// <remarks>
/// Every element is computed as the unfused primitives compute it, so the results are theirs bit for
/// bit: <c>z .+ b</c> is one IEEE addition in the element type (Add); relu is <c>v &gt; 0 ? v : 0</c>;
/// leaky relu <c>v &gt; 0 ? v : α·v</c> with <c>α·v</c> in double, rounded once in float32; σ and tanh
/// run their rule's whole-tensor kernel over the whole length (<see cref="ScalarRule.Evaluate"/>: in
/// float32 over a widened copy, rounded once); softplus and every slope are the rules' own scalar
/// functions, evaluated in double and rounded once in float32. <c>∂b</c> is
/// <see cref="Broadcast.ReduceTo"/>'s sum: with more than one row and column, a double (float64) or
/// double-accumulated (float32) sum per row from +0 in column order, which is fused; with one column
/// <c>∂z</c> itself, with one row <c>ReduceTo</c>'s whole-length sum, which are left to it.
/// </remarks>
internal static class FusedDensePasses
{
    /// <summary>
    /// <c>y = σ.(z .+ b)</c> written over <paramref name="z"/>'s own array, which no one else may have
    /// seen; with <paramref name="keepPre"/> (only where <see cref="DenseActivation.ReadsPreActivation"/>), <c>z .+ b</c>
    /// is kept in <paramref name="z"/> and <c>y</c> written to a fresh array.
    /// </summary>
    public static Tensor Forward(Tensor z, Tensor b, DenseActivation activation, bool keepPre) => activation.Kind switch
    {
        DenseActivationKind.Identity => Pass(new AffineIdentity(), z, b, false),
        DenseActivationKind.Relu => Pass(new AffineRelu(), z, b, false),
        DenseActivationKind.LeakyRelu => Pass(new AffineLeakyRelu(activation.Alpha), z, b, keepPre),
        DenseActivationKind.Softplus => Pass(new AffineSoftplus(), z, b, keepPre),
        DenseActivationKind.Sigmoid => Mapped(ScalarRule.Sigmoid, z, b),
        DenseActivationKind.Tanh => Mapped(ScalarRule.Tanh, z, b),
        _ => throw new System.Diagnostics.UnreachableException($"FusedDensePasses: no fused form of {activation}."),
    };

    /// <summary>
    /// <c>∂z = σ′ .* ∂y</c> and <c>∂b</c>, of shape <paramref name="bias"/>: σ′ reads <paramref name="y"/>,
    /// or <paramref name="pre"/> (<c>z .+ b</c>) where <see cref="DenseActivation.ReadsPreActivation"/>. Relu's and leaky
    /// relu's (α ≥ 0) test <c>z &gt; 0</c> is read as <c>y &gt; 0</c>, which holds exactly where it does.
    /// With no activation, <c>∂z</c> is <paramref name="dy"/> itself.
    /// </summary>
    public static (Tensor Dz, Tensor Db) Backward(DenseActivation activation, Tensor y, Tensor? pre, Tensor dy, Shape bias) => activation.Kind switch
    {
        DenseActivationKind.Identity => Slopes(new AffineIdentity(), dy, dy, bias),
        DenseActivationKind.Relu => Slopes(new AffineRelu(), y, dy, bias),
        DenseActivationKind.LeakyRelu => Slopes(new AffineLeakyRelu(activation.Alpha), pre ?? y, dy, bias),
        DenseActivationKind.Sigmoid => Slopes(new AffineSlopeOf<ScalarRule.SigmoidSlope>(), y, dy, bias),
        DenseActivationKind.Tanh => Slopes(new AffineSlopeOf<ScalarRule.TanhSlope>(), y, dy, bias),
        DenseActivationKind.Softplus => Slopes(new AffineSoftplus(), pre!, dy, bias),
        _ => throw new System.Diagnostics.UnreachableException($"FusedDensePasses: no fused form of {activation}."),
    };

    private static Tensor Pass<TFn>(TFn fn, Tensor z, Tensor b, bool keepPre) where TFn : struct, IAffineFn
    {
        int rows = z.Shape.Rows, cols = z.Shape.Cols;
        if (z.Single is { } f)
        {
            var y = keepPre ? Fresh.SingleArray(f.Length) : f;
            for (var j = 0; j < cols; j++) Column(fn, f.AsSpan(j * rows, rows), b.Single!, y.AsSpan(j * rows, rows), keepPre);
            return keepPre ? Tensor.Own(z.Shape, y) : z;
        }
        var d = z.Data;
        var yd = keepPre ? Fresh.Array(d.Length) : d;
        for (var j = 0; j < cols; j++) Column(fn, d.AsSpan(j * rows, rows), b.Data, yd.AsSpan(j * rows, rows), keepPre);
        return keepPre ? Tensor.Own(z.Shape, yd) : z;
    }

    private static void Column<TFn>(TFn fn, Span<double> z, ReadOnlySpan<double> b, Span<double> y, bool keepPre) where TFn : struct, IAffineFn
    {
        var i = 0;
        if (TFn.Vectorised && Vector256.IsHardwareAccelerated)
            for (; i <= z.Length - 4; i += 4)
            {
                var v = Vector256.Create(z.Slice(i, 4)) + Vector256.Create(b.Slice(i, 4));
                if (keepPre) v.CopyTo(z.Slice(i, 4));
                fn.Forward(v).CopyTo(y.Slice(i, 4));
            }
        for (; i < z.Length; i++)
        {
            var v = z[i] + b[i];
            if (keepPre) z[i] = v;
            y[i] = fn.Forward(v);
        }
    }

    private static void Column<TFn>(TFn fn, Span<float> z, ReadOnlySpan<float> b, Span<float> y, bool keepPre) where TFn : struct, IAffineFn
    {
        var i = 0;
        if (TFn.Vectorised && Vector256.IsHardwareAccelerated)
            for (; i <= z.Length - 8; i += 8)
            {
                var v = Vector256.Create(z.Slice(i, 8)) + Vector256.Create(b.Slice(i, 8));
                if (keepPre) v.CopyTo(z.Slice(i, 8));
                fn.Forward(v).CopyTo(y.Slice(i, 8));
            }
        for (; i < z.Length; i++)
        {
            var v = z[i] + b[i];
            if (keepPre) z[i] = v;
            y[i] = fn.Forward(v);
        }
    }

    // σ and tanh: their rule's vectorised kernel over the whole length, as ScalarRule.Evaluate runs it
    // (its lanes and tail depend on the length alone), after the bias pass; float32 in double scratch.
    private static Tensor Mapped(ScalarRule rule, Tensor z, Tensor b)
    {
        if (z.Single is not { } f)
        {
            Pass(new AffineIdentity(), z, b, false);
            rule.Map(z.Data, z.Data);
            return z;
        }
        int rows = z.Shape.Rows, cols = z.Shape.Cols;
        var bias = b.Single!;
        var scratch = ArrayPool<double>.Shared.Rent(f.Length);
        try
        {
            var wide = scratch.AsSpan(0, f.Length);
            for (var j = 0; j < cols; j++) WidenSum(f.AsSpan(j * rows, rows), bias, wide.Slice(j * rows, rows));
            rule.Map(wide, wide);
            Tensor.Convert(wide, f);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
        return z;
    }

    // w = z + b, added in float and widened exactly to double.
    private static void WidenSum(ReadOnlySpan<float> z, ReadOnlySpan<float> b, Span<double> w)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i <= z.Length - 8; i += 8)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Create(z.Slice(i, 8)) + Vector256.Create(b.Slice(i, 8)));
                lo.CopyTo(w.Slice(i, 4));
                hi.CopyTo(w.Slice(i + 4, 4));
            }
        for (; i < z.Length; i++) w[i] = z[i] + b[i];
    }

    // One pass per column: ∂z written (unless σ is the identity) and, with more than one row and
    // column, added into one accumulator per row; otherwise ∂b is ReduceTo's.
    private static (Tensor Dz, Tensor Db) Slopes<TFn>(TFn fn, Tensor s, Tensor dy, Shape bias) where TFn : struct, IAffineFn
    {
        int rows = dy.Shape.Rows, cols = dy.Shape.Cols;
        var summed = rows > 1 && cols > 1;
        if (TFn.IsIdentity && !summed) return (dy, Broadcast.ReduceTo(dy, bias));
        Tensor dz;
        if (dy.Single is { } g)
        {
            var sf = s.Single!;
            var d = TFn.IsIdentity ? null : Fresh.SingleArray(g.Length);
            var acc = summed ? new double[rows] : null;
            for (var j = 0; j < cols; j++)
                Column(fn, sf.AsSpan(j * rows, rows), g.AsSpan(j * rows, rows), d is null ? default : d.AsSpan(j * rows, rows), acc);
            dz = d is null ? dy : Tensor.Own(dy.Shape, d);
            if (acc is null) return (dz, Broadcast.ReduceTo(dz, bias));
            var db = Fresh.SingleArray(rows);
            Tensor.Convert(acc, db);
            return (dz, Tensor.Own(bias, db));
        }
        double[] sd = s.Data, gd = dy.Data;
        var dd = TFn.IsIdentity ? null : Fresh.Array(gd.Length);
        var sums = summed ? Fresh.Zeroed(rows) : null;
        for (var j = 0; j < cols; j++)
            Column(fn, sd.AsSpan(j * rows, rows), gd.AsSpan(j * rows, rows), dd is null ? default : dd.AsSpan(j * rows, rows), sums);
        dz = dd is null ? dy : Tensor.Own(dy.Shape, dd);
        return (dz, sums is null ? Broadcast.ReduceTo(dz, bias) : Tensor.Own(bias, sums));
    }

    private static void Column<TFn>(TFn fn, ReadOnlySpan<double> s, ReadOnlySpan<double> dy, Span<double> dz, Span<double> acc) where TFn : struct, IAffineFn
    {
        var i = 0;
        if (TFn.Vectorised && Vector256.IsHardwareAccelerated)
            for (; i <= dy.Length - 4; i += 4)
            {
                var d = fn.Slope(Vector256.Create(s.Slice(i, 4)), Vector256.Create(dy.Slice(i, 4)));
                if (!dz.IsEmpty) d.CopyTo(dz.Slice(i, 4));
                if (!acc.IsEmpty) (Vector256.Create(acc.Slice(i, 4)) + d).CopyTo(acc.Slice(i, 4));
            }
        for (; i < dy.Length; i++)
        {
            var d = fn.Slope(s[i], dy[i]);
            if (!dz.IsEmpty) dz[i] = d;
            if (!acc.IsEmpty) acc[i] += d;
        }
    }

    private static void Column<TFn>(TFn fn, ReadOnlySpan<float> s, ReadOnlySpan<float> dy, Span<float> dz, Span<double> acc) where TFn : struct, IAffineFn
    {
        var i = 0;
        if (TFn.Vectorised && Vector256.IsHardwareAccelerated)
            for (; i <= dy.Length - 8; i += 8)
            {
                var d = fn.Slope(Vector256.Create(s.Slice(i, 8)), Vector256.Create(dy.Slice(i, 8)));
                if (!dz.IsEmpty) d.CopyTo(dz.Slice(i, 8));
                if (acc.IsEmpty) continue;
                var (lo, hi) = Vector256.Widen(d);
                (Vector256.Create(acc.Slice(i, 4)) + lo).CopyTo(acc.Slice(i, 4));
                (Vector256.Create(acc.Slice(i + 4, 4)) + hi).CopyTo(acc.Slice(i + 4, 4));
            }
        for (; i < dy.Length; i++)
        {
            var d = fn.Slope(s[i], dy[i]);
            if (!dz.IsEmpty) dz[i] = d;
            if (!acc.IsEmpty) acc[i] += d;
        }
    }
}
