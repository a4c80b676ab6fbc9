using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// Checks traced gradients against central differences (ChainRulesTestUtils' <c>test_rrule</c>,
/// <c>torch.autograd.gradcheck</c>): for every element <c>xᵢ</c> of every parameter,
/// <c>∂L/∂xᵢ ≈ (L(x + hᵢ) − L(x − hᵢ)) / 2h</c>, within a <see cref="GradientTolerance"/>
/// (<see cref="GradientTolerance.Double"/>, or <see cref="GradientTolerance.Single"/> when a parameter is Float32, unless given). The result names the worst element with
/// its parameter, index, analytic and numeric values; <see cref="GradientCheckResult.ThrowIfFailed"/>
/// turns it into an assertion.
/// </summary>
/// <example>
/// <code>
/// GradientCheck.Check(() => Losses.Mse(model.Apply(x), y), model.Params()).ThrowIfFailed();
/// GradientCheck.Primitive(x => x.Softplus(), Tensor.Randn(new Seed(1), 5, 3));
/// GradientCheck.Rule(softsign, Tensor.Randn(new Seed(2), 9));
/// </code>
/// </example>
/// <remarks>
/// The loss is evaluated <c>2n + 1</c> times for n elements, so check small parameters. While a
/// check evaluates the loss, every parameter leaf of a parameter in <c>at</c> (same identity) takes
/// its value from <c>at</c>, moved by the step at the element under test; so a loss written as for
/// <see cref="Gradient.Of(Func{Expr}, Params)"/>, closing over its parameters, is checked as it is.
/// The substitution is scoped to the calling thread and to the check; nothing is changed. So the
/// loss must trace on the calling thread (a loss that traces on other threads is seen unmoved there,
/// and the check fails rather than passes), and read its parameters as traced operands, not through
/// <c>Param.Value</c> (a tensor read is a constant: neither the sweep nor the check sees it move).
/// </remarks>
public static class GradientCheck
{
    [ThreadStatic] private static Params? _point;

    /// <summary>The value a parameter leaf takes: the point under check when one is in scope, else the parameter's own.</summary>
    internal static Tensor Substituted(Param parameter)
    {
        var point = _point;
        if (point is null) return parameter.Value;
        var k = point.IndexOf(parameter.Id);
        return k >= 0 ? point[k].Value : parameter.Value;
    }

    /// <summary>
    /// Checks the gradient of the scalar <paramref name="loss"/> with respect to every parameter of
    /// <paramref name="at"/>, at the values <paramref name="at"/> holds (the parameters' own values
    /// when <paramref name="at"/> is the loss's own <c>Params</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The loss is not a scalar; the tolerance is not positive.</exception>
    [Pure]
    public static GradientCheckResult Check(Func<Expr> loss, Params at, GradientTolerance? tolerance = null, string subject = "loss")
    {
        ArgumentNullException.ThrowIfNull(loss);
        return Run(subject, _ => loss(), at, tolerance);
    }

    /// <summary>As <see cref="Check(Func{Expr}, Params, GradientTolerance?, string)"/>, for a loss written as a function of the parameters (<c>q => loss(q[W], q[b])</c>).</summary>
    [Pure]
    public static GradientCheckResult Check(Func<Params, Expr> loss, Params at, GradientTolerance? tolerance = null, string subject = "loss")
    {
        ArgumentNullException.ThrowIfNull(loss);
        return Run(subject, loss, at, tolerance);
    }

    /// <summary>
    /// Checks a primitive (or any function) of tensors with a tensor output at <paramref name="at"/>:
    /// its output is contracted with fixed random weights <c>w ∈ [0.5, 1.5)</c> drawn from
    /// <paramref name="weightSeed"/>, so every output element matters, and the gradient of
    /// <c>sum(w .* f(x₀, x₁, …))</c> with respect to every input is checked. Inputs are named x0, x1, ….
    /// </summary>
    /// <exception cref="ArgumentException">No inputs.</exception>
    [Pure]
    public static GradientCheckResult Primitive(Func<Expr[], Expr> f, Tensor[] at, GradientTolerance? tolerance = null, int weightSeed = 12345)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(at);
        if (at.Length == 0) throw new ArgumentException("GradientCheck.Primitive: at least one input is needed.", nameof(at));
        var ps = Params.Of(at.Select((x, i) => new Param($"x{i}", x ?? throw new ArgumentNullException(nameof(at), $"GradientCheck.Primitive: input {i} is null."))));
        Expr Apply(Params q) => f(q.Select(p => (Expr)p).ToArray()) ?? throw new InvalidOperationException("GradientCheck.Primitive: the function returned null.");
        var output = Apply(ps);
        var weights = Tensor.Uniform(new Seed(weightSeed), 0.5, 1.5, output.Shape.Dims).ToElementType(output.Value.ElementType);
        return Run(output.Op, q => Ops.Sum(Ops.Mul(Apply(q), weights)), ps, tolerance);
    }

    /// <summary>The one-input form of <see cref="Primitive(Func{Expr[], Expr}, Tensor[], GradientTolerance?, int)"/>.</summary>
    [Pure]
    public static GradientCheckResult Primitive(Func<Expr, Expr> f, Tensor at, GradientTolerance? tolerance = null, int weightSeed = 12345)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Primitive(xs => f(xs[0]), [at], tolerance, weightSeed);
    }

    /// <summary>
    /// Checks a scalar rule's pullback at <paramref name="at"/> (a custom rule is checked by this one
    /// call). An elementwise rule needs no weights: the loss is <c>sum(f.(x))</c>, so each element's
    /// analytic value in the report is the rule's derivative <c>f′(xᵢ)</c> itself.
    /// </summary>
    [Pure]
    public static GradientCheckResult Rule(ScalarRule rule, Tensor at, GradientTolerance? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(at);
        var x = new Param("x0", at);
        return Run(rule.Name, q => Ops.Sum(rule.Apply(q[x])), Params.Of(x), tolerance);
    }

    /// <summary>
    /// A random point for <see cref="Check(Func{Expr}, Params, GradientTolerance?, string)"/>: the same
    /// parameters (same identities), each with values <c>scale·N(0, 1)</c> drawn from <paramref name="seed"/>.
    /// </summary>
    [Pure]
    public static Params RandomPoint(Params ps, int seed, double scale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(ps);
        return ps.Select(p => p.With(Tensor.Randn(new Seed(unchecked(seed + ps.IndexOf(p.Id))), p.Shape.Dims) * scale));
    }

    private static GradientCheckResult Run(string subject, Func<Params, Expr> loss, Params at, GradientTolerance? tolerance)
    {
        ArgumentNullException.ThrowIfNull(at);
        var tol = (tolerance ?? GradientTolerance.For(at.All(p => p.ElementType == ElementType.Float64) ? ElementType.Float64 : ElementType.Float32)).Validated();
        var (value, grads) = At(at, () => Gradient.ValueAndGradient(() => loss(at), at));
        var mismatches = ImmutableArray.CreateBuilder<GradientElement>();
        GradientElement? worst = null;
        var count = 0;
        foreach (var p in at)
        {
            var g = grads[p];
            var x = p.Value.ToArray();
            for (var i = 0; i < x.Length; i++, count++)
            {
                var h = tol.StepAt(x[i]);
                double Moved(double v)
                {
                    var moved = (double[])x.Clone();
                    moved[i] = v;
                    var point = at.With(p.With(Tensor.FromArray(moved, p.Shape.Dims)));
                    return At(point, () => loss(point).Value.ToScalar());
                }
                double up = Moved(x[i] + h), down = Moved(x[i] - h);
                // A Float32 parameter moves to the nearest floats, not by exactly ±h: divide by the step taken.
                var numeric = p.ElementType == ElementType.Float32
                    ? (up - down) / ((double)(float)(x[i] + h) - (float)(x[i] - h))
                    : (up - down) / (2 * h);
                var element = new GradientElement(p, i, g[i], numeric, tol.Allowed(numeric, g[i], Math.Max(Math.Abs(up), Math.Abs(down)), h));
                if (!element.Agrees) mismatches.Add(element);
                if (worst is null || element.Excess > worst.Excess) worst = element;
            }
        }
        return new(subject, value, count, worst, mismatches.ToImmutable(), tol);
    }

    /// <summary>
    /// Runs <paramref name="evaluate"/> with every parameter leaf of a member of <paramref name="point"/>
    /// taking its value from <paramref name="point"/>, on this thread only; also how
    /// <see cref="LBFGS"/> evaluates a loss that closes over its parameters at its iterates.
    /// </summary>
    internal static T At<T>(Params point, Func<T> evaluate)
    {
        var outer = _point;
        _point = point;
        try { return evaluate(); }
        finally { _point = outer; }
    }
}
