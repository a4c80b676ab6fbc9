using FsCheck.Xunit;
using Flux.Tests.Optimisation;
using Xunit;

namespace Flux.Tests.Solvers;

/// <summary>
/// Closed forms and laws of L-BFGS and its parts: a strictly convex quadratic is minimised to its
/// exact minimiser; the loss never rises from one iterate to the next (every accepted step has
/// sufficient decrease); the two-loop recursion equals the explicit BFGS inverse-Hessian product; the
/// cubic interpolation finds the minimiser of a cubic; the line search's step on a convex quadratic
/// satisfies both strong Wolfe conditions.
/// </summary>
public class LbfgsProperties
{
    /// <summary>½ (x − c)ᵀ A (x − c) with A = M Mᵀ + n I (symmetric positive definite), its minimiser c and a start.</summary>
    private static (Params Ps, Func<Params, Expr> Loss, double[] C) Quadratic(Draw d, int n)
    {
        var m = d.Values(n * n, () => d.Uniform(-1, 1));
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                var sum = i == j ? n : 0.0;
                for (var k = 0; k < n; k++) sum += m[k * n + i] * m[k * n + j];
                a[j * n + i] = sum;
            }
        var matrix = Tensor.FromArray(a, n, n);
        var c = d.Values(n, () => d.Uniform(-5, 5));
        var target = Tensor.FromArray(c, n);
        var x = new Param("x", Tensor.FromArray(d.Values(n, () => d.Uniform(-5, 5)), n));
        return (Params.Of(x), q =>
        {
            var r = q[x] - (Expr)target;
            return 0.5 * Ops.Sum(Ops.Mul(r, matrix * r));
        }, c);
    }

    private static (Params, Func<Params, Expr>) WithoutMinimiser((Params Ps, Func<Params, Expr> Loss, double[] C) q) => (q.Ps, q.Loss);

    [Property(MaxTest = 60)]
    public void A_convex_quadratic_is_minimised_to_its_exact_minimiser(int seed)
    {
        var d = new Draw(seed);
        var n = d.Int(1, 6);
        var (ps, loss, c) = Quadratic(d, n);
        var options = new LbfgsOptions { MaxIterations = 500, MaxEvaluations = 2000, ToleranceGrad = 1e-11, ToleranceChange = 1e-16, HistorySize = d.Int(1, 10) };
        var result = LBFGS.Minimise(loss, ps, options);
        Assert.True(result.Stop.Converged, $"n = {n}: {result}");
        var x = result.Params[0].Value.ToArray();
        for (var i = 0; i < n; i++)
            Compare.Close(c[i], x[i], 1, 1e-7, $"n = {n}, element {i} after {result.Iterations} iterations ({result.Stop})");
    }

    [Property(MaxTest = 60)]
    public void The_loss_never_rises_from_one_iterate_to_the_next(int seed)
    {
        var d = new Draw(seed);
        var (ps, loss) = d.Coin() ? TorchCase.Rosenbrock(d.Uniform(-2, 2), d.Uniform(-1, 3)) : WithoutMinimiser(Quadratic(d, d.Int(1, 5)));
        var options = new LbfgsOptions { MaxIterations = d.Int(1, 60), HistorySize = d.Int(1, 8), LearningRate = d.Uniform(0.1, 2) };
        var result = LBFGS.Minimise(loss, ps, options);
        Assert.Equal(result.Iterations + 1, result.Losses.Length);
        for (var k = 1; k < result.Losses.Length; k++)
            Assert.True(result.Losses[k] <= result.Losses[k - 1], $"loss rose at iteration {k}: {result.Losses[k - 1]:R} to {result.Losses[k]:R}");
    }

    [Property(MaxTest = 100)]
    public void The_two_loop_recursion_is_the_BFGS_inverse_Hessian_product(int seed)
    {
        var d = new Draw(seed);
        var (n, m, capacity) = (d.Int(1, 6), d.Int(0, 8), d.Int(1, 5));
        var history = CurvatureHistory.Empty(capacity);
        var kept = new List<(double[] S, double[] Y)>();
        for (var k = 0; k < m; k++)
        {
            var s = d.Values(n, () => d.Uniform(-1, 1));
            // y = B s for a positive definite diagonal B, so yᵀs > 0 and the pair is kept.
            var y = s.Select(v => v * d.Uniform(0.5, 3)).ToArray();
            history = history.Push(s, y);
            kept.Add((s, y));
        }
        var pairs = kept.TakeLast(capacity).ToList();
        Assert.Equal(pairs.Count, history.Count);
        var g = d.Values(n, () => d.Uniform(-2, 2));

        // H₀ = γI with γ = sᵀy/yᵀy of the newest pair, then Hₖ₊₁ = (I − ρsyᵀ) Hₖ (I − ρysᵀ) + ρssᵀ.
        var gamma = pairs.Count == 0 ? 1.0 : Dot(pairs[^1].S, pairs[^1].Y) / Dot(pairs[^1].Y, pairs[^1].Y);
        var h = new double[n, n];
        for (var i = 0; i < n; i++) h[i, i] = gamma;
        foreach (var (s, y) in pairs)
        {
            var rho = 1 / Dot(y, s);
            var left = new double[n, n];
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++) left[i, j] = (i == j ? 1 : 0) - rho * s[i] * y[j];
            var next = new double[n, n];
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++)
                {
                    var sum = 0.0;
                    for (var k = 0; k < n; k++)
                        for (var l = 0; l < n; l++) sum += left[i, k] * h[k, l] * left[j, l];
                    next[i, j] = sum + rho * s[i] * s[j];
                }
            h = next;
        }
        var direction = history.Direction(g);
        for (var i = 0; i < n; i++)
        {
            var expected = 0.0;
            for (var j = 0; j < n; j++) expected -= h[i, j] * g[j];
            Compare.Close(expected, direction[i], g.Max(Math.Abs) * Math.Abs(h[i, i]) + 1e-12, 1e-9, $"element {i} of −Hg (n = {n}, {pairs.Count} pairs)");
        }
    }

    [Property(MaxTest = 100)]
    public void A_pair_without_positive_curvature_is_not_kept(int seed)
    {
        var d = new Draw(seed);
        var s = d.Values(3, () => d.Uniform(-1, 1));
        var y = s.Select(v => -v * d.Uniform(0.1, 2)).ToArray(); // yᵀs < 0
        var history = CurvatureHistory.Empty(5).Push(s, y);
        Assert.Equal(0, history.Count);
        Assert.Equal(1.0, history.Gamma);
    }

    [Property(MaxTest = 100)]
    public void Cubic_interpolation_finds_the_minimiser_of_a_cubic(int seed)
    {
        // p(t) = (t − m)² (t + s): p′ = (t − m)(3t + 2s − m), a local minimum at m (when m + s > 0)
        // and a maximum at (m − 2s)/3 < m; two points around m, both right of the maximum.
        var d = new Draw(seed);
        var (m, s) = (d.Uniform(-3, 3), 0.0);
        s = -m + d.Uniform(0.5, 4);
        var left = (m - 2 * s) / 3;
        var t1 = m - d.Uniform(0.05, 0.95) * (m - left);
        var t2 = m + d.Uniform(0.05, 3);
        double P(double t) => (t - m) * (t - m) * (t + s);
        double Slope(double t) => (t - m) * (3 * t + 2 * s - m);
        var (a, b) = d.Coin() ? (t1, t2) : (t2, t1);
        var found = CubicInterpolation.Minimiser(a, P(a), Slope(a), b, P(b), Slope(b));
        Compare.Close(m, found, Math.Abs(t2 - t1), 1e-9, $"minimiser of (t − {m:G4})²(t + {s:G4}) from {a:G4} and {b:G4}");
    }

    [Property(MaxTest = 100)]
    public void The_line_search_step_on_a_convex_quadratic_satisfies_the_strong_Wolfe_conditions(int seed)
    {
        // φ(t) = f + gtd·t + ½h·t² along d = [1]: a one-dimensional x with f(x) = f + gtd·x + ½h·x².
        var d = new Draw(seed);
        var (f0, gtd, h) = (d.Uniform(-5, 5), -Math.Pow(10, d.Uniform(-2, 2)), Math.Pow(10, d.Uniform(-2, 2)));
        var o = new LbfgsOptions { C1 = Math.Pow(10, d.Uniform(-5, -1)), C2 = d.Uniform(0.2, 0.95) }.Validated();
        var t0 = Math.Pow(10, d.Uniform(-3, 2));
        Evaluation Phi(double t) => new(f0 + gtd * t + 0.5 * h * t * t, [gtd + h * t]);
        var found = StrongWolfe.Search(Phi, t0, [1.0], f0, [gtd], gtd, o);
        var t = found.Step;
        Assert.True(found.Loss <= f0 + o.C1 * t * gtd, $"sufficient decrease fails at t = {t:R} (t0 = {t0:R}, h = {h:R}, gtd = {gtd:R})");
        Assert.True(Math.Abs(found.Gradient[0]) <= o.C2 * Math.Abs(gtd), $"curvature fails at t = {t:R}: slope {found.Gradient[0]:R} (t0 = {t0:R}, h = {h:R}, gtd = {gtd:R})");
        Assert.Equal(Phi(t).Loss, found.Loss);
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
