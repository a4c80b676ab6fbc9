namespace Flux;

/// <summary>
/// The state of any rule: its kind, the step count and, for each parameter identity, the rule's
/// slots (tensors of the parameter's shape, named by the rule's <see cref="RuleDeclaration.Slots"/>:
/// ADAM's <c>m</c> and <c>v</c>, RMSProp's <c>acc</c>, ...). Two states are equal when their kinds,
/// step counts and slots, bit for bit, are.
/// </summary>
public sealed record RuleState : OptimiserState
{
    /// <summary>A state of rule <paramref name="kind"/> after <paramref name="stepCount"/> steps.</summary>
    public RuleState(string kind, long stepCount, ImmutableArray<string> slotNames, ImmutableDictionary<ParamId, ImmutableArray<Tensor>> slots) : base(stepCount)
    {
        Kind = kind ?? throw new ArgumentNullException(nameof(kind));
        SlotNames = slotNames.IsDefault ? [] : slotNames;
        Slots = slots ?? throw new ArgumentNullException(nameof(slots));
    }

    /// <inheritdoc/>
    public override string Kind { get; }

    /// <summary>The names of each parameter's slots, in order.</summary>
    public ImmutableArray<string> SlotNames { get; }

    /// <summary>The slots of each parameter, by identity, in the order of <see cref="SlotNames"/>.</summary>
    public ImmutableDictionary<ParamId, ImmutableArray<Tensor>> Slots { get; }

    /// <summary>Slot <paramref name="slot"/> (<c>"m"</c>) of <paramref name="param"/> (any version of it).</summary>
    /// <exception cref="KeyNotFoundException">The state holds nothing for that parameter, or the rule has no such slot.</exception>
    public Tensor this[Param param, string slot]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(param);
            var i = SlotNames.IndexOf(slot);
            if (i < 0) throw new KeyNotFoundException($"{Kind} state: no slot '{slot}'; it has {Describe(SlotNames)}.");
            return Slots.TryGetValue(param.Id, out var s) ? s[i] : throw new KeyNotFoundException($"{Kind} state: no slots for parameter {param.Name} (#{param.Id}).");
        }
    }

    /// <inheritdoc/>
    public override StateNode ToNode()
    {
        var slots = ImmutableArray.CreateBuilder<StateSlot>(Slots.Count * SlotNames.Length);
        foreach (var (id, s) in Slots.OrderBy(e => e.Key.Value))
            for (var i = 0; i < s.Length; i++) slots.Add(new StateSlot(id, SlotNames[i], s[i]));
        return new StateNode(Kind, StepCount, slots.MoveToImmutable(), ImmutableDictionary<string, double>.Empty, []);
    }

    /// <summary>Equal kind, step count, slot names and slots, bit for bit.</summary>
    public bool Equals(RuleState? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (!base.Equals(other) || other.Kind != Kind || !other.SlotNames.SequenceEqual(SlotNames) || other.Slots.Count != Slots.Count) return false;
        foreach (var (id, s) in Slots)
            if (!other.Slots.TryGetValue(id, out var o) || !s.SequenceEqual(o)) return false;
        return true;
    }

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Kind, Slots.Count);

    /// <summary>The state of rule <paramref name="kind"/> read back from its neutral form, every slot checked.</summary>
    internal static RuleState Restore(string kind, ImmutableArray<string> names, StateNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        StateNode.Expect(kind, node, children: 0);
        var slots = ImmutableDictionary.CreateBuilder<ParamId, ImmutableArray<Tensor>>();
        foreach (var group in node.Slots.GroupBy(s => s.Param))
        {
            var tensors = new Tensor?[names.Length];
            foreach (var slot in group)
            {
                var i = names.IndexOf(slot.Name);
                if (i < 0)
                    throw new ArgumentException($"{kind}.Restore: unknown slot '{slot.Name}' for parameter #{slot.Param}; a '{kind}' state has {Describe(names)}.", nameof(node));
                if (tensors[i] is not null)
                    throw new ArgumentException($"{kind}.Restore: slot '{slot.Name}' of parameter #{slot.Param} appears twice.", nameof(node));
                tensors[i] = slot.Value ?? throw new ArgumentException($"{kind}.Restore: slot '{slot.Name}' of parameter #{slot.Param} has no value.", nameof(node));
            }
            for (var i = 0; i < names.Length; i++)
            {
                if (tensors[i] is null)
                    throw new ArgumentException($"{kind}.Restore: parameter #{group.Key} lacks slot '{names[i]}'; a '{kind}' state has {Describe(names)}.", nameof(node));
                if (tensors[i]!.Shape != tensors[0]!.Shape)
                    throw new ArgumentException($"{kind}.Restore: the slots of parameter #{group.Key} differ in shape: '{names[0]}' is {tensors[0]!.Shape}, '{names[i]}' is {tensors[i]!.Shape}.", nameof(node));
            }
            slots.Add(group.Key, [.. tensors.Select(t => t!)]);
        }
        return new RuleState(kind, node.Step, names, slots.ToImmutable());
    }

    private static string Describe(ImmutableArray<string> names) =>
        names.IsEmpty ? "no slots" : "slots " + string.Join(", ", names.Select(n => $"'{n}'"));
}
