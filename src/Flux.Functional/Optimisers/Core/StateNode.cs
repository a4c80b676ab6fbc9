using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// The neutral, serialisable form of any optimiser state: the rule's kind, its step count, its
/// per-parameter tensors, any scalars it keeps, and the nodes of its children (a chain's elements,
/// in order). Checkpoints write this form; <see cref="IOptimiser.Restore"/> reads it back.
/// </summary>
/// <param name="Kind">The rule (<c>"ADAM"</c>, <c>"Momentum"</c>, <c>"Chain"</c>, ...).</param>
/// <param name="Step">The number of steps taken.</param>
/// <param name="Slots">Per-parameter tensors, ordered by parameter identity and then slot order.</param>
/// <param name="Scalars">Named numbers of the state (none for the library's rules; free for a user's).</param>
/// <param name="Children">The states of nested optimisers, in order.</param>
/// <remarks>Two nodes are equal when all five parts are equal, tensors bit for bit and in order.</remarks>
public sealed record StateNode(
    string Kind,
    long Step,
    ImmutableArray<StateSlot> Slots,
    ImmutableDictionary<string, double> Scalars,
    ImmutableArray<StateNode> Children)
{
    /// <summary>The rule's kind.</summary>
    public string Kind { get; init; } = Kind ?? throw new ArgumentNullException(nameof(Kind));

    /// <summary>Per-parameter tensors (never default: a default array reads as empty).</summary>
    public ImmutableArray<StateSlot> Slots { get; init; } = Slots.IsDefault ? [] : Slots;

    /// <summary>Named numbers of the state (never null: null reads as empty).</summary>
    public ImmutableDictionary<string, double> Scalars { get; init; } = Scalars ?? ImmutableDictionary<string, double>.Empty;

    /// <summary>The states of nested optimisers (never default: a default array reads as empty).</summary>
    public ImmutableArray<StateNode> Children { get; init; } = Children.IsDefault ? [] : Children;

    /// <summary>
    /// The name under which the parent node holds this one (a partition's group label), or null for
    /// a child known by its position (a chain's elements).
    /// </summary>
    public string? Key { get; init; }

    /// <summary>Value equality over every part (sequences in order, scalars by key, tensors bit for bit).</summary>
    public bool Equals(StateNode? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || Kind != other.Kind || Step != other.Step || Key != other.Key) return false;
        if (!Slots.SequenceEqual(other.Slots)) return false;
        if (!Children.SequenceEqual(other.Children)) return false;
        var (a, b) = (Scalars, other.Scalars);
        return a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var v) && v.Equals(e.Value));
    }

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Step, Slots.Length, Children.Length);

    /// <summary>The slot called <paramref name="name"/> of parameter <paramref name="param"/>, if any.</summary>
    [Pure]
    public Tensor? Slot(ParamId param, string name) =>
        Slots.FirstOrDefault(s => s.Param == param && s.Name == name)?.Value;

    /// <summary>This node with every slot's tensor, here and in every child, replaced by <paramref name="map"/>'s result.</summary>
    [Pure]
    public StateNode MapSlots(Func<StateSlot, Tensor> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return this with
        {
            Slots = [.. Slots.Select(s => s with { Value = map(s) })],
            Children = [.. Children.Select(c => c.MapSlots(map))],
        };
    }

    /// <summary>The kind, step, slot count and scalars (by name), with children indented.</summary>
    public override string ToString() =>
        (Key is null ? "" : $"[{Key}] ") + $"{Kind} (step {Step}, {Slots.Length} slots" +
        string.Concat(Scalars.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $", {e.Key} = {e.Value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}")) + ")" +
        string.Concat(Children.Select(c => "\n  " + c.ToString().Replace("\n", "\n  ")));

    /// <summary>
    /// Checks that <paramref name="node"/> is a state of <paramref name="kind"/> with a valid step,
    /// <paramref name="children"/> children (any number when negative), exactly the scalars named,
    /// and no slots unless <paramref name="slots"/>.
    /// </summary>
    /// <exception cref="ArgumentException">It is not; the message names what differs.</exception>
    internal static void Expect(string kind, StateNode node, int children, bool slots = true, params string[] scalars)
    {
        if (node.Kind != kind)
            throw new ArgumentException($"{kind}.Restore: the node holds a '{node.Kind}' state, not a '{kind}' state.", nameof(node));
        if (node.Step < 0)
            throw new ArgumentException($"{kind}.Restore: the step count must be 0 or more; got {node.Step}.", nameof(node));
        if (children >= 0 && node.Children.Length != children)
            throw new ArgumentException(children == 0
                ? $"{kind}.Restore: a '{kind}' state has no children; the node has {node.Children.Length}."
                : $"{kind}.Restore: a '{kind}' state has {children} children; the node has {node.Children.Length}.", nameof(node));
        if (!slots && !node.Slots.IsEmpty)
            throw new ArgumentException($"{kind}.Restore: a '{kind}' node holds no slots of its own; its inner optimisers' slots are in its children.", nameof(node));
        foreach (var name in scalars)
            if (!node.Scalars.ContainsKey(name))
                throw new ArgumentException($"{kind}.Restore: the node lacks scalar '{name}'.", nameof(node));
        if (node.Scalars.Keys.FirstOrDefault(k => !scalars.Contains(k)) is { } extra)
            throw new ArgumentException($"{kind}.Restore: unknown scalar '{extra}'; a '{kind}' state has {(scalars.Length == 0 ? "none" : string.Join(", ", scalars))}.", nameof(node));
    }
}

/// <summary>One per-parameter tensor of a state: the parameter's identity, the slot's name (<c>"m"</c>, <c>"v"</c>, ...) and its value.</summary>
/// <param name="Param">The identity of the parameter the slot belongs to.</param>
/// <param name="Name">The slot's name, as the rule documents it.</param>
/// <param name="Value">The slot's tensor, of the parameter's shape.</param>
public sealed record StateSlot(ParamId Param, string Name, Tensor Value)
{
    /// <summary>
    /// True when the slot holds values of its parameter (moments, sums, averages), which take the
    /// parameter's element type; false for a slot named <c>"count"</c>, a whole number of steps kept
    /// in Float64 so that it counts exactly beyond 2²⁴ (EMA, SWA, AccumGrad).
    /// </summary>
    public bool TakesParameterType => Name != "count";
}
