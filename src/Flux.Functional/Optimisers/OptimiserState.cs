using System.Collections.Immutable;
using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// The state of an optimiser between steps: immutable and typed per rule (for example
/// <see cref="AdamState"/>). Every state has a neutral form, <see cref="ToNode"/>, that checkpoints
/// serialise and <see cref="IOptimiser.Restore"/> reads back.
/// </summary>
public abstract record OptimiserState
{
    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepCount"/> is negative.</exception>
    protected OptimiserState(long stepCount)
    {
        if (stepCount < 0)
            throw new ArgumentOutOfRangeException(nameof(stepCount), stepCount, "an optimiser state's step count must be 0 or more.");
        StepCount = stepCount;
    }

    /// <summary>The number of steps taken so far; the next step has <c>t = StepCount + 1</c>.</summary>
    public long StepCount { get; }

    /// <summary>The kind of rule this state belongs to, as in <see cref="StateNode.Kind"/> (<c>"ADAM"</c>, <c>"Chain"</c>, ...).</summary>
    public abstract string Kind { get; }

    /// <summary>The neutral, serialisable form of this state.</summary>
    [Pure]
    public abstract StateNode ToNode();

    /// <summary>
    /// The state as its neutral form prints it: kind, step, slot count and scalars, with nested
    /// states indented (<c>"Chain (step 3, 0 slots)\n  ADAM (step 3, 4 slots)"</c>).
    /// </summary>
    public sealed override string ToString() => ToNode().ToString();
}

/// <summary>
/// The per-parameter state of one parameter under a rule: a fixed, named tuple of tensors of the
/// parameter's shape (ADAM's <c>m</c> and <c>v</c>, RMSProp's <c>acc</c>, ...).
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface ISlots<TSelf> where TSelf : ISlots<TSelf>
{
    /// <summary>The slot names, in the order of <see cref="ToTensors"/> (as written in <see cref="StateSlot.Name"/>).</summary>
    static abstract ImmutableArray<string> Names { get; }

    /// <summary>The slot tensors, in the order of <see cref="Names"/>.</summary>
    [Pure]
    ImmutableArray<Tensor> ToTensors();

    /// <summary>The slots from tensors in the order of <see cref="Names"/>.</summary>
    [Pure]
    static abstract TSelf FromTensors(ImmutableArray<Tensor> tensors);
}

/// <summary>The slots of a rule that keeps nothing per parameter (SGD, the clipping and scheduling blocks).</summary>
public readonly record struct NoSlots : ISlots<NoSlots>
{
    /// <inheritdoc/>
    public static ImmutableArray<string> Names { get; } = [];

    /// <inheritdoc/>
    public ImmutableArray<Tensor> ToTensors() => [];

    /// <inheritdoc/>
    public static NoSlots FromTensors(ImmutableArray<Tensor> tensors) => default;
}

/// <summary>
/// The state of an elementwise rule: the step count and, for each parameter identity, the rule's
/// slots. A rule without slots keeps an empty map. Two states are equal when their kinds, step
/// counts and slots (bit for bit) are.
/// </summary>
/// <typeparam name="TSlots">The rule's per-parameter slots.</typeparam>
public abstract record SlotState<TSlots> : OptimiserState where TSlots : ISlots<TSlots>
{
    /// <summary>A state after <paramref name="stepCount"/> steps with the given slots.</summary>
    protected SlotState(long stepCount, ImmutableDictionary<ParamId, TSlots> slots) : base(stepCount)
    {
        ArgumentNullException.ThrowIfNull(slots);
        Slots = slots;
    }

    /// <summary>The slots of each parameter, by identity.</summary>
    public ImmutableDictionary<ParamId, TSlots> Slots { get; }

    /// <summary>The slots of <paramref name="param"/> (any version of it).</summary>
    /// <exception cref="KeyNotFoundException">The state holds nothing for that parameter.</exception>
    public TSlots this[Param param]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(param);
            return Slots.TryGetValue(param.Id, out var s)
                ? s
                : throw new KeyNotFoundException($"{Kind} state: no slots for parameter {param.Name} (#{param.Id}).");
        }
    }

    /// <inheritdoc/>
    public override StateNode ToNode()
    {
        var slots = ImmutableArray.CreateBuilder<StateSlot>(Slots.Count * TSlots.Names.Length);
        foreach (var (id, s) in Slots.OrderBy(e => e.Key.Value))
        {
            var tensors = s.ToTensors();
            for (var i = 0; i < tensors.Length; i++) slots.Add(new StateSlot(id, TSlots.Names[i], tensors[i]));
        }
        return new StateNode(Kind, StepCount, slots.MoveToImmutable(), ImmutableDictionary<string, double>.Empty, []);
    }

    /// <summary>Equal kind, step count and slots, bit for bit.</summary>
    public virtual bool Equals(SlotState<TSlots>? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (!base.Equals(other) || other.Slots.Count != Slots.Count) return false;
        foreach (var (id, s) in Slots)
            if (!other.Slots.TryGetValue(id, out var o) || !EqualityComparer<TSlots>.Default.Equals(s, o))
                return false;
        return true;
    }

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Slots.Count);
}
