namespace Flux;

/// <summary>
/// The few vector operations of L-BFGS on flat vectors, each rounded as PyTorch 1.13 on x86-64
/// (AVX2, OpenBLAS) rounds it, so that the iterates can be compared with PyTorch's to rounding
/// rather than to the drift that rounding differences grow into over many iterations.
/// </summary>
/// <remarks>
/// Found by comparing with <c>torch.dot</c>, <c>Tensor.add_(other, alpha)</c> and <c>Tensor.sum</c>
/// on random float64 vectors: <c>x + α·y</c> is one fused multiply-add per element at every length;
/// a dot product sums into four accumulators by index mod 4 and adds them as (s₀ + s₂) + (s₁ + s₃),
/// which agrees bit for bit up to 6 elements (longer ones differ from PyTorch's by rounding only);
/// a sum of up to 4 elements is sequential.
/// </remarks>
internal static class FlatVector
{
    /// <summary><c>Σᵢ aᵢ·bᵢ</c>, in four accumulators by index mod 4, added as (s₀ + s₂) + (s₁ + s₃).</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Span<double> s = stackalloc double[4];
        s.Clear();
        for (var i = 0; i < a.Length; i++) s[i & 3] += a[i] * b[i];
        return (s[0] + s[2]) + (s[1] + s[3]);
    }

    /// <summary><c>maxᵢ |aᵢ|</c> (the ∞-norm); NaN when an element is NaN.</summary>
    public static double MaxAbs(ReadOnlySpan<double> a)
    {
        var max = 0.0;
        foreach (var v in a)
        {
            var m = Math.Abs(v);
            if (m > max || double.IsNaN(m)) max = m;
        }
        return max;
    }

    /// <summary><c>Σᵢ |aᵢ|</c> (the 1-norm).</summary>
    public static double SumAbs(ReadOnlySpan<double> a)
    {
        var sum = 0.0;
        foreach (var v in a) sum += Math.Abs(v);
        return sum;
    }

    /// <summary>A new vector <c>x + α·y</c>, each element one fused multiply-add.</summary>
    public static double[] AddScaled(ReadOnlySpan<double> x, double alpha, ReadOnlySpan<double> y)
    {
        var r = new double[x.Length];
        for (var i = 0; i < r.Length; i++) r[i] = Math.FusedMultiplyAdd(alpha, y[i], x[i]);
        return r;
    }

    /// <summary><c>x ← x + α·y</c> in place, each element one fused multiply-add; for vectors private to one computation.</summary>
    public static void AddScaledInPlace(Span<double> x, double alpha, ReadOnlySpan<double> y)
    {
        for (var i = 0; i < x.Length; i++) x[i] = Math.FusedMultiplyAdd(alpha, y[i], x[i]);
    }

    /// <summary>A new vector <c>α·x</c>.</summary>
    public static double[] Scale(double alpha, ReadOnlySpan<double> x)
    {
        var r = new double[x.Length];
        for (var i = 0; i < r.Length; i++) r[i] = x[i] * alpha;
        return r;
    }

    /// <summary>A new vector <c>a − b</c>.</summary>
    public static double[] Subtract(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var r = new double[a.Length];
        for (var i = 0; i < r.Length; i++) r[i] = a[i] - b[i];
        return r;
    }

    /// <summary>True when every element is finite.</summary>
    public static bool AllFinite(ReadOnlySpan<double> a)
    {
        foreach (var v in a)
            if (!double.IsFinite(v)) return false;
        return true;
    }
}
