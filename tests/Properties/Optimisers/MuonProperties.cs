using FsCheck.Xunit;
using Xunit;
using static Flux.Optimisers;

namespace Flux.Tests.Optimisation;

/// <summary>
/// Muon against a transcription of the reference algorithm in plain loops, the orthogonality of
/// its Newton–Schulz step, its split between matrices and the fallback, adjusting, and convergence
/// on a matrix problem. Shapes, gradients, hyperparameters and step counts are random.
/// </summary>
public class MuonProperties
{
    // The reference, written out on row-major arrays with plain loops: momentum, Nesterov, normalise,
    // transpose when tall, five quintic steps, transpose back, scale.
    private static double[,] ReferenceStep(double[,] p, double[,] g, double[,] m, double eta, double mu, double eps, double lambda, bool nesterov, int steps)
    {
        int r = p.GetLength(0), c = p.GetLength(1);
        var u = new double[r, c];
        for (var i = 0; i < r; i++)
            for (var j = 0; j < c; j++)
            {
                m[i, j] = mu * m[i, j] + g[i, j];
                u[i, j] = nesterov ? g[i, j] + mu * m[i, j] : m[i, j];
            }
        var tall = r > c;
        var x = tall ? T(u) : u;
        var norm = 0.0;
        foreach (var e in x) norm += e * e;
        norm = Math.Sqrt(norm) + eps;
        x = Map(x, e => e / norm);
        for (var k = 0; k < steps; k++)
        {
            var a = Mul(x, T(x));
            var poly = Add(Map(a, e => -4.7750 * e), Map(Mul(a, a), e => 2.0315 * e));
            x = Add(Map(x, e => 3.4445 * e), Mul(poly, x));
        }
        if (tall) x = T(x);
        var scale = eta * Math.Sqrt(Math.Max(1.0, (double)r / c));
        var next = new double[r, c];
        for (var i = 0; i < r; i++)
            for (var j = 0; j < c; j++) next[i, j] = p[i, j] - scale * x[i, j] - eta * lambda * p[i, j];
        return next;
    }

    private static double[,] T(double[,] x)
    {
        var t = new double[x.GetLength(1), x.GetLength(0)];
        for (var i = 0; i < x.GetLength(0); i++)
            for (var j = 0; j < x.GetLength(1); j++) t[j, i] = x[i, j];
        return t;
    }

    private static double[,] Mul(double[,] a, double[,] b)
    {
        var c = new double[a.GetLength(0), b.GetLength(1)];
        for (var i = 0; i < a.GetLength(0); i++)
            for (var j = 0; j < b.GetLength(1); j++)
                for (var k = 0; k < a.GetLength(1); k++) c[i, j] += a[i, k] * b[k, j];
        return c;
    }

    private static double[,] Add(double[,] a, double[,] b) => Zip(a, b, (x, y) => x + y);

    private static double[,] Map(double[,] a, Func<double, double> f) => Zip(a, a, (x, _) => f(x));

    private static double[,] Zip(double[,] a, double[,] b, Func<double, double, double> f)
    {
        var c = new double[a.GetLength(0), a.GetLength(1)];
        for (var i = 0; i < a.GetLength(0); i++)
            for (var j = 0; j < a.GetLength(1); j++) c[i, j] = f(a[i, j], b[i, j]);
        return c;
    }

    private static double[,] ToArray(Tensor t)
    {
        var a = new double[t.Shape.Rows, t.Shape.Cols];
        for (var i = 0; i < a.GetLength(0); i++)
            for (var j = 0; j < a.GetLength(1); j++) a[i, j] = t[i, j];
        return a;
    }

    private static Tensor Matrix(Draw d, int r, int c, Func<double> f) => d.Tensor([r, c], f);

    [Property(MaxTest = 100)]
    public void MuonMatchesAPlainLoopTranscriptionOfTheReference(int seed)
    {
        var d = new Draw(seed);
        int r = d.Int(1, 7), c = d.Int(1, 7), n = d.Int(1, 6);
        var (eta, mu, eps, lambda, nesterov, steps) = (d.Uniform(1e-3, 0.1), d.Uniform(0, 0.99), Math.Pow(10, d.Uniform(-10, -6)), d.Coin() ? 0 : d.Uniform(0, 0.5), d.Coin(), d.Int(1, 6));
        var opt = Muon(eta, mu, eps, lambda, nesterov, steps);
        var ps = Params.Of(new Param("W", Matrix(d, r, c, () => d.Uniform(-2, 2))));
        var state = opt.Init(ps);
        var (p, m) = (ToArray(ps[0].Value), new double[r, c]);
        for (var k = 0; k < n; k++)
        {
            var g = Matrix(d, r, c, d.NonZero);
            (state, ps) = opt.Step(state, ps, Grads.Of((ps[0], g)));
            p = ReferenceStep(p, ToArray(g), m, eta, mu, eps, lambda, nesterov, steps);
            for (var i = 0; i < r; i++)
                for (var j = 0; j < c; j++)
                {
                    Compare.Close(p[i, j], ps[0].Value[i, j], 1 + Math.Abs(p[i, j]), 1e-10, $"{r}×{c}, step {k + 1}, element ({i}, {j})");
                    Compare.Close(m[i, j], ((MuonState)state).Momenta[ps[0].Id][i, j], 1 + Math.Abs(m[i, j]), 1e-10, $"momentum ({i}, {j})");
                }
        }
    }

    // An r×c matrix with orthonormal singular vectors and singular values drawn in [0.05, 1] times a scale.
    private static (Tensor U, double[] Sigma) WithSingularValues(Draw d, int r, int c)
    {
        var k = Math.Min(r, c);
        var left = Orthonormal(d, r, k);
        var right = Orthonormal(d, c, k);
        var scale = Math.Pow(10, d.Uniform(-3, 3));
        var sigma = d.Values(k, () => scale * d.Uniform(0.05, 1));
        var u = new double[r * c];
        for (var i = 0; i < r; i++)
            for (var j = 0; j < c; j++)
                for (var q = 0; q < k; q++) u[i + j * r] += left[q][i] * sigma[q] * right[q][j];   // column-major
        return (Tensor.FromArray(u, r, c), sigma);
    }

    // k orthonormal vectors of length n, by Gram–Schmidt on random ones.
    private static double[][] Orthonormal(Draw d, int n, int k)
    {
        var vs = new List<double[]>();
        while (vs.Count < k)
        {
            var v = d.Values(n, () => d.Uniform(-1, 1));
            foreach (var w in vs)
            {
                var dot = v.Zip(w, (a, b) => a * b).Sum();
                for (var i = 0; i < n; i++) v[i] -= dot * w[i];
            }
            var norm = Math.Sqrt(v.Sum(x => x * x));
            if (norm < 1e-3) continue;
            vs.Add([.. v.Select(x => x / norm)]);
        }
        return [.. vs];
    }

    [Property(MaxTest = 200)]
    public void NewtonSchulzBringsEverySingularValueNearOne(int seed)
    {
        // Singular values at least 1/20 of the largest are at least 0.05/sqrt(7) > 0.018 of ‖u‖_F;
        // five quintic steps take them into [0.6, 1.2]: O*Oᵀ (on the short side) has eigenvalues in [0.36, 1.44].
        var d = new Draw(seed);
        int r = d.Int(1, 7), c = d.Int(1, 7);
        var (u, _) = WithSingularValues(d, r, c);
        var o = Muon.Orthogonalise(u);
        Assert.Equal(u.Shape, o.Shape);
        var gram = r <= c ? o * o.Transpose() : o.Transpose() * o;
        foreach (var lambda in Eigenvalues(ToArray(gram)))
            Assert.InRange(lambda, 0.36, 1.44);
        // Loosely, as Optax's docs put it: O*Oᵀ ≈ I.
        var k = Math.Min(r, c);
        for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++) Assert.InRange(gram[i, j] - (i == j ? 1 : 0), -0.65, 0.45);
    }

    [Fact]
    public void NewtonSchulzKeepsTheSingularVectorsAndMapsTheValuesByTheQuintic()
    {
        // u = diag(σ) embedded in a 3×5 matrix: X₀ = diag(σ/‖σ‖), and O is diagonal with φ⁵(σᵢ/‖σ‖).
        double[] sigma = [3, 1, 0.2];
        var u = Tensor.FromArray([3, 0, 0, 0, 1, 0, 0, 0, 0.2, 0, 0, 0, 0, 0, 0], 3, 5);   // column by column
        var o = Muon.Orthogonalise(u, epsilon: 1e-300);
        var norm = Math.Sqrt(sigma.Sum(s => s * s));
        for (var i = 0; i < 3; i++)
        {
            var x = sigma[i] / norm;
            for (var k = 0; k < 5; k++) x = 3.4445 * x - 4.7750 * x * x * x + 2.0315 * Math.Pow(x, 5);
            Assert.Equal(x, o[i, i], 1e-12);
        }
        Assert.Equal(0.0, o.ToArray().Select(Math.Abs).Sum() - Enumerable.Range(0, 3).Sum(i => Math.Abs(o[i, i])), 1e-15);
        Assert.True(Muon.Orthogonalise(Tensor.Zeros(3, 2)).ToArray().All(x => x == 0));
        Assert.Equal(Muon.Orthogonalise(u).Transpose(), Muon.Orthogonalise(u.Transpose()));
    }

    // The eigenvalues of a small symmetric matrix, by cyclic Jacobi rotations.
    private static double[] Eigenvalues(double[,] a)
    {
        var n = a.GetLength(0);
        a = (double[,])a.Clone();
        for (var sweep = 0; sweep < 100; sweep++)
        {
            var off = 0.0;
            for (var i = 0; i < n; i++)
                for (var j = i + 1; j < n; j++) off += a[i, j] * a[i, j];
            if (off < 1e-30) break;
            for (var p = 0; p < n; p++)
                for (var q = p + 1; q < n; q++)
                {
                    if (a[p, q] == 0) continue;
                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    var (cos, sin) = (1 / Math.Sqrt(t * t + 1), t / Math.Sqrt(t * t + 1));
                    for (var k = 0; k < n; k++)
                    {
                        var (akp, akq) = (a[k, p], a[k, q]);
                        (a[k, p], a[k, q]) = (cos * akp - sin * akq, sin * akp + cos * akq);
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var (apk, aqk) = (a[p, k], a[q, k]);
                        (a[p, k], a[q, k]) = (cos * apk - sin * aqk, sin * apk + cos * aqk);
                    }
                }
        }
        return [.. Enumerable.Range(0, n).Select(i => a[i, i])];
    }

    [Property(MaxTest = 50)]
    public void EveryParameterThatIsNotAMatrixIsSteppedByTheFallbackBitForBit(int seed)
    {
        var d = new Draw(seed);
        var fallback = d.Coin() ? (IOptimiser)ADAMW(eta: 0.01, decay: 0.01) : Momentum();
        var opt = Muon(fallback: fallback);
        var ps = Params.Of(new Param("W", Matrix(d, 3, 4, () => d.Uniform(-1, 1))), new Param("b", d.Tensor([5], () => d.Uniform(-1, 1))), new Param("s", Tensor.Scalar(0.5)));
        var rest = Params.Of(ps.Skip(1));
        var (state, fstate) = (opt.Init(ps), fallback.Init(rest));
        for (var k = 0; k < d.Int(1, 5); k++)
        {
            var grads = Grads.Of(ps.Select(p => new KeyValuePair<Param, Tensor>(p, d.Tensor(p.Shape.Dims, d.NonZero))));
            (state, ps) = opt.Step(state, ps, grads);
            (fstate, rest) = fallback.Step(fstate, rest, grads);
            Compare.Bits(rest[0].Value, ps[1].Value, "the vector");
            Compare.Bits(rest[1].Value, ps[2].Value, "the scalar");
            Assert.Equal(fstate.ToNode(), ((MuonState)state).Fallback.ToNode());
            Assert.Equal(new[] { ps[0].Id }, ((MuonState)state).Momenta.Keys);
        }
    }

    [Fact]
    public void AdjustingReachesMuonAndTheFallbackWhereverTheNameIs()
    {
        var opt = Muon();
        Assert.Equal(0.02, ((ADAMW)opt.Fallback)["eta"]);
        var ps = Params.Of(new Param("W", Tensor.Ones(2, 2)), new Param("b", Tensor.Ones(2)));
        var state = opt.Init(ps);
        var (a, s) = opt.Adjust(state, ("eta", 0.005), ("mu", 0.5), ("beta1", 0.8));
        var muon = Assert.IsType<Muon>(a);
        Assert.Equal((0.005, 0.5), (muon.Eta, muon.Mu));
        Assert.Equal((0.005, 0.8), (((ADAMW)muon.Fallback)["eta"], ((ADAMW)muon.Fallback)["beta1"]));
        Assert.Equal(state.ToNode(), s.ToNode());
        Assert.Same(opt, opt.Adjust(state, new Dictionary<string, double>()).Optimiser);
        Assert.Throws<ArgumentException>(() => opt.Adjust(state, ("nope", 1.0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => opt.Adjust(state, ("mu", 1.0)));
        Assert.Contains("mu", opt.HyperparameterNames);
        Assert.Contains("beta2", opt.HyperparameterNames);
    }

    [Fact]
    public void MuonWithADecayingRateConvergesOnAMatrixProblem()
    {
        // f(W) = ‖W - W*‖²_F / 2 for a 4×3 and a 3×5 matrix, and a bias for the fallback. The steps have
        // spectral size about η, so a constant η ends in a cycle of that size; a cosine decay to 0 settles.
        var d = new Draw(7);
        var targets = new[] { Matrix(d, 4, 3, () => d.Uniform(-1, 1)), Matrix(d, 3, 5, () => d.Uniform(-1, 1)), d.Tensor([3], () => d.Uniform(-1, 1)) };
        var ps = Params.Of(new Param("A", Tensor.Zeros(4, 3)), new Param("B", Tensor.Zeros(3, 5)), new Param("b", Tensor.Zeros(3)));
        const int steps = 1_000;
        var opt = Scheduled(Muon(), "eta", Schedules.Cosine(0.05, steps));
        var state = opt.Init(ps);
        for (var k = 0; k < steps; k++)
            (state, ps) = opt.Step(state, ps, Grads.Of(ps.Select((p, i) => new KeyValuePair<Param, Tensor>(p, p.Value - targets[i]))));
        for (var i = 0; i < 3; i++)
            Assert.True((ps[i].Value - targets[i]).Norm() < 1e-2, $"{ps[i].Name}: distance {(ps[i].Value - targets[i]).Norm():G3}");
    }
}
