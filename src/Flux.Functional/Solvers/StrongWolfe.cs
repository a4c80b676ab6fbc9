namespace Flux;

/// <summary>
/// A line search for a step t along a descent direction d that satisfies the strong Wolfe
/// conditions, for <c>φ(t) = f(x + t·d)</c> with <c>φ′(0) = ∇f(x)ᵀd &lt; 0</c> and <c>0 &lt; c1 &lt; c2 &lt; 1</c>:
/// <list type="bullet">
/// <item><description>sufficient decrease (Armijo): <c>φ(t) ≤ φ(0) + c1·t·φ′(0)</c>;</description></item>
/// <item><description>curvature: <c>|φ′(t)| ≤ −c2·φ′(0)</c>.</description></item>
/// </list>
/// It is PyTorch's <c>_strong_wolfe</c> (after minFunc's and torch7's <c>lswolfe</c>; Nocedal &amp;
/// Wright, Algorithms 3.5 and 3.6) step for step: a bracketing phase that grows t by cubic
/// interpolation within <c>[t + 0.01(t − t_prev), 10t]</c> until an interval holds an acceptable
/// step, then a zoom that shrinks the interval by cubic interpolation, kept at least a tenth of the
/// interval away from its ends when progress is slow.
/// </summary>
/// <remarks>
/// At most <see cref="LbfgsOptions.MaxLineSearch"/> evaluations follow the first. When they run out
/// in the bracketing phase, the better of t = 0 and the last t is returned (t = 0 leaves x where it
/// was); when the zoom runs out, or its interval is narrower than
/// <see cref="LbfgsOptions.LineSearchTolerance"/> / maxᵢ|dᵢ|, the lowest point found is returned.
/// </remarks>
internal static class StrongWolfe
{
    /// <summary>
    /// Searches from step <paramref name="t"/> along <paramref name="d"/>, where <paramref name="phi"/>
    /// evaluates the loss and gradient at <c>x + t·d</c>, given the loss <paramref name="f"/>, the
    /// gradient <paramref name="g"/> and the slope <paramref name="gtd"/> = gᵀd at t = 0.
    /// </summary>
    public static LineSearchResult Search(Func<double, Evaluation> phi, double t, double[] d, double f, double[] g, double gtd, LbfgsOptions o)
    {
        var (c1, c2, maxLs) = (o.C1, o.C2, o.MaxLineSearch);
        var dNorm = FlatVector.MaxAbs(d);
        var (fNew, gNew) = phi(t);
        var gtdNew = FlatVector.Dot(gNew, d);

        // Bracketing: find an interval that holds an acceptable step, or an acceptable step itself.
        var (tPrev, fPrev, gPrev, gtdPrev) = (0.0, f, g, gtd);
        var done = false;
        var lsIter = 0;
        Bracket? bracket = null;
        while (lsIter < maxLs)
        {
            if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev))
            {
                bracket = new Bracket(tPrev, fPrev, gPrev, gtdPrev, t, fNew, gNew, gtdNew);
                break;
            }
            if (Math.Abs(gtdNew) <= -c2 * gtd)
            {
                bracket = Bracket.Single(t, fNew, gNew);
                done = true;
                break;
            }
            if (gtdNew >= 0)
            {
                bracket = new Bracket(tPrev, fPrev, gPrev, gtdPrev, t, fNew, gNew, gtdNew);
                break;
            }
            // Extrapolate: the cubic's minimiser, at least 1% of the last step beyond t and at most 10t.
            var (minStep, maxStep) = (t + 0.01 * (t - tPrev), t * 10);
            var previous = t;
            t = CubicInterpolation.Minimiser(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, (minStep, maxStep));
            (tPrev, fPrev, gPrev, gtdPrev) = (previous, fNew, gNew, gtdNew);
            (fNew, gNew) = phi(t);
            gtdNew = FlatVector.Dot(gNew, d);
            lsIter++;
        }
        // Out of evaluations while bracketing: choose between t = 0 and the last step (slopes unused).
        if (lsIter == maxLs) bracket = new Bracket(0, f, g, double.NaN, t, fNew, gNew, double.NaN);
        var b = bracket!;

        // Zoom: shrink the bracket until its low end satisfies both conditions.
        var insufficientProgress = false;
        var (low, high) = b.F[0] <= b.F[^1] ? (0, 1) : (1, 0);
        while (!done && lsIter < maxLs)
        {
            // The bracket is too narrow for the step to move x.
            if (Math.Abs(b.T[1] - b.T[0]) * dNorm < o.LineSearchTolerance) break;

            t = CubicInterpolation.Minimiser(b.T[0], b.F[0], b.Gtd[0], b.T[1], b.F[1], b.Gtd[1]);

            // A trial within a tenth of the bracket's width of an end makes little progress; after
            // such a trial (or one at or beyond an end) move it to a tenth of the width inside.
            var (bMax, bMin) = (CubicInterpolation.PyMax(b.T[0], b.T[1]), CubicInterpolation.PyMin(b.T[0], b.T[1]));
            var eps = 0.1 * (bMax - bMin);
            if (CubicInterpolation.PyMin(bMax - t, t - bMin) < eps)
            {
                if (insufficientProgress || t >= bMax || t <= bMin)
                {
                    t = Math.Abs(t - bMax) < Math.Abs(t - bMin) ? bMax - eps : bMin + eps;
                    insufficientProgress = false;
                }
                else
                {
                    insufficientProgress = true;
                }
            }
            else
            {
                insufficientProgress = false;
            }

            (fNew, gNew) = phi(t);
            gtdNew = FlatVector.Dot(gNew, d);
            lsIter++;

            if (fNew > f + c1 * t * gtd || fNew >= b.F[low])
            {
                // No sufficient decrease, or no lower than the low end: the trial is the new high end.
                b.Set(high, t, fNew, gNew, gtdNew);
                (low, high) = b.F[0] <= b.F[1] ? (0, 1) : (1, 0);
            }
            else
            {
                if (Math.Abs(gtdNew) <= -c2 * gtd)
                    done = true; // both Wolfe conditions hold
                else if (gtdNew * (b.T[high] - b.T[low]) >= 0)
                    b.Set(high, b.T[low], b.F[low], b.G[low], b.Gtd[low]); // the minimum lies between the trial and the old low end
                b.Set(low, t, fNew, gNew, gtdNew);
            }
        }
        return new LineSearchResult(b.T[low], b.F[low], b.G[low]);
    }

    /// <summary>
    /// The ends of the search interval with their losses, gradients and slopes; one end only when the
    /// first phase found an acceptable step. Private to one search, changed in place as it shrinks.
    /// </summary>
    private sealed class Bracket
    {
        public double[] T, F, Gtd;
        public double[][] G;

        public Bracket(double t0, double f0, double[] g0, double gtd0, double t1, double f1, double[] g1, double gtd1) =>
            (T, F, G, Gtd) = ([t0, t1], [f0, f1], [g0, g1], [gtd0, gtd1]);

        private Bracket(double t, double f, double[] g) => (T, F, G, Gtd) = ([t], [f], [g], [double.NaN]);

        public static Bracket Single(double t, double f, double[] g) => new(t, f, g);

        public void Set(int i, double t, double f, double[] g, double gtd) => (T[i], F[i], G[i], Gtd[i]) = (t, f, g, gtd);
    }
}
