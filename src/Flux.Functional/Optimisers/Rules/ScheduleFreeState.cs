using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// The state of a schedule-free rule (<see cref="ScheduleFreeSGD"/>, <see cref="ScheduleFreeAdamW"/>):
/// per parameter the sequences <c>z</c> (the base steps) and <c>x</c> (their weighted average, the
/// parameters to evaluate), and for AdamW the second moment <c>v</c>; over the whole map the sum of
/// the averaging weights so far and the largest learning rate seen.
/// </summary>
/// <remarks>Node: the rule's kind, slots <c>"z"</c>, <c>"x"</c> (and <c>"v"</c>) per parameter, scalars <c>"weightSum"</c> and <c>"maxEta"</c>, no children.</remarks>
public sealed record ScheduleFreeState : OptimiserState
{
    /// <summary>The names of the scalars in <see cref="StateNode.Scalars"/>.</summary>
    internal const string WeightSumName = "weightSum", MaxEtaName = "maxEta";

    /// <summary>A state holding <paramref name="perParameter"/>'s slots and step count, and the two scalars.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A scalar is negative or not finite.</exception>
    public ScheduleFreeState(RuleState perParameter, double weightSum, double maxEta) : base((perParameter ?? throw new ArgumentNullException(nameof(perParameter))).StepCount)
    {
        PerParameter = perParameter;
        WeightSum = double.IsFinite(weightSum) && weightSum >= 0
            ? weightSum
            : throw new ArgumentOutOfRangeException(nameof(weightSum), weightSum, $"{perParameter.Kind} state: the sum of the averaging weights must be finite and 0 or more.");
        MaxEta = double.IsFinite(maxEta) && maxEta >= 0
            ? maxEta
            : throw new ArgumentOutOfRangeException(nameof(maxEta), maxEta, $"{perParameter.Kind} state: the largest learning rate must be finite and 0 or more.");
    }

    /// <summary>The per-parameter slots (<c>z</c>, <c>x</c>, and <c>v</c> for AdamW) and the step count.</summary>
    public RuleState PerParameter { get; }

    /// <summary><c>Σ_i η_max,i^r</c> over the steps so far: the denominator of the next averaging weight.</summary>
    public double WeightSum { get; }

    /// <summary>The largest learning rate of the weights so far (0 before the first step).</summary>
    public double MaxEta { get; }

    /// <inheritdoc/>
    public override string Kind => PerParameter.Kind;

    /// <summary>Slot <paramref name="slot"/> (<c>"z"</c>, <c>"x"</c>, <c>"v"</c>) of <paramref name="param"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such slot, or nothing for that parameter.</exception>
    public Tensor this[Param param, string slot] => PerParameter[param, slot];

    /// <summary>The average <c>x</c> of each parameter: the parameters to evaluate or save.</summary>
    [Pure]
    public override Params EvaluationParams(Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        var x = PerParameter.SlotNames.IndexOf("x");
        return WithValues(ps, PerParameter.Slots.ToDictionary(e => e.Key, e => e.Value[x]));
    }

    /// <inheritdoc/>
    public override StateNode ToNode() => PerParameter.ToNode() with
    {
        Scalars = ImmutableDictionary<string, double>.Empty.Add(WeightSumName, WeightSum).Add(MaxEtaName, MaxEta),
    };

    /// <summary>Equal slots (bit for bit), step counts and scalars (bit for bit).</summary>
    public bool Equals(ScheduleFreeState? other) =>
        ReferenceEquals(this, other) || (other is not null && PerParameter.Equals(other.PerParameter)
            && WeightSum.Equals(other.WeightSum) && MaxEta.Equals(other.MaxEta));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(PerParameter, WeightSum, MaxEta);

    /// <summary>The state of rule <paramref name="kind"/> read back from its neutral form, every slot and scalar checked.</summary>
    internal static ScheduleFreeState Restore(string kind, ImmutableArray<string> names, StateNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        StateNode.Expect(kind, node, children: 0, slots: true, WeightSumName, MaxEtaName);
        var (sum, max) = (node.Scalars[WeightSumName], node.Scalars[MaxEtaName]);
        if (!(double.IsFinite(sum) && sum >= 0 && double.IsFinite(max) && max >= 0))
            throw new ArgumentException($"{kind}.Restore: scalars '{WeightSumName}' and '{MaxEtaName}' must be finite and 0 or more; got {sum} and {max}.", nameof(node));
        var perParameter = RuleState.Restore(kind, names, node with { Scalars = ImmutableDictionary<string, double>.Empty });
        return new ScheduleFreeState(perParameter, sum, max);
    }
}
