namespace Flux;

/// <summary>
/// The state of a parameter average (<see cref="EMA"/>, <see cref="SWA"/>): steps so far, the inner
/// state, and each parameter's average and the number of values it averages.
/// </summary>
/// <remarks>Node: kind <c>"EMA"</c> or <c>"SWA"</c>, slots <c>"average"</c> (the parameter's shape) and <c>"count"</c> (a scalar) per parameter, one child (the inner state).</remarks>
public sealed record EMAState : WrapperState
{
    /// <summary>The kind in <see cref="StateNode.Kind"/> of an <see cref="EMA"/> state.</summary>
    public const string KindName = "EMA";

    private readonly string _kind;

    /// <summary>A state of kind <paramref name="kind"/> after <paramref name="stepCount"/> steps.</summary>
    public EMAState(long stepCount, OptimiserState inner, ImmutableDictionary<ParamId, (Tensor Average, long Count)> averages, string kind = KindName) : base(stepCount, inner)
    {
        Averages = averages ?? throw new ArgumentNullException(nameof(averages));
        _kind = kind ?? throw new ArgumentNullException(nameof(kind));
    }

    /// <summary>Each parameter's average and the number of values it averages, by identity.</summary>
    public ImmutableDictionary<ParamId, (Tensor Average, long Count)> Averages { get; }

    /// <inheritdoc/>
    public override string Kind => _kind;

    /// <summary>The averages: the parameters to evaluate or save (the inner state's own are not consulted).</summary>
    public override Params EvaluationParams(Params ps) => WithValues(ps, Averages.ToDictionary(e => e.Key, e => e.Value.Average));

    /// <inheritdoc/>
    public override StateNode ToNode()
    {
        var slots = ImmutableArray.CreateBuilder<StateSlot>(Averages.Count * 2);
        foreach (var (id, (average, count)) in Averages.OrderBy(e => e.Key.Value))
        {
            slots.Add(new StateSlot(id, "average", average));
            slots.Add(new StateSlot(id, "count", Tensor.Scalar(count)));
        }
        return new StateNode(Kind, StepCount, slots.MoveToImmutable(), ImmutableDictionary<string, double>.Empty, [Inner.ToNode()]);
    }

    /// <summary>Equal kinds, step counts, inner states, averages (bit for bit) and counts.</summary>
    public bool Equals(EMAState? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (!base.Equals(other) || other.Kind != Kind || !Inner.Equals(other.Inner) || Averages.Count != other.Averages.Count) return false;
        foreach (var (id, e) in Averages)
            if (!other.Averages.TryGetValue(id, out var o) || o.Count != e.Count || !o.Average.Equals(e.Average)) return false;
        return true;
    }

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Averages.Count);

    /// <summary>The state before any step: every average starts at the parameter, counting nothing.</summary>
    internal static EMAState Start(string kind, IOptimiser inner, Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        var averages = ImmutableDictionary.CreateBuilder<ParamId, (Tensor, long)>();
        foreach (var p in ps) averages.Add(p.Id, (p.Value, 0L));
        return new EMAState(0, inner.Init(ps), averages.ToImmutable(), kind);
    }

    /// <summary>
    /// The inner optimiser's step, then each stepped parameter's average moved by
    /// <paramref name="weights"/> (of the count so far and the step number, from 1).
    /// </summary>
    internal (OptimiserState State, Grads Out) Advance(IOptimiser innerOptimiser, Params ps, Grads grads, Emit emit, Func<long, long, AverageWeights> weights)
    {
        foreach (var p in ps)
        {
            if (!Averages.TryGetValue(p.Id, out var e))
                throw new ArgumentException($"{Kind}.{emit.Operation()}: the state holds nothing for parameter {p.Name} (#{p.Id}); it was made for other parameters. Call Init with these parameters.", "state");
            if (e.Average.Shape != p.Shape)
                throw new ArgumentException($"{Kind}.{emit.Operation()}: state slot 'average' of {p.Name} has shape {e.Average.Shape}; the parameter has shape {p.Shape}.", "state");
        }
        var (inner, output) = Fusion.Apply(innerOptimiser, Inner, ps, grads, emit);
        var averages = Averages.ToBuilder();
        var t = StepCount + 1;
        foreach (var p in ps)
        {
            if (!output.TryGet(p.Id, out var o)) continue;
            var next = emit == Emit.Params ? o : p.Value - o;
            var (a, n) = Averages[p.Id];
            var w = weights(n, t);
            if (w.Skip) continue;
            averages[p.Id] = (w.Copy ? next : a * w.Keep + next * w.Take, n + 1);
        }
        return (new EMAState(t, inner, averages.ToImmutable(), Kind), output);
    }

    /// <summary>The state in <paramref name="node"/>, of kind <paramref name="kind"/>, around <paramref name="inner"/>'s.</summary>
    internal static EMAState Restore(string kind, StateNode node, IOptimiser inner)
    {
        ArgumentNullException.ThrowIfNull(node);
        StateNode.Expect(kind, node, children: 1);
        var averages = ImmutableDictionary.CreateBuilder<ParamId, (Tensor, long)>();
        foreach (var group in node.Slots.GroupBy(s => s.Param))
        {
            var average = group.Where(s => s.Name == "average").ToArray();
            var count = group.Where(s => s.Name == "count").ToArray();
            if (group.FirstOrDefault(s => s.Name is not ("average" or "count")) is { } other)
                throw new ArgumentException($"{kind}.Restore: unknown slot '{other.Name}' for parameter #{group.Key}; an '{kind}' state has slots 'average', 'count'.", nameof(node));
            if (average.Length != 1 || count.Length != 1 || average[0].Value is null || count[0].Value is null)
                throw new ArgumentException($"{kind}.Restore: parameter #{group.Key} needs exactly one slot 'average' and one slot 'count', each with a value.", nameof(node));
            var c = count[0].Value!;
            var n = c.Length == 1 ? c.Span[0] : double.NaN;
            if (c.Rank != 0 || !(n >= 0 && n == Math.Floor(n) && n <= node.Step))
                throw new ArgumentException($"{kind}.Restore: slot 'count' of parameter #{group.Key} must be a scalar whole number from 0 to the step count {node.Step}; got {c}.", nameof(node));
            averages.Add(group.Key, (average[0].Value!, (long)n));
        }
        return new EMAState(node.Step, inner.Restore(node.Children[0]), averages.ToImmutable(), kind);
    }
}

/// <summary>How one step moves an average: not at all, to the new value, or to <c>keep·a + take·p'</c>.</summary>
internal readonly record struct AverageWeights(bool Skip, bool Copy, double Keep, double Take)
{
    public static AverageWeights None => new(true, false, 0, 0);
    public static AverageWeights ToValue => new(false, true, 0, 1);
    public static AverageWeights Blend(double keep, double take) => new(false, false, keep, take);
}
