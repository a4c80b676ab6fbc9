namespace Flux;

public static partial class OptimiserLaws
{
    /// <summary>
    /// At every one of many steps on a convex quadratic, no parameter's part of the loss rises, and
    /// the loss ends below where it started. Per element <c>i</c> of every parameter <c>q</c>:
    /// <code>
    /// f_q(p) = Σ_i a_i * (p_i - c_i)² / 2,   g_i = a_i * (p_i - c_i),   f = Σ_q f_q
    /// a_i in [0.001, 0.01],   c_i = p0_i ± d_i,   d_i in [5000, 10000]
    /// law: f_q(p_k) ≤ f_q(p_(k-1)) for every parameter q and step k, and f(p_n) &lt; f(p0)
    /// </code>
    /// The optimum is far and the curvature mild (η*a ≤ 0.01 for η up to 1), so a rule that
    /// descends with any sensible step size neither reaches nor overshoots it in
    /// <c>descentSteps</c> steps: each step must lower (or keep) every parameter's loss. A rule that
    /// ascends at any step, for any parameter (one group of a partition, say), fails at that step.
    /// Every step of this trajectory is also checked for <see cref="Finiteness"/>.
    /// </summary>
    public const string Descent = "descent";

    /// <summary>The convex problem of <see cref="Descent"/>, drawn from a seed around the start <c>p0</c>.</summary>
    private sealed class ConvexProblem
    {
        private readonly Params _start;
        private readonly Dictionary<ParamId, (double[] A, double[] C)> _terms = [];

        public ConvexProblem(Params start, int seed)
        {
            _start = start;
            var k = 0;
            foreach (var p in start)
            {
                var a = Tensor.Uniform(new Seed(seed + 1000 + k), 0.001, 0.01, p.Shape.Dims).ToArray();
                var d = Tensor.Uniform(new Seed(seed + 2000 + k), 5000, 10000, p.Shape.Dims).ToArray();
                var sign = Tensor.Rand(new Seed(seed + 3000 + k), p.Shape.Dims).Span;
                var v = p.Value.Span;
                var c = new double[v.Length];
                for (var i = 0; i < c.Length; i++) c[i] = v[i] + (sign[i] < 0.5 ? -d[i] : d[i]);
                _terms[p.Id] = (a, c);
                k++;
            }
        }

        // f_q for each parameter q, in the order of ps.
        private double[] Losses(Params ps) => [.. ps.Select(p =>
        {
            var (a, c) = _terms[p.Id];
            var v = p.Value.Span;
            var sum = 0.0;
            for (var i = 0; i < v.Length; i++) sum += a[i] * (v[i] - c[i]) * (v[i] - c[i]) / 2;
            return sum;
        })];

        private Grads Gradient(Params ps) => Grads.Of(ps.Select(p =>
        {
            var (a, c) = _terms[p.Id];
            var v = p.Value.Span;
            var g = new double[v.Length];
            for (var i = 0; i < g.Length; i++) g[i] = a[i] * (v[i] - c[i]);
            return new KeyValuePair<Param, Tensor>(p, Tensor.FromArray(g, p.Shape.Dims).ToElementType(p.ElementType));
        }));

        // Runs n steps, calling visit(step, state, params) after each; an exception is a failure at its step.
        private Failure? Run(IOptimiser opt, int n, Func<int, OptimiserState, Params, string?> visit)
        {
            var (state, ps) = (opt.Init(_start), _start);
            for (var t = 1; t <= n; t++)
            {
                try
                {
                    (state, ps) = opt.Step(state, ps, Gradient(ps));
                    if (visit(t, state, ps) is { } failure) return new Failure(t, failure);
                }
                catch (Exception e)
                {
                    return new Failure(t, $"step {t} of the convex problem threw {e.GetType().Name}: {e.Message}");
                }
            }
            return null;
        }

        public Failure? Finiteness(IOptimiser opt, int n) =>
            Run(opt, n, (t, state, ps) => NotFinite(t, state, ps) is { } bad ? bad.Replace($"step {t}:", $"step {t} of the convex problem:") : null);

        public Failure? Check(IOptimiser opt, int n)
        {
            var last = Losses(_start);
            var start = last.Sum();
            var failure = Run(opt, n, (t, _, ps) =>
            {
                var (previous, losses) = (last, Losses(ps));
                last = losses;
                for (var q = 0; q < losses.Length; q++)
                    if (!(losses[q] <= previous[q]))
                        return $"step {t} of the convex problem raised the loss of parameter {ps[q].Name} from {previous[q]:G6} to {losses[q]:G6}; a rule must descend at every step, not only the first.";
                return null;
            });
            return failure ?? (last.Sum() < start ? null : new Failure(n, $"after {n} steps of the convex problem the loss is {last.Sum():G6}, not below the {start:G6} it started from."));
        }
    }
}
