using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// <c>AccumGrad(inner, n)</c>: gradient accumulation (Optimisers.jl's <c>AccumGrad</c>, Optax's
/// <c>MultiSteps</c>). Steps 1 … n-1 of each window of <c>n</c> only add the gradient to a running
/// sum, leaving the parameters untouched; step <c>n</c> takes one step of the inner optimiser on
/// the mean and starts a new window.
/// <code>
/// k = t mod n  (t counts every call, from 1)
/// sum' = sum + g                                     on every step
/// k ≠ 0:  p' = p,   inner state unchanged
/// k = 0:  (s', p') = inner.Step(s, p, sum'/n),  sum' = 0
/// </code>
/// So <c>AccumGrad(inner, n)</c> over <c>g₁ … gₙ</c> equals one step of <c>inner</c> on
/// <c>(g₁ + … + gₙ)/n</c> (summed in order, then divided by n), bit for bit.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>n</c>: the window, ≥ 1 (1 is the inner optimiser).</item>
/// <item>A parameter missing from some steps' gradients counts as zero there; one with no gradient
/// in the whole window gets none at step <c>n</c> (its value and inner state are kept).</item>
/// </list>
/// State: <see cref="AccumGradState"/>: the calls so far, the sum (<c>"sum"</c>, the parameter's
/// shape) and the number of gradients received in the window (<c>"count"</c>, a scalar) for each
/// parameter, and the inner state, which counts only the steps taken. Wrap the whole optimiser
/// (<c>AccumGrad(Chain(ClipNorm(1), ADAM()), 4)</c>) rather than put it inside a chain: as a chain
/// element it gives no <c>Δ</c> between windows, but the elements after it still count those calls.
/// </remarks>
public sealed record AccumGrad : Wrapper<AccumGradState>
{
    /// <summary>Accumulation of <paramref name="n"/> gradients before each step of <paramref name="inner"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is less than 1.</exception>
    public AccumGrad(IOptimiser inner, int n) : base(inner) => N = (int)Checks.AtLeastOne("AccumGrad", nameof(n), n);

    /// <summary>n, the gradients per step.</summary>
    public int N { get; }

    /// <inheritdoc/>
    private protected override string Kind => AccumGradState.KindName;

    /// <inheritdoc/>
    [Pure]
    public override OptimiserState Init(Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        var sums = ImmutableDictionary.CreateBuilder<ParamId, (Tensor, int)>();
        foreach (var p in ps) sums.Add(p.Id, (p.Value.ZerosLike(), 0));
        return new AccumGradState(0, Inner.Init(ps), sums.ToImmutable());
    }

    private protected override (OptimiserState State, Grads Out) Apply(AccumGradState state, Params ps, Grads grads, Emit emit)
    {
        var (s, sums, mean) = Accumulate(state, ps, grads, emit.Operation());
        if (mean is null) return (new AccumGradState(s.StepCount + 1, s.Inner, sums), Grads.Empty);
        var (inner, output) = Fusion.Apply(Inner, s.Inner, ps, mean, emit);
        return (new AccumGradState(s.StepCount + 1, inner, sums), output);
    }

    // Adds the gradients to the sums; at the end of a window returns the means (and zeroed sums).
    private (AccumGradState State, ImmutableDictionary<ParamId, (Tensor Sum, int Count)> Sums, Grads? Mean) Accumulate(
        AccumGradState s, Params ps, Grads grads, string operation)
    {
        foreach (var p in ps)
        {
            if (!s.Sums.TryGetValue(p.Id, out var entry))
                throw new ArgumentException($"AccumGrad.{operation}: the state holds nothing for parameter {p.Name} (#{p.Id}); it was made for other parameters. Call Init with these parameters.", "state");
            if (entry.Sum.Shape != p.Shape)
                throw new ArgumentException($"AccumGrad.{operation}: state slot 'sum' of {p.Name} has shape {entry.Sum.Shape}; the parameter has shape {p.Shape}.", "state");
            if (grads.TryGet(p.Id, out var g))
            {
                if (g.Shape != p.Shape)
                    throw new ArgumentException($"AccumGrad.{operation}: the gradient of {p.Name} has shape {g.Shape}; the parameter has shape {p.Shape}.", nameof(grads));
                Finite.Check("AccumGrad", operation, p, g);
            }
        }
        var last = (s.StepCount + 1) % N == 0;
        var sums = s.Sums.ToBuilder();
        var means = last ? new List<KeyValuePair<Param, Tensor>>(ps.Count) : null;
        foreach (var p in ps)
        {
            var (sum, count) = s.Sums[p.Id];
            if (grads.TryGet(p.Id, out var g)) (sum, count) = (sum + g, count + 1);
            if (!last) { sums[p.Id] = (sum, count); continue; }
            if (count > 0) means!.Add(new(p, sum / N));
            sums[p.Id] = (p.Value.ZerosLike(), 0);
        }
        return (s, sums.ToImmutable(), means is null ? null : Grads.Of(means));
    }



    /// <inheritdoc/>
    [Pure]
    public override OptimiserState Restore(StateNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        StateNode.Expect("AccumGrad", node, children: 1);
        var sums = ImmutableDictionary.CreateBuilder<ParamId, (Tensor, int)>();
        foreach (var group in node.Slots.GroupBy(s => s.Param))
        {
            Tensor? sum = null, count = null;
            foreach (var slot in group)
            {
                if (slot.Value is null)
                    throw new ArgumentException($"AccumGrad.Restore: slot '{slot.Name}' of parameter #{slot.Param} has no value.", nameof(node));
                switch (slot.Name)
                {
                    case "sum" when sum is null: sum = slot.Value; break;
                    case "count" when count is null: count = slot.Value; break;
                    case "sum" or "count": throw new ArgumentException($"AccumGrad.Restore: slot '{slot.Name}' of parameter #{slot.Param} appears twice.", nameof(node));
                    default: throw new ArgumentException($"AccumGrad.Restore: unknown slot '{slot.Name}' for parameter #{slot.Param}; an 'AccumGrad' state has slots 'sum', 'count'.", nameof(node));
                }
            }
            if (sum is null || count is null)
                throw new ArgumentException($"AccumGrad.Restore: parameter #{group.Key} lacks slot '{(sum is null ? "sum" : "count")}'; an 'AccumGrad' state has slots 'sum', 'count'.", nameof(node));
            var c = count.Length == 1 ? count.Span[0] : double.NaN;
            if (count.Shape.Rank != 0 || !(c >= 0 && c < N && c == Math.Floor(c)))
                throw new ArgumentException($"AccumGrad.Restore: slot 'count' of parameter #{group.Key} must be a scalar whole number in [0, {N}); got {count}.", nameof(node));
            sums.Add(group.Key, (sum, (int)c));
        }
        return new AccumGradState(node.Step, Inner.Restore(node.Children[0]), sums.ToImmutable());
    }

    /// <summary><c>AccumGrad(inner, n)</c>.</summary>
    public override string ToString() => $"AccumGrad({Inner}, {N})";
}

/// <summary>The state of <see cref="AccumGrad"/>: calls so far, the inner state, and each parameter's sum and count in the current window.</summary>
/// <remarks>Node: kind <c>"AccumGrad"</c>, slots <c>"sum"</c> (the parameter's shape) and <c>"count"</c> (a scalar) per parameter, one child (the inner state).</remarks>
public sealed record AccumGradState : WrapperState
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "AccumGrad";

    /// <summary>A state after <paramref name="stepCount"/> calls.</summary>
    public AccumGradState(long stepCount, OptimiserState inner, ImmutableDictionary<ParamId, (Tensor Sum, int Count)> sums) : base(stepCount, inner)
    {
        Sums = sums ?? throw new ArgumentNullException(nameof(sums));
    }

    /// <summary>Each parameter's sum of gradients in the current window, and how many it received.</summary>
    public ImmutableDictionary<ParamId, (Tensor Sum, int Count)> Sums { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <inheritdoc/>
    public override StateNode ToNode()
    {
        var slots = ImmutableArray.CreateBuilder<StateSlot>(Sums.Count * 2);
        foreach (var (id, (sum, count)) in Sums.OrderBy(e => e.Key.Value))
        {
            slots.Add(new StateSlot(id, "sum", sum));
            slots.Add(new StateSlot(id, "count", Tensor.Scalar(count)));
        }
        return new StateNode(KindName, StepCount, slots.MoveToImmutable(), ImmutableDictionary<string, double>.Empty, [Inner.ToNode()]);
    }

    /// <summary>Equal step counts, inner states, and sums (bit for bit) and counts.</summary>
    public bool Equals(AccumGradState? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (!base.Equals(other) || !Inner.Equals(other.Inner) || Sums.Count != other.Sums.Count) return false;
        foreach (var (id, e) in Sums)
            if (!other.Sums.TryGetValue(id, out var o) || o.Count != e.Count || !o.Sum.Equals(e.Sum)) return false;
        return true;
    }

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Sums.Count);
}
