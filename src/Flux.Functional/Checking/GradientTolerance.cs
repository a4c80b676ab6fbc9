namespace Flux;

/// <summary>
/// How closely a traced gradient must agree with central differences, and the step they use: an
/// element passes when <c>|numeric − analytic| ≤ Absolute + Relative·max(|numeric|, |analytic|) + 8ε·max(|f(x + h)|, |f(x − h)|)/h</c>,
/// with the numeric derivative <c>(f(x + h) − f(x − h)) / 2h</c> at <c>h = Step·max(0.1, |x|)</c>
/// (relative to x, so that small probabilities, where <c>1/x</c> curves sharply, are not stepped over).
/// The last term is the rounding error of the difference quotient itself (ε the machine epsilon of
/// double, 2⁻⁵²): it matters only when a large loss is differenced at a small element.
/// </summary>
/// <param name="Relative">rtol: the allowed difference as a fraction of the larger magnitude.</param>
/// <param name="Absolute">atol: the allowed difference near zero.</param>
/// <param name="Step">The step h as a fraction of <c>max(0.1, |x|)</c>.</param>
public sealed record GradientTolerance(double Relative, double Absolute, double Step)
{
    /// <summary>
    /// For <see cref="double"/>: <c>rtol = 1e-6</c>, <c>atol = 1e-8</c>, <c>h = 1e-5·max(0.1, |x|)</c>. A central
    /// difference errs by about <c>h²·f‴/6 + ε·|f|/h</c>, near 1e-10 relative at this step, so a
    /// correct rule passes with margin and a wrong one (a dropped factor, a sign) fails by orders of magnitude.
    /// </summary>
    public static GradientTolerance Double { get; } = new(1e-6, 1e-8, 1e-5);

    /// <summary>The tolerance for elements of type <typeparamref name="T"/> (only <see cref="double"/> so far).</summary>
    /// <exception cref="NotSupportedException">No tolerance is stated for <typeparamref name="T"/>.</exception>
    public static GradientTolerance For<T>() => typeof(T) == typeof(double)
        ? Double
        : throw new NotSupportedException($"GradientTolerance: no tolerance is stated for elements of type {typeof(T).Name}; tensors hold double.");

    /// <summary>
    /// The difference allowed between <paramref name="numeric"/> and <paramref name="analytic"/>, when the
    /// loss, differenced at step <paramref name="step"/>, reached <paramref name="lossMagnitude"/> (the larger of <c>|f(x ± h)|</c>).
    /// </summary>
    public double Allowed(double numeric, double analytic, double lossMagnitude = 0, double step = 1) =>
        Absolute + Relative * Math.Max(Math.Abs(numeric), Math.Abs(analytic)) + 8 * MachineEpsilon * lossMagnitude / step;

    /// <summary>2⁻⁵², the spacing of doubles at 1.</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>The step h at <paramref name="x"/>.</summary>
    public double StepAt(double x) => Step * Math.Max(0.1, Math.Abs(x));

    /// <exception cref="ArgumentException">A field is not finite and positive.</exception>
    internal GradientTolerance Validated()
    {
        foreach (var (name, v) in new[] { (nameof(Relative), Relative), (nameof(Absolute), Absolute), (nameof(Step), Step) })
            if (!(double.IsFinite(v) && v > 0))
                throw new ArgumentException($"GradientTolerance: {name} must be finite and positive; got {v}.");
        return this;
    }

    /// <summary><c>rtol 1e-06, atol 1e-08, h 1e-05·max(0.1, |x|)</c>.</summary>
    public override string ToString() => $"rtol {Relative:G3}, atol {Absolute:G3}, h {Step:G3}·max(0.1, |x|)";
}
