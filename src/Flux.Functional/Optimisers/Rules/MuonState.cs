namespace Flux;

/// <summary>The state of <see cref="Muon"/>: the steps taken, the momentum of each matrix parameter, and the fallback's state.</summary>
/// <remarks>Node: kind <c>"Muon"</c>, slot <c>"m"</c> per matrix parameter, one child (the fallback's state).</remarks>
public sealed record MuonState : OptimiserState
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "Muon";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public MuonState(long stepCount, ImmutableDictionary<ParamId, Tensor> momenta, OptimiserState fallback) : base(stepCount)
    {
        Momenta = momenta ?? throw new ArgumentNullException(nameof(momenta));
        Fallback = fallback ?? throw new ArgumentNullException(nameof(fallback));
    }

    /// <summary>The momentum <c>m</c> of each matrix parameter, by identity.</summary>
    public ImmutableDictionary<ParamId, Tensor> Momenta { get; }

    /// <summary>The state of the fallback optimiser (the parameters that are not matrices).</summary>
    public OptimiserState Fallback { get; init; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <summary>The fallback state's evaluation parameters; the matrices have none of their own.</summary>
    public override Params EvaluationParams(Params ps) => Fallback.EvaluationParams(ps);

    /// <inheritdoc/>
    public override StateNode ToNode() => new(KindName, StepCount,
        [.. Momenta.OrderBy(e => e.Key.Value).Select(e => new StateSlot(e.Key, "m", e.Value))],
        ImmutableDictionary<string, double>.Empty, [Fallback.ToNode()]);

    /// <summary>Equal step counts, momenta (bit for bit) and fallback states.</summary>
    public bool Equals(MuonState? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (!base.Equals(other) || !Fallback.Equals(other.Fallback) || Momenta.Count != other.Momenta.Count) return false;
        foreach (var (id, m) in Momenta)
            if (!other.Momenta.TryGetValue(id, out var o) || !o.Equals(m)) return false;
        return true;
    }

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Momenta.Count);
}
