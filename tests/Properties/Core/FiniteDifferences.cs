using Xunit;

namespace Flux.Tests.Properties.Core;

/// <summary>
/// The one helper that checks reverse-mode derivatives against central finite differences.
/// For a function <c>f</c> of tensors with a tensor output, it contracts the output with fixed
/// random weights <c>w</c> (so every output element matters) and compares, for each input
/// element, the gradient of <c>sum(w .* f(x))</c> with
/// <c>(L(x + h·e_i) − L(x − h·e_i)) / 2h</c>.
/// </summary>
public static class FiniteDifferences
{
    /// <summary>Checks <paramref name="f"/>'s gradient with respect to every one of <paramref name="inputs"/>.</summary>
    /// <returns>The largest error found, relative to max(1, |derivative|).</returns>
    public static double MaxError(Func<Expr[], Expr> f, Tensor[] inputs, double h = 1e-6, int weightSeed = 12345)
    {
        var ps = inputs.Select((x, i) => new Param($"x{i}", x)).ToArray();
        var output = f(ps.Select(p => (Expr)p).ToArray()).Value;
        var weights = Tensor.Uniform(weightSeed, 0.5, 1.5, output.Shape.Dims);

        double Loss(Tensor[] xs) => f(xs.Select(x => (Expr)x).ToArray()).Value.Mul(weights).Sum();

        var grads = Gradient.Of(() => Ops.Sum(Ops.Mul(f(ps.Select(p => (Expr)p).ToArray()), weights)), Params.Of(ps));
        var worst = 0.0;
        for (var k = 0; k < inputs.Length; k++)
        {
            var analytic = grads[ps[k]];
            Assert.Equal(inputs[k].Shape, analytic.Shape);
            for (var i = 0; i < inputs[k].Length; i++)
            {
                var plus = (Tensor[])inputs.Clone();
                var minus = (Tensor[])inputs.Clone();
                plus[k] = Nudge(inputs[k], i, h);
                minus[k] = Nudge(inputs[k], i, -h);
                var numeric = (Loss(plus) - Loss(minus)) / (2 * h);
                worst = Math.Max(worst, Math.Abs(numeric - analytic[i]) / Math.Max(1, Math.Abs(numeric)));
            }
        }
        return worst;
    }

    /// <summary>True when <see cref="MaxError"/> is within <paramref name="tolerance"/>.</summary>
    public static bool Agree(Func<Expr[], Expr> f, Tensor[] inputs, double tolerance = 1e-6) =>
        MaxError(f, inputs) <= tolerance;

    /// <summary>One-input form.</summary>
    public static bool Agree(Func<Expr, Expr> f, Tensor input, double tolerance = 1e-6) =>
        Agree(xs => f(xs[0]), [input], tolerance);

    private static Tensor Nudge(Tensor x, int index, double h)
    {
        var data = x.ToArray();
        data[index] += h;
        return Tensor.FromArray(data, x.Shape.Dims);
    }
}
