namespace Flux;

/// <summary>
/// The minimiser of the cubic that interpolates two points of a line <c>φ(t) = f(x + t·d)</c> with
/// their values and slopes (PyTorch's <c>_cubic_interpolate</c>, after minFunc's <c>polyinterp</c>).
/// </summary>
/// <remarks>
/// With (t₁, φ₁, φ′₁) and (t₂, φ₂, φ′₂):
/// <c>d₁ = φ′₁ + φ′₂ − 3(φ₁ − φ₂)/(t₁ − t₂)</c>, <c>d₂ = √(d₁² − φ′₁φ′₂)</c>, and for t₁ ≤ t₂
/// <c>t* = t₂ − (t₂ − t₁)·(φ′₂ + d₂ − d₁)/(φ′₂ − φ′₁ + 2d₂)</c> (the same with the points swapped
/// otherwise), clamped to the bounds. When <c>d₁² &lt; φ′₁φ′₂</c> the cubic has no minimiser and the
/// midpoint of the bounds is returned. The arithmetic is in PyTorch's order, so the result agrees
/// with it bit for bit.
/// </remarks>
internal static class CubicInterpolation
{
    /// <summary>The clamped minimiser; the bounds default to the interval between the two points.</summary>
    public static double Minimiser(double t1, double f1, double g1, double t2, double f2, double g2, (double Low, double High)? bounds = null)
    {
        var (low, high) = bounds ?? (t1 <= t2 ? (t1, t2) : (t2, t1));
        var d1 = g1 + g2 - 3 * (f1 - f2) / (t1 - t2);
        var d2Square = d1 * d1 - g1 * g2;
        if (!(d2Square >= 0)) return (low + high) / 2.0;
        var d2 = Math.Sqrt(d2Square);
        var minimiser = t1 <= t2
            ? t2 - (t2 - t1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
            : t1 - (t1 - t2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
        return PyMin(PyMax(minimiser, low), high);
    }

    // Python's max(a, b) and min(a, b): the first argument unless the second compares strictly
    // greater (less), so a NaN first argument survives, as it does in PyTorch.
    internal static double PyMax(double a, double b) => b > a ? b : a;

    internal static double PyMin(double a, double b) => b < a ? b : a;
}
