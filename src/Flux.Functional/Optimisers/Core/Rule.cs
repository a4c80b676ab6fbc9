using System.Diagnostics.Contracts;
using System.Globalization;

namespace Flux;

/// <summary>What a kernel needs to know about the step: its number <c>t</c> (from 1) and a global factor (1 unless the rule computes one over the whole map).</summary>
internal readonly record struct StepContext(long T, double Scale);

/// <summary>
/// An elementwise rule of the library: its <see cref="RuleDeclaration"/> (name, hyperparameters,
/// slots) and one fused kernel. Everything else is derived here, once: validation, <c>Init</c>,
/// <c>Update</c>, the fused step, <c>Restore</c>, <c>Adjust</c>, printing and equality.
/// </summary>
/// <remarks>
/// Every check happens before any arithmetic, so a refused step changes nothing. A gradient
/// holding NaN or ±∞ is refused with a <see cref="NonFiniteGradientException"/> naming the
/// parameter; <see cref="FiniteOnly"/> skips such steps instead.
/// </remarks>
public abstract record Rule : IFusedOptimiser
{
    private protected Rule(RuleDeclaration declaration, params double?[] values)
    {
        Declaration = declaration;
        Values = declaration.Complete(values);
        CheckTogether();
    }

    /// <summary>The rule's name, hyperparameters and slots.</summary>
    public RuleDeclaration Declaration { get; }

    /// <summary>The hyperparameter values, in the order of <see cref="RuleDeclaration.Hyperparameters"/>.</summary>
    public ImmutableArray<double> Values { get; private init; }

    /// <summary>The value of hyperparameter <paramref name="name"/> (<c>rule["eta"]</c>).</summary>
    /// <exception cref="KeyNotFoundException">The rule has no such hyperparameter; the message lists those it has.</exception>
    public double this[string name] => Declaration.ValueOf(Values, name);

    /// <summary>The hyperparameters by name, as <see cref="Adjust"/> accepts them.</summary>
    public ImmutableSortedDictionary<string, double> Hyperparameters =>
        Declaration.Hyperparameters.Select((h, i) => (h.Name, Values[i])).ToImmutableSortedDictionary(e => e.Name, e => e.Item2, StringComparer.Ordinal);

    /// <inheritdoc/>
    public ImmutableSortedSet<string> HyperparameterNames => [.. Declaration.Hyperparameters.Select(h => h.Name)];

    /// <summary>The initial slots of <paramref name="p"/>, in the order of <see cref="RuleDeclaration.Slots"/>: zeros unless the rule says.</summary>
    private protected virtual ImmutableArray<Tensor> InitSlots(Param p) => [.. Declaration.Slots.Select(_ => p.Value.ZerosLike())];

    /// <summary>Checks what no single range can say (Rprop: <c>Γmin ≤ Γmax</c>); throws <see cref="ArgumentOutOfRangeException"/>.</summary>
    private protected virtual void CheckTogether() { }

    /// <summary>A factor computed over the whole gradient map before the kernels run (<see cref="ClipNorm"/>); 1 by default.</summary>
    private protected virtual double GlobalScale(Params ps, Grads grads) => 1.0;

    /// <summary>
    /// One fused pass over parameter <paramref name="p"/> in its element type <typeparamref name="T"/>:
    /// writes <c>Δ</c> or <c>p − Δ</c> (per <typeparamref name="TEmit"/>) into <paramref name="output"/>
    /// and returns the new slots.
    /// </summary>
    private protected abstract ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output)
        where TEmit : struct, IEmit where T : unmanaged;

    /// <inheritdoc/>
    [Pure]
    public OptimiserState Init(Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        var slots = ImmutableDictionary.CreateBuilder<ParamId, ImmutableArray<Tensor>>();
        if (!Declaration.Slots.IsEmpty)
            foreach (var p in ps) slots.Add(p.Id, InitSlots(p));
        return new RuleState(Declaration.Name, 0, Declaration.Slots, slots.ToImmutable());
    }

    /// <inheritdoc/>
    [Pure]
    public (OptimiserState State, Grads Delta) Update(OptimiserState state, Params ps, Grads grads) => Apply(state, ps, grads, Emit.Delta);

    (OptimiserState State, Grads Out) IFusedOptimiser.Apply(OptimiserState state, Params ps, Grads grads, Emit emit) => Apply(state, ps, grads, emit);

    private (OptimiserState State, Grads Out) Apply(OptimiserState state, Params ps, Grads grads, Emit emit)
    {
        var s = Check(state, ps, grads, emit.Operation());
        var step = new StepContext(s.StepCount + 1, GlobalScale(ps, grads));
        var slots = s.Slots.ToBuilder();
        var outputs = new List<KeyValuePair<Param, Tensor>>(ps.Count);
        foreach (var p in ps)
        {
            if (!grads.TryGet(p.Id, out var g)) continue;
            var output = Fused.OutputFor(p.Value);
            var mine = Declaration.Slots.IsEmpty ? [] : s.Slots[p.Id];
            var next = (emit, output) switch
            {
                (Emit.Params, float[] f) => Kernel<EmitParam, float>(step, p.Value, g, mine, f),
                (Emit.Params, _) => Kernel<EmitParam, double>(step, p.Value, g, mine, (double[])output),
                (_, float[] f) => Kernel<EmitDelta, float>(step, p.Value, g, mine, f),
                _ => Kernel<EmitDelta, double>(step, p.Value, g, mine, (double[])output),
            };
            if (!Declaration.Slots.IsEmpty) slots[p.Id] = next;
            outputs.Add(new(p, Tensor.Own(p.Shape, output)));
        }
        return (new RuleState(Declaration.Name, step.T, Declaration.Slots, slots.ToImmutable()), Grads.Of(outputs));
    }

    /// <inheritdoc/>
    [Pure]
    public OptimiserState Restore(StateNode node) => RuleState.Restore(Declaration.Name, Declaration.Slots, node);

    /// <inheritdoc/>
    [Pure]
    public (IOptimiser Optimiser, OptimiserState State) Adjust(OptimiserState state, IReadOnlyDictionary<string, double> changes)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(changes);
        if (state is not RuleState { } s || s.Kind != Declaration.Name) throw OptimiserState.NotMine(Declaration.Name, nameof(Adjust), state);
        var values = Declaration.Adjusted(Values, changes);
        if (values.SequenceEqual(Values)) return (this, state);
        var adjusted = this with { Values = values.ToImmutable() };
        adjusted.CheckTogether();
        return (adjusted, state);
    }

    /// <summary>The rule as it is written: <c>ADAM(eta = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1E-08, decay = 0)</c>.</summary>
    public sealed override string ToString() =>
        Declaration.Name + "(" + string.Join(", ", Declaration.Hyperparameters.Select((h, i) => h.Name + " = " + Format(Values[i]))) + ")";

    /// <summary>Equal when of the same rule with the same hyperparameter values.</summary>
    public virtual bool Equals(Rule? other) =>
        ReferenceEquals(this, other) || (other is not null && EqualityContract == other.EqualityContract && Values.SequenceEqual(other.Values));

    /// <inheritdoc/>
    public override int GetHashCode() => Values.Aggregate(Declaration.Name.GetHashCode(StringComparison.Ordinal), HashCode.Combine);

    internal static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    // A float32 parameter is stepped in float arithmetic, where a coefficient below the smallest
    // float rounds to 0: ϵ = 1e-50 would give 0/0 on a gradient element of 0, a step size of 0 would
    // never move. Every hyperparameter whose range excludes 0 must stay positive as a float.
    private void CheckPositiveInFloat32(string operation, Param p)
    {
        for (var i = 0; i < Values.Length; i++)
        {
            var h = Declaration.Hyperparameters[i];
            if (h.Range is { Low: 0, LowOpen: true } && (float)Values[i] == 0)
                throw new ArgumentOutOfRangeException(h.Name, Values[i],
                    $"{Declaration.Name}.{operation}: {h.Name} = {Format(Values[i])} rounds to 0 in float32, the element type of {p.Name}, " +
                    $"and {h.Name} must be greater than 0; a float32 step needs at least {Format(float.Epsilon)}. Nothing was changed.");
        }
    }

    private RuleState Check(OptimiserState state, Params ps, Grads grads, string operation)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(ps);
        ArgumentNullException.ThrowIfNull(grads);
        var kind = Declaration.Name;
        if (state is not RuleState s || s.Kind != kind) throw OptimiserState.NotMine(kind, operation, state);
        foreach (var p in ps)
        {
            if (grads.TryGet(p.Id, out var g))
            {
                if (g.Shape != p.Shape)
                    throw new ArgumentException($"{kind}.{operation}: the gradient of {p.Name} has shape {g.Shape}; the parameter has shape {p.Shape}.", nameof(grads));
                Finite.Check(kind, operation, p, g);
                if (p.ElementType == ElementType.Float32) CheckPositiveInFloat32(operation, p);
            }
            if (Declaration.Slots.IsEmpty) continue;
            if (!s.Slots.TryGetValue(p.Id, out var slots))
                throw new ArgumentException(
                    $"{kind}.{operation}: the state holds nothing for parameter {p.Name} (#{p.Id}); it was made for other parameters. Call Init with these parameters.",
                    nameof(state));
            for (var i = 0; i < slots.Length; i++)
                if (slots[i].Shape != p.Shape)
                    throw new ArgumentException(
                        $"{kind}.{operation}: state slot '{Declaration.Slots[i]}' of {p.Name} has shape {slots[i].Shape}; the parameter has shape {p.Shape}.", nameof(state));
        }
        return s;
    }
}
