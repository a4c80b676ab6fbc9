using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// <c>Partition(label, groups)</c>: one optimiser per group of parameters (Optax's
/// <c>multi_transform</c>; per-layer learning rates). <c>label(p)</c> names the group of each
/// parameter; each group's optimiser steps only its own parameters, and the state holds every
/// group's state.
/// <code>
/// for each group G:  (s_G', p_G') = opt_G.Step(s_G, { p : label(p) = G }, g)
/// </code>
/// A partition with one group is that group's optimiser, bit for bit.
/// </summary>
/// <remarks>
/// Labels come from <see cref="ParamLabels"/> (by name, by predicate, by a chain's layer, by
/// sub-model) or any function of the parameter; a parameter whose label has no group is an error
/// naming both. With labels by layer or by sub-model (which match parameters by identity), a
/// parameter list holding none of the parameters they name (a rebuilt model) is an error too. The function is called on each parameter at each step, so it must not depend on
/// values that change (the helpers use names and identities). Groups are kept in ordinal order of
/// their labels. A partition is an ordinary optimiser: chain it, wrap it, nest it.
/// State: <see cref="PartitionState"/>.
/// </remarks>
public sealed record Partition : IFusedOptimiser
{
    /// <summary>The partition of parameters by <paramref name="label"/> into <paramref name="groups"/>.</summary>
    /// <exception cref="ArgumentException">No groups, a null optimiser or label, or a label given twice.</exception>
    public Partition(Func<Param, string> label, IEnumerable<KeyValuePair<string, IOptimiser>> groups)
    {
        Label = label ?? throw new ArgumentNullException(nameof(label));
        ArgumentNullException.ThrowIfNull(groups);
        var list = groups.ToList();
        if (list.Count == 0) throw new ArgumentException("Partition: at least one group is needed.", nameof(groups));
        foreach (var (l, o) in list)
        {
            if (l is null) throw new ArgumentException("Partition: a group's label is null.", nameof(groups));
            if (o is null) throw new ArgumentException($"Partition: group '{l}' has no optimiser.", nameof(groups));
        }
        if (list.GroupBy(e => e.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"Partition: label '{twice.Key}' is given twice.", nameof(groups));
        Groups = [.. list.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value))];
    }

    /// <summary>The function naming each parameter's group.</summary>
    public Func<Param, string> Label { get; }

    /// <summary>The groups, in ordinal order of their labels.</summary>
    public ImmutableArray<(string Label, IOptimiser Optimiser)> Groups { get; private init; }

    /// <summary>The optimiser of group <paramref name="label"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such group.</exception>
    public IOptimiser this[string label] => Groups[IndexOf(label, "this[]")].Optimiser;

    /// <inheritdoc/>
    [Pure]
    public OptimiserState Init(Params ps)
    {
        var members = Members(ps);
        return new PartitionState(0, [.. Groups.Select(g => g.Label)], [.. Groups.Select((g, i) => g.Optimiser.Init(members[i]))]);
    }

    /// <inheritdoc/>
    [Pure]
    public (OptimiserState State, Grads Delta) Update(OptimiserState state, Params ps, Grads grads) => Apply(state, ps, grads, Emit.Delta);

    (OptimiserState State, Grads Out) IFusedOptimiser.Apply(OptimiserState state, Params ps, Grads grads, Emit emit) => Apply(state, ps, grads, emit);

    private (OptimiserState State, Grads Out) Apply(OptimiserState state, Params ps, Grads grads, Emit emit)
    {
        var s = Check(state, ps, grads, emit.Operation());
        var members = Members(ps);
        var states = ImmutableArray.CreateBuilder<OptimiserState>(Groups.Length);
        var outputs = new Dictionary<ParamId, Tensor>(ps.Count);
        for (var i = 0; i < Groups.Length; i++)
        {
            var (next, output) = Fusion.Apply(Groups[i].Optimiser, s.States[i], members[i], grads, emit);
            states.Add(next);
            foreach (var (p, o) in output) outputs[p.Id] = o;
        }
        var merged = ps.Where(p => outputs.ContainsKey(p.Id)).Select(p => new KeyValuePair<Param, Tensor>(p, outputs[p.Id]));
        return (new PartitionState(s.StepCount + 1, s.Labels, states.MoveToImmutable()), Grads.Of(merged));
    }

    /// <inheritdoc/>
    [Pure]
    public OptimiserState Restore(StateNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        // Each group's state is the child keyed by its label. Checkpoints written before keyed
        // children held the labels as scalars (label → child index); those still load.
        var legacy = node.Children.All(c => c.Key is null) && !node.Scalars.IsEmpty;
        StateNode.Expect("Partition", node, children: Groups.Length, slots: false, legacy ? [.. Groups.Select(g => g.Label)] : []);
        var states = ImmutableArray.CreateBuilder<OptimiserState>(Groups.Length);
        for (var i = 0; i < Groups.Length; i++)
        {
            var label = Groups[i].Label;
            var at = legacy ? node.Scalars[label] : node.Children.IndexOf(node.Children.FirstOrDefault(c => c.Key == label)!);
            if (at != i)
                throw new ArgumentException(at < 0
                    ? $"Partition.Restore: the node has no child keyed '{label}'; its children are {string.Join(", ", node.Children.Select(c => $"'{c.Key}'"))}."
                    : $"Partition.Restore: group '{label}' is child {i} of this partition but {at} in the node.", nameof(node));
            states.Add(Groups[i].Optimiser.Restore(node.Children[i] with { Key = null }));
        }
        return new PartitionState(node.Step, [.. Groups.Select(g => g.Label)], states.MoveToImmutable());
    }

    /// <inheritdoc/>
    public ImmutableSortedSet<string> HyperparameterNames => [.. Groups.SelectMany(g => g.Optimiser.HyperparameterNames)];

    /// <summary>Every group that has a hyperparameter in <paramref name="changes"/> adjusted (use <see cref="AdjustGroup"/> for one group).</summary>
    [Pure]
    public (IOptimiser Optimiser, OptimiserState State) Adjust(OptimiserState state, IReadOnlyDictionary<string, double> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var s = Check(state, Params.Empty, Grads.Empty, nameof(Adjust));
        var (optimisers, states) = OptimiserExtensions.AdjustEach("Partition", [.. Groups.Select(g => g.Optimiser)], s.States, changes);
        return With(state, s, optimisers, states);
    }

    /// <summary>Only group <paramref name="label"/> adjusted: a per-layer learning rate changed mid-run, moments kept.</summary>
    /// <exception cref="KeyNotFoundException">No such group.</exception>
    [Pure]
    public (IOptimiser Optimiser, OptimiserState State) AdjustGroup(OptimiserState state, string label, IReadOnlyDictionary<string, double> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var s = Check(state, Params.Empty, Grads.Empty, nameof(AdjustGroup));
        var i = IndexOf(label, nameof(AdjustGroup));
        var (opt, next) = Groups[i].Optimiser.Adjust(s.States[i], changes);
        return With(state, s, [.. Groups.Select((g, j) => j == i ? opt : g.Optimiser)], s.States.SetItem(i, next));
    }

    private (IOptimiser, OptimiserState) With(OptimiserState state, PartitionState s, ImmutableArray<IOptimiser> optimisers, ImmutableArray<OptimiserState> states) =>
        optimisers.SequenceEqual(Groups.Select(g => g.Optimiser)) && states.SequenceEqual(s.States)
            ? (this, state)
            : (this with { Groups = [.. Groups.Select((g, i) => (g.Label, optimisers[i]))] }, new PartitionState(s.StepCount, s.Labels, states));

    private int IndexOf(string label, string operation)
    {
        ArgumentNullException.ThrowIfNull(label);
        for (var i = 0; i < Groups.Length; i++)
            if (Groups[i].Label == label) return i;
        throw new KeyNotFoundException($"Partition.{operation}: no group '{label}'; the groups are {string.Join(", ", Groups.Select(g => $"'{g.Label}'"))}.");
    }

    // The members of each group, in the order of ps.
    private Params[] Members(Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        if (Label.Target is IdentityLabels named && ps.Count > 0 && !ps.Any(named.Names))
            throw new ArgumentException(
                $"Partition: none of the {ps.Count} parameters given is in {named.Source} the labels were built from. Labels match parameters by identity, " +
                "and a rebuilt model (a fresh template, a model loaded from a checkpoint) has new identities: build the labels from the model you step.",
                nameof(ps));
        var lists = Groups.Select(_ => new List<Param>()).ToArray();
        foreach (var p in ps)
        {
            var label = Label(p);
            var i = -1;
            for (var j = 0; j < Groups.Length && i < 0; j++)
                if (Groups[j].Label == label) i = j;
            if (i < 0)
                throw new ArgumentException(
                    $"Partition: parameter {p.Name} (#{p.Id}) is labelled {(label is null ? "null" : $"'{label}'")}, which is not a group; the groups are {string.Join(", ", Groups.Select(g => $"'{g.Label}'"))}.",
                    nameof(ps));
            lists[i].Add(p);
        }
        return [.. lists.Select(Params.Of)];
    }

    /// <summary>The loss passed to every group; the partition's own state is unchanged.</summary>
    [Pure]
    public OptimiserState Observe(OptimiserState state, double loss)
    {
        var s = Check(state, Params.Empty, Grads.Empty, nameof(Observe));
        var states = s.States.Select((g, i) => Groups[i].Optimiser.Observe(g, loss)).ToImmutableArray();
        return states.Zip(s.States).All(e => ReferenceEquals(e.Item1, e.Item2)) ? state : new PartitionState(s.StepCount, s.Labels, states);
    }

    private PartitionState Check(OptimiserState state, Params ps, Grads grads, string operation)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(ps);
        ArgumentNullException.ThrowIfNull(grads);
        if (state is not PartitionState s) throw OptimiserState.NotMine("Partition", operation, state);
        if (!s.Labels.SequenceEqual(Groups.Select(g => g.Label)))
            throw new ArgumentException(
                $"Partition.{operation}: the state has groups {string.Join(", ", s.Labels.Select(l => $"'{l}'"))}, this partition {string.Join(", ", Groups.Select(g => $"'{g.Label}'"))}.",
                nameof(state));
        return s;
    }

    /// <summary>Equal label functions (the same delegate) and groups.</summary>
    public bool Equals(Partition? other) => other is not null && Label.Equals(other.Label) && Groups.SequenceEqual(other.Groups);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Label, Groups.Length);

    /// <summary><c>Partition(label: optimiser, …)</c>.</summary>
    public override string ToString() => "Partition(" + string.Join(", ", Groups.Select(g => $"{g.Label}: {g.Optimiser}")) + ")";
}

/// <summary>The state of a <see cref="Partition"/>: its step count and each group's state, by label.</summary>
/// <remarks>Node: kind <c>"Partition"</c>, one scalar per group (its label, valued with its child index), the groups' states as children.</remarks>
public sealed record PartitionState : OptimiserState
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "Partition";

    /// <summary>A partition's state after <paramref name="stepCount"/> steps.</summary>
    public PartitionState(long stepCount, ImmutableArray<string> labels, ImmutableArray<OptimiserState> states) : base(stepCount)
    {
        if (labels.IsDefault || states.IsDefault || labels.Length != states.Length || states.Any(s => s is null) || labels.Any(l => l is null))
            throw new ArgumentException("PartitionState: one label and one state per group are needed.", nameof(states));
        Labels = labels;
        States = states;
    }

    /// <summary>The groups' labels, in ordinal order.</summary>
    public ImmutableArray<string> Labels { get; }

    /// <summary>The groups' states, in the order of <see cref="Labels"/>.</summary>
    public ImmutableArray<OptimiserState> States { get; }

    /// <summary>Each group's evaluation parameters (a group's state knows only its own parameters and leaves the rest).</summary>
    public override Params EvaluationParams(Params ps) => States.Aggregate(ps, (q, s) => s.EvaluationParams(q));

    /// <summary>The state of group <paramref name="label"/>.</summary>
    public OptimiserState this[string label] => Labels.IndexOf(label) is var i and >= 0
        ? States[i]
        : throw new KeyNotFoundException($"PartitionState: no group '{label}'.");

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <inheritdoc/>
    public override StateNode ToNode() => new(KindName, StepCount, [], ImmutableDictionary<string, double>.Empty,
        [.. States.Select((s, i) => s.ToNode() with { Key = Labels[i] })]);

    /// <summary>Equal step counts, labels and states.</summary>
    public bool Equals(PartitionState? other) =>
        ReferenceEquals(this, other) || (base.Equals(other) && Labels.SequenceEqual(other.Labels) && States.SequenceEqual(other.States));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), States.Length);
}
