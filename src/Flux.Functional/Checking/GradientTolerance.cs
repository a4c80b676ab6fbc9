namespace Flux;

/// <summary>
/// How closely a traced gradient must agree with central differences, and the step they use: an
/// element passes when <c>|numeric − analytic| ≤ Absolute + Relative·max(|numeric|, |analytic|) + 8ε·max(|f(x + h)|, |f(x − h)|)/h</c>,
/// with the numeric derivative <c>(f(x + h) − f(x − h)) / 2h</c> at <c>h = Step·max(0.1, |x|)</c>
/// (relative to x, so that small probabilities, where <c>1/x</c> curves sharply, are not stepped over).
/// The last term is the rounding error of the difference quotient itself (ε the machine epsilon of
/// the elements' type): it matters only when a large loss is differenced at a small element.
/// </summary>
/// <param name="Relative">rtol: the allowed difference as a fraction of the larger magnitude.</param>
/// <param name="Absolute">atol: the allowed difference near zero.</param>
/// <param name="Step">The step h as a fraction of <c>max(0.1, |x|)</c>.</param>
/// <param name="Epsilon">The machine epsilon ε of the elements' type: 2⁻⁵² for double, 2⁻²³ for float.</param>
public sealed record GradientTolerance(double Relative, double Absolute, double Step, double Epsilon = GradientTolerance.MachineEpsilon)
{
    /// <summary>
    /// For <see cref="double"/>: <c>rtol = 1e-6</c>, <c>atol = 1e-8</c>, <c>h = 1e-5·max(0.1, |x|)</c>. A central
    /// difference errs by about <c>h²·f‴/6 + ε·|f|/h</c>, near 1e-10 relative at this step, so a
    /// correct rule passes with margin and a wrong one (a dropped factor, a sign) fails by orders of magnitude.
    /// </summary>
    public static GradientTolerance Double { get; } = new(1e-6, 1e-8, 1e-5);

    /// <summary>
    /// For <see cref="float"/> (Float32 tensors): <c>rtol = 2e-3</c>, <c>atol = 1e-3</c>,
    /// <c>h = 1e-3·max(0.1, |x|)</c>, <c>ε = 2⁻²³</c>. The loss itself is rounded to float, so the difference
    /// quotient errs by about <c>ε·F/h</c>, F the size of the terms the loss adds up (which may cancel,
    /// so |f| understates it): for some 16 terms of size 1 at |x| ≈ 1 that is 1e-3, the atol. The last
    /// term of the test adds <c>ε·|f|/h</c> for large losses. The step is below ε^(1/3) ≈ 5e-3, keeping
    /// the truncation error (<c>h²·f‴/6</c>, near 1e-6) and steps across kinks small. JAX's check_grads
    /// allows 1e-2 for float32; a wrong derivative (a dropped factor, a sign) still misses by far more,
    /// and the same checks run in float64 at 1e-6.
    /// </summary>
    public static GradientTolerance Single { get; } = new(2e-3, 1e-3, 1e-3, SingleEpsilon);

    /// <summary>The machine epsilon of <see cref="float"/>, 2⁻²³.</summary>
    public const double SingleEpsilon = 1.1920928955078125e-7;

    /// <summary>The tolerance for elements of type <typeparamref name="T"/>: <see cref="double"/> or <see cref="float"/>.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither.</exception>
    public static GradientTolerance For<T>() => typeof(T) == typeof(double) ? Double
        : typeof(T) == typeof(float) ? Single
        : throw new NotSupportedException($"GradientTolerance: no tolerance is stated for elements of type {typeof(T).Name}; tensors hold double or float.");

    /// <summary>The tolerance for tensors of element type <paramref name="type"/>: <see cref="Double"/> or <see cref="Single"/>.</summary>
    public static GradientTolerance For(ElementType type) => type == ElementType.Float32 ? Single : Double;

    /// <summary>
    /// The difference allowed between <paramref name="numeric"/> and <paramref name="analytic"/>, when the
    /// loss, differenced at step <paramref name="step"/>, reached <paramref name="lossMagnitude"/> (the larger of <c>|f(x ± h)|</c>).
    /// </summary>
    public double Allowed(double numeric, double analytic, double lossMagnitude = 0, double step = 1) =>
        Absolute + Relative * Math.Max(Math.Abs(numeric), Math.Abs(analytic)) + 8 * Epsilon * lossMagnitude / step;

    /// <summary>2⁻⁵², the spacing of doubles at 1.</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>The step h at <paramref name="x"/>.</summary>
    public double StepAt(double x) => Step * Math.Max(0.1, Math.Abs(x));

    /// <exception cref="ArgumentException">A field is not finite and positive.</exception>
    internal GradientTolerance Validated()
    {
        foreach (var (name, v) in new[] { (nameof(Relative), Relative), (nameof(Absolute), Absolute), (nameof(Step), Step), (nameof(Epsilon), Epsilon) })
            if (!(double.IsFinite(v) && v > 0))
                throw new ArgumentException($"GradientTolerance: {name} must be finite and positive; got {v}.");
        return this;
    }

    /// <summary><c>rtol 1e-06, atol 1e-08, h 1e-05·max(0.1, |x|)</c>.</summary>
    public override string ToString() => $"rtol {Relative:G3}, atol {Absolute:G3}, h {Step:G3}·max(0.1, |x|)";
}
