using static Flux.Ops;

namespace Flux.Tests.Properties;

/// <summary>
/// The one helper that checks reverse-mode gradients against central differences,
/// <c>(f(x + h) − f(x − h)) / 2h</c> with <c>h = 1e-5·max(0.1, |x|)</c> (relative to x, so that
/// small probabilities, where 1/x curves sharply, are not stepped over), element by element.
/// Every primitive, layer, activation and loss is checked through it.
/// </summary>
internal static class FiniteDifferences
{
    /// <summary>
    /// Throws naming the parameter and element when <c>|fd − g| &gt; atol + rtol·max(|fd|, |g|)</c>
    /// for the traced gradient g of <paramref name="loss"/> at <paramref name="ps"/>.
    /// </summary>
    public static void Check(Func<Params, Expr> loss, Params ps, double relativeTolerance = 1e-6, double absoluteTolerance = 1e-8)
    {
        var grads = Gradient.Of(() => loss(ps), ps);
        foreach (var p in ps)
        {
            var g = grads[p];
            var x = p.Value.ToArray();
            for (var i = 0; i < x.Length; i++)
            {
                var h = 1e-5 * Math.Max(0.1, Math.Abs(x[i]));
                double At(double v)
                {
                    var moved = (double[])x.Clone();
                    moved[i] = v;
                    return loss(ps.With(p.With(Tensor.FromArray(moved, p.Shape.Dims)))).Value.ToScalar();
                }
                var fd = (At(x[i] + h) - At(x[i] - h)) / (2 * h);
                var tolerance = absoluteTolerance + relativeTolerance * Math.Max(Math.Abs(fd), Math.Abs(g[i]));
                if (!(Math.Abs(fd - g[i]) <= tolerance))
                    throw new Xunit.Sdk.XunitException($"∂/∂{p.Name}[{i}]: traced {g[i]:R}, finite difference {fd:R} (difference {Math.Abs(fd - g[i]):E2} > {tolerance:E2}).");
            }
        }
    }

    /// <summary>
    /// Checks a function of tensors with a tensor output: its output is contracted with fixed
    /// random weights <c>w</c>, so every output element matters, and the gradient of
    /// <c>sum(w .* f(x...))</c> with respect to every input is checked by <see cref="Check"/>.
    /// Returns true, or throws naming the input and element at fault.
    /// </summary>
    public static bool Agree(Func<Expr[], Expr> f, Tensor[] inputs, double tolerance = 1e-6, int weightSeed = 12345)
    {
        var ps = Params.Of(inputs.Select((x, i) => new Param($"x{i}", x)));
        var output = f(ps.Select(p => (Expr)p).ToArray()).Value;
        var weights = Tensor.Uniform(weightSeed, 0.5, 1.5, output.Shape.Dims);
        Check(current => Sum(Mul(f(current.Select(p => (Expr)p).ToArray()), weights)), ps, tolerance);
        return true;
    }

    /// <summary>The one-input form of <see cref="Agree(Func{Expr[], Expr}, Tensor[], double, int)"/>.</summary>
    public static bool Agree(Func<Expr, Expr> f, Tensor input, double tolerance = 1e-6) => Agree(xs => f(xs[0]), [input], tolerance);
}
