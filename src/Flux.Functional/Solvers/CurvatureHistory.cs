namespace Flux;

/// <summary>
/// The memory of L-BFGS: the last m curvature pairs <c>sₖ = x_{k+1} − x_k</c>,
/// <c>yₖ = ∇f(x_{k+1}) − ∇f(x_k)</c> with <c>ρₖ = 1/(yₖᵀsₖ)</c>, and the scale
/// <c>γ = sᵀy / yᵀy</c> of the newest pair, which together stand for the inverse Hessian. A value:
/// <see cref="Push"/> returns a new history.
/// </summary>
/// <remarks>
/// <see cref="Direction"/> is the two-loop recursion (Nocedal &amp; Wright, Algorithm 7.4), which
/// computes <c>d = −H·g</c> without forming H:
/// <code>
/// q ← −g
/// for i = k−1 down to k−m:  αᵢ ← ρᵢ·sᵢᵀq;   q ← q − αᵢ·yᵢ
/// r ← γ·q
/// for i = k−m up to k−1:    βᵢ ← ρᵢ·yᵢᵀr;   r ← r + (αᵢ − βᵢ)·sᵢ
/// d ← r
/// </code>
/// as PyTorch writes it (starting from −g rather than negating at the end), so that the rounding
/// agrees with <c>torch.optim.LBFGS</c>.
/// </remarks>
internal sealed class CurvatureHistory
{
    // PyTorch keeps a pair only when yᵀs exceeds this: it keeps H positive definite, and a pair
    // with yᵀs near 0 (no curvature seen along s) would make ρ explode.
    private const double MinimumCurvature = 1e-10;

    private readonly ImmutableList<(double[] S, double[] Y, double Rho)> _pairs;
    private readonly int _capacity;

    private CurvatureHistory(ImmutableList<(double[] S, double[] Y, double Rho)> pairs, int capacity, double gamma) =>
        (_pairs, _capacity, Gamma) = (pairs, capacity, gamma);

    /// <summary>An empty history that keeps at most <paramref name="capacity"/> pairs, with γ = 1.</summary>
    public static CurvatureHistory Empty(int capacity) => new([], capacity, 1);

    /// <summary>The number of pairs held.</summary>
    public int Count => _pairs.Count;

    /// <summary>γ, the scale of the initial inverse Hessian <c>H₀ = γI</c>.</summary>
    public double Gamma { get; }

    /// <summary>
    /// The history with the pair (<paramref name="s"/>, <paramref name="y"/>) added, the oldest
    /// dropped when full, and γ from the new pair; unchanged when <c>yᵀs ≤ 1e-10</c>. The arrays are
    /// held, not copied: the caller hands them over.
    /// </summary>
    public CurvatureHistory Push(double[] s, double[] y)
    {
        var ys = FlatVector.Dot(y, s);
        if (!(ys > MinimumCurvature)) return this;
        var pairs = _pairs.Count == _capacity ? _pairs.RemoveAt(0) : _pairs;
        return new CurvatureHistory(pairs.Add((s, y, 1.0 / ys)), _capacity, ys / FlatVector.Dot(y, y));
    }

    /// <summary>The L-BFGS direction <c>d = −H·g</c> by the two-loop recursion; a new vector.</summary>
    public double[] Direction(ReadOnlySpan<double> g)
    {
        var q = FlatVector.Scale(-1.0, g);
        var alpha = new double[_pairs.Count];
        for (var i = _pairs.Count - 1; i >= 0; i--)
        {
            var (s, y, rho) = _pairs[i];
            alpha[i] = FlatVector.Dot(s, q) * rho;
            FlatVector.AddScaledInPlace(q, -alpha[i], y);
        }
        var r = FlatVector.Scale(Gamma, q);
        for (var i = 0; i < _pairs.Count; i++)
        {
            var (s, y, rho) = _pairs[i];
            var beta = FlatVector.Dot(y, r) * rho;
            FlatVector.AddScaledInPlace(r, alpha[i] - beta, s);
        }
        return r;
    }
}
