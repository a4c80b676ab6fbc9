using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// <c>FiniteOnly(inner, maxConsecutiveSkips = 10)</c>: takes the inner optimiser's step only
/// when every gradient is finite (Optax's <c>apply_if_finite</c>).
/// <code>
/// if every element of every gradient is finite:  (s', p') = inner.Step(s, p, g),  consecutive' = 0
/// else:                                          (s', p') = (s, p),               consecutive' = consecutive + 1, total' = total + 1
/// </code>
/// A skipped step leaves the parameters and the inner state exactly as they were; on finite
/// gradients the wrapper is the inner optimiser, bit for bit. After
/// <see cref="MaxConsecutiveSkips"/> skips in a row, the next non-finite gradient fails with
/// a <see cref="NonFiniteGradientException"/> naming the parameter and the count: a run that only
/// produces NaN should stop, not spin.
/// </summary>
/// <remarks>
/// State: <see cref="FiniteOnlyState"/> (the steps seen, including skipped ones; the skips in a row;
/// the skips in total; the inner state, which counts only the steps taken). The check is one
/// vectorised pass over each gradient. As a chain element a skipped step contributes no <c>Δ</c>.
/// </remarks>
public sealed record FiniteOnly : Wrapper<FiniteOnlyState>
{
    /// <summary>The skips allowed in a row unless told otherwise.</summary>
    public const int DefaultMaxConsecutiveSkips = 10;

    /// <summary><paramref name="inner"/>, its steps taken only on finite gradients.</summary>
    /// <param name="inner">The optimiser whose steps are guarded.</param>
    /// <param name="maxConsecutiveSkips">Skips allowed in a row, ≥ 0 (0 fails at once, like the rule alone but naming the wrapper).</param>
    public FiniteOnly(IOptimiser inner, int maxConsecutiveSkips = DefaultMaxConsecutiveSkips) : base(inner) =>
        MaxConsecutiveSkips = maxConsecutiveSkips >= 0
            ? maxConsecutiveSkips
            : throw new ArgumentOutOfRangeException(nameof(maxConsecutiveSkips), maxConsecutiveSkips, $"FiniteOnly: maxConsecutiveSkips must be 0 or more; got {maxConsecutiveSkips}.");

    /// <summary>Skips allowed in a row before a non-finite gradient is an error.</summary>
    public int MaxConsecutiveSkips { get; }

    private protected override string Kind => FiniteOnlyState.KindName;

    /// <inheritdoc/>
    [Pure]
    public override OptimiserState Init(Params ps) => new FiniteOnlyState(0, Inner.Init(ps), 0, 0);

    private protected override (OptimiserState State, Grads Out) Apply(FiniteOnlyState s, Params ps, Grads grads, Emit emit)
    {
        if (Skip(s, ps, grads)) return (s.Skipped(), Grads.Empty);
        var (inner, output) = Fusion.Apply(Inner, s.Inner, ps, grads, emit);
        return (new FiniteOnlyState(s.StepCount + 1, inner, 0, s.TotalSkips), output);
    }

    /// <inheritdoc/>
    [Pure]
    public override OptimiserState Restore(StateNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        StateNode.Expect("FiniteOnly", node, children: 1, slots: false, "consecutive", "total");
        var (consecutive, total) = (node.Scalars["consecutive"], node.Scalars["total"]);
        if (!(consecutive >= 0 && consecutive == Math.Floor(consecutive) && total >= consecutive && total == Math.Floor(total) && total <= long.MaxValue))
            throw new ArgumentException($"FiniteOnly.Restore: the skip counts must be whole numbers with 0 ≤ consecutive ≤ total; got consecutive = {consecutive}, total = {total}.", nameof(node));
        return new FiniteOnlyState(node.Step, Inner.Restore(node.Children[0]), (long)consecutive, (long)total);
    }

    private bool Skip(FiniteOnlyState s, Params ps, Grads grads)
    {
        if (Finite.All(ps, grads)) return false;
        if (s.ConsecutiveSkips < MaxConsecutiveSkips) return true;
        var (p, g) = grads.First(e => ps.Contains(e.Key.Id) && Finite.FirstNonFinite(e.Value) >= 0);
        var i = Finite.FirstNonFinite(g);
        throw new NonFiniteGradientException(
            $"FiniteOnly.Step: the gradient of {p.Name} is not finite (element {i} is {g[i]}) after {s.ConsecutiveSkips} skipped steps in a row; " +
            $"at most {MaxConsecutiveSkips} are allowed. The run is diverging: lower the learning rate, clip the gradient, or check the data. Nothing was changed.",
            p.Name, i, g[i]);
    }

    /// <summary><c>FiniteOnly(inner, max skips in a row)</c>.</summary>
    public override string ToString() => $"FiniteOnly({Inner}, {MaxConsecutiveSkips})";
}

/// <summary>The state of <see cref="FiniteOnly"/>.</summary>
/// <remarks>Node: kind <c>"FiniteOnly"</c>, scalars <c>consecutive</c> and <c>total</c>, one child (the inner state).</remarks>
public sealed record FiniteOnlyState : WrapperState
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "FiniteOnly";

    /// <summary>A state after <paramref name="stepCount"/> steps (taken or skipped).</summary>
    public FiniteOnlyState(long stepCount, OptimiserState inner, long consecutiveSkips, long totalSkips) : base(stepCount, inner)
    {
        if (consecutiveSkips < 0 || totalSkips < consecutiveSkips)
            throw new ArgumentOutOfRangeException(nameof(consecutiveSkips), consecutiveSkips, "FiniteOnlyState: the skip counts must satisfy 0 ≤ consecutive ≤ total.");
        ConsecutiveSkips = consecutiveSkips;
        TotalSkips = totalSkips;
    }

    /// <summary>Steps skipped in a row, up to the last one.</summary>
    public long ConsecutiveSkips { get; }

    /// <summary>Steps skipped in all.</summary>
    public long TotalSkips { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal FiniteOnlyState Skipped() => new(StepCount + 1, Inner, ConsecutiveSkips + 1, TotalSkips + 1);

    /// <inheritdoc/>
    public override StateNode ToNode() => new(KindName, StepCount, [],
        ImmutableDictionary<string, double>.Empty.Add("consecutive", ConsecutiveSkips).Add("total", TotalSkips), [Inner.ToNode()]);
}
