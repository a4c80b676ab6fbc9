using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using Flux.Kernels;

namespace Flux;

/// <summary>What a kernel needs to know about the step: its number <c>t</c> (from 1) and a global factor (1 unless the rule computes one over the whole map).</summary>
internal readonly record struct StepContext(long T, double Scale);

/// <summary>
/// The common part of every elementwise rule of the library: validation, <c>Init</c>, <c>Step</c>,
/// <c>Transform</c> and <c>Restore</c>. A derived rule supplies its name, its initial slots and one
/// fused kernel. Rules are immutable records of their hyperparameters.
/// </summary>
/// <typeparam name="TState">The rule's state record.</typeparam>
/// <typeparam name="TSlots">The rule's per-parameter slots.</typeparam>
/// <remarks>
/// Every check happens before any arithmetic, so a refused step changes nothing (and a step never
/// changes its inputs anyway). A gradient holding NaN or ±∞ is refused with a
/// <see cref="NonFiniteGradientException"/> naming the parameter (one vectorised pass over each
/// gradient); <see cref="FiniteOnly"/> skips such steps instead.
/// Every rule is <see cref="IAdjustable"/>: <see cref="Adjust"/> rebuilds it with new
/// hyperparameters, validated as by its constructor, and keeps the state.
/// </remarks>
public abstract record SlotRule<TState, TSlots> : IGradientTransformation, IAdjustable
    where TState : SlotState<TSlots>
    where TSlots : ISlots<TSlots>
{
    private protected SlotRule() { }

    /// <summary>The rule's name, as in OPTIMISERS.md and <see cref="StateNode.Kind"/>.</summary>
    private protected abstract string Kind { get; }

    /// <summary>A state of this rule.</summary>
    private protected abstract TState NewState(long stepCount, ImmutableDictionary<ParamId, TSlots> slots);

    /// <summary>The initial slots of <paramref name="p"/> (unused when the rule has no slots).</summary>
    private protected abstract TSlots InitSlots(Param p);

    /// <summary>One fused pass over parameter <paramref name="p"/>: writes <c>p - Δ</c> or <c>Δ</c> (per <typeparamref name="TEmit"/>) into <paramref name="output"/> and returns the new slots.</summary>
    private protected abstract TSlots Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, TSlots slots, double[] output)
        where TEmit : struct, IEmit;

    /// <summary>A factor computed over the whole gradient map before the kernels run (<see cref="ClipNorm"/>); 1 by default.</summary>
    private protected virtual double GlobalScale(Params ps, Grads grads) => 1.0;

    /// <summary>The hyperparameters by their constructor names (<c>eta</c>, <c>beta1</c>, ...), in constructor order.</summary>
    private protected abstract ImmutableArray<(string Name, double Value)> HyperparameterList { get; }

    /// <summary>The rule with the hyperparameters <paramref name="value"/> gives by name (validated by the constructor).</summary>
    private protected abstract IOptimiser Rebuild(Func<string, double> value);

    private static bool HasSlots => !TSlots.Names.IsEmpty;

    /// <summary>The hyperparameters by their constructor names (<c>eta</c>, <c>beta1</c>, ...), as <see cref="Adjust"/> accepts them.</summary>
    public ImmutableSortedDictionary<string, double> HyperparameterValues =>
        HyperparameterList.ToImmutableSortedDictionary(h => h.Name, h => h.Value, StringComparer.Ordinal);

    /// <inheritdoc/>
    public ImmutableSortedSet<string> HyperparameterNames => [.. HyperparameterList.Select(h => h.Name)];

    /// <summary>The rule as it is written: <c>ADAM(eta = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1E-08, decay = 0)</c>.</summary>
    public sealed override string ToString() =>
        Kind + "(" + string.Join(", ", HyperparameterList.Select(h => h.Name + " = " + h.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + ")";

    /// <summary>
    /// This rule with the hyperparameters in <paramref name="changes"/> replaced, and the state,
    /// unchanged (a rule's state never depends on its hyperparameters, so changing η keeps every
    /// moment). With every value unchanged this is the identity: the same rule and state.
    /// </summary>
    /// <exception cref="ArgumentException">A name the rule does not have, or the state is another rule's.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A new value is out of range, as at construction.</exception>
    [Pure]
    public (IOptimiser Optimiser, OptimiserState State) Adjust(OptimiserState state, IReadOnlyDictionary<string, double> changes)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(changes);
        if (state is not TState)
            throw new ArgumentException($"{Kind}.Adjust: the state is a '{state.Kind}' state, not a '{Kind}' state.", nameof(state));
        var current = HyperparameterList;
        var unchanged = true;
        foreach (var (name, value) in changes)
        {
            if (current.All(h => h.Name != name))
                throw new ArgumentException(
                    $"{Kind}.Adjust: {Kind} has no hyperparameter '{name}'; it has {string.Join(", ", current.Select(h => h.Name))}.", nameof(changes));
            if (!current.First(h => h.Name == name).Value.Equals(value)) unchanged = false;
        }
        if (unchanged) return (this, state);
        return (Rebuild(n => changes.TryGetValue(n, out var v) ? v : current.First(h => h.Name == n).Value), state);
    }

    /// <inheritdoc/>
    [Pure]
    public OptimiserState Init(Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        if (!HasSlots) return NewState(0, ImmutableDictionary<ParamId, TSlots>.Empty);
        var slots = ImmutableDictionary.CreateBuilder<ParamId, TSlots>();
        foreach (var p in ps) slots.Add(p.Id, InitSlots(p));
        return NewState(0, slots.ToImmutable());
    }

    /// <inheritdoc/>
    [Pure]
    public (OptimiserState State, Params Params) Step(OptimiserState state, Params ps, Grads grads)
    {
        var (s, context) = Prepare(state, ps, grads, nameof(Step));
        var slots = s.Slots.ToBuilder();
        var values = new Dictionary<ParamId, Tensor>();
        foreach (var p in ps)
        {
            if (!grads.TryGet(p.Id, out var g)) continue;
            var output = Fused.NewArray(p.Value.Length);
            var next = Kernel<EmitParam>(context, p.Value, g, SlotsOf(s, p), output);
            if (HasSlots) slots[p.Id] = next;
            values[p.Id] = Tensor.Own(p.Shape, output);
        }
        var updated = values.Count == 0 ? ps : ps.Select(p => values.TryGetValue(p.Id, out var v) ? p.With(v) : p);
        return (NewState(context.T, slots.ToImmutable()), updated);
    }

    /// <inheritdoc/>
    [Pure]
    public (OptimiserState State, Grads Delta) Transform(OptimiserState state, Params ps, Grads grads)
    {
        var (s, context) = Prepare(state, ps, grads, nameof(Transform));
        var slots = s.Slots.ToBuilder();
        var deltas = new List<KeyValuePair<Param, Tensor>>(ps.Count);
        foreach (var p in ps)
        {
            if (!grads.TryGet(p.Id, out var g)) continue;
            var output = Fused.NewArray(p.Value.Length);
            var next = Kernel<EmitDelta>(context, p.Value, g, SlotsOf(s, p), output);
            if (HasSlots) slots[p.Id] = next;
            deltas.Add(new(p, Tensor.Own(p.Shape, output)));
        }
        return (NewState(context.T, slots.ToImmutable()), Grads.Of(deltas));
    }

    /// <inheritdoc/>
    [Pure]
    public OptimiserState Restore(StateNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Kind != Kind)
            throw new ArgumentException($"{Kind}.Restore: the node holds a '{node.Kind}' state, not a '{Kind}' state.", nameof(node));
        if (node.Step < 0)
            throw new ArgumentException($"{Kind}.Restore: the step count must be 0 or more; got {node.Step}.", nameof(node));
        if (!node.Children.IsEmpty)
            throw new ArgumentException($"{Kind}.Restore: a '{Kind}' state has no children; the node has {node.Children.Length}.", nameof(node));
        var names = TSlots.Names;
        var slots = ImmutableDictionary.CreateBuilder<ParamId, TSlots>();
        foreach (var group in node.Slots.GroupBy(s => s.Param))
        {
            var tensors = new Tensor?[names.Length];
            foreach (var slot in group)
            {
                var i = names.IndexOf(slot.Name);
                if (i < 0)
                    throw new ArgumentException($"{Kind}.Restore: unknown slot '{slot.Name}' for parameter #{slot.Param}; a '{Kind}' state has {Describe(names)}.", nameof(node));
                if (tensors[i] is not null)
                    throw new ArgumentException($"{Kind}.Restore: slot '{slot.Name}' of parameter #{slot.Param} appears twice.", nameof(node));
                tensors[i] = slot.Value ?? throw new ArgumentException($"{Kind}.Restore: slot '{slot.Name}' of parameter #{slot.Param} has no value.", nameof(node));
            }
            for (var i = 0; i < names.Length; i++)
            {
                if (tensors[i] is null)
                    throw new ArgumentException($"{Kind}.Restore: parameter #{group.Key} lacks slot '{names[i]}'; a '{Kind}' state has {Describe(names)}.", nameof(node));
                if (tensors[i]!.Shape != tensors[0]!.Shape)
                    throw new ArgumentException($"{Kind}.Restore: the slots of parameter #{group.Key} differ in shape: '{names[0]}' is {tensors[0]!.Shape}, '{names[i]}' is {tensors[i]!.Shape}.", nameof(node));
            }
            slots.Add(group.Key, TSlots.FromTensors([.. tensors.Select(t => t!)]));
        }
        return NewState(node.Step, slots.ToImmutable());
    }

    private (TState State, StepContext Context) Prepare(OptimiserState state, Params ps, Grads grads, string operation)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(ps);
        ArgumentNullException.ThrowIfNull(grads);
        if (state is not TState s)
            throw new ArgumentException(
                $"{Kind}.{operation}: the state is a '{state.Kind}' state ({state.GetType().Name}), not a '{Kind}' state; pass the state made by this optimiser's Init, Step or Restore.",
                nameof(state));
        foreach (var p in ps)
        {
            if (grads.TryGet(p.Id, out var g))
            {
                if (g.Shape != p.Shape)
                    throw new ArgumentException($"{Kind}.{operation}: the gradient of {p.Name} has shape {g.Shape}; the parameter has shape {p.Shape}.", nameof(grads));
                Finite.Check(Kind, operation, p, g);
            }
            if (!HasSlots) continue;
            if (!s.Slots.TryGetValue(p.Id, out var slots))
                throw new ArgumentException(
                    $"{Kind}.{operation}: the state holds nothing for parameter {p.Name} (#{p.Id}); it was made for other parameters. Call Init with these parameters.",
                    nameof(state));
            var tensors = slots.ToTensors();
            for (var i = 0; i < tensors.Length; i++)
                if (tensors[i].Shape != p.Shape)
                    throw new ArgumentException(
                        $"{Kind}.{operation}: state slot '{TSlots.Names[i]}' of {p.Name} has shape {tensors[i].Shape}; the parameter has shape {p.Shape}.",
                        nameof(state));
        }
        return (s, new StepContext(s.StepCount + 1, GlobalScale(ps, grads)));
    }

    private static TSlots SlotsOf(TState s, Param p) => HasSlots ? s.Slots[p.Id] : default!;

    private static string Describe(ImmutableArray<string> names) =>
        names.IsEmpty ? "no slots" : "slots " + string.Join(", ", names.Select(n => $"'{n}'"));
}
