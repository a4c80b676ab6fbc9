using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// What the schedule-free rules share (Defazio et al. 2024, "The Road Less Scheduled"; Optax's
/// <c>contrib.schedule_free</c>): three sequences per parameter, of which the step returns <c>y</c>
/// (where the next gradient is taken) and the state keeps <c>z</c> (the base rule's steps) and
/// <c>x</c> (their weighted average, the parameters to evaluate):
/// <code>
/// η_t   = η * min(k, W)/W   at k = t - 1 for the step of z, at k = t for the weight   (η_t = η when W = 0)
/// η̂_t   = max(η̂_(t-1), η * min(t, W)/W)          η̂_0 = 0
/// c_t   = η̂_t^r / Σ_(i≤t) η̂_i^r                  (c_t = 0 when the sum is 0)
/// z'    = z - η_(z,t) * u(g, y)                   u: the base rule's direction (each rule says)
/// x'    = (1 - c_t)*x + c_t*z'                     z and x start at the parameters given to Init
/// y'    = β1*x' + (1 - β1)*z'
/// p'    = y'                                       the parameters returned are y
/// </code>
/// With a constant η (W = 0) and r = 2, <c>c_t = 1/t</c>: <c>x</c> is the plain average of the
/// <c>z</c>'s. The one-step offset of the warm-up is Optax's: its base optimiser counts steps from
/// 0 and its weight from 1, so with W &gt; 0 the first step of <c>z</c> has η = 0 (PyTorch's
/// reference uses <c>(t)/W</c> for both).
/// </summary>
/// <remarks>
/// The state (<see cref="ScheduleFreeState"/>) stores <c>x</c> rather than recomputing it from
/// <c>y</c> as Optax does (<c>x = (y - (1-β1)*z)/β1</c>): the evaluation parameters are then exact,
/// β1 = 0 is allowed, and <see cref="OptimiserState.EvaluationParams"/> needs nothing but the state.
/// Through <see cref="IOptimiser.Update"/> the step is <c>Δ = y - y'</c>; <c>y - Δ</c> may differ from
/// the fused <c>y'</c> in the last bit. Put a schedule-free rule last in a chain (it must write the
/// parameters); wrappers around it pass <c>x</c> on as their evaluation parameters.
/// Unlike the other rules, a float32 parameter is stepped in double and rounded once: in float
/// arithmetic <c>β1*x' + (1 - β1)*z'</c> moves <c>y</c> by an ulp when <c>x' = z'</c> (a warm-up from
/// η = 0 would step uphill), and the running average <c>x</c> would drift by an ulp a step.
/// </remarks>
public abstract record ScheduleFree : IFusedOptimiser
{
    private protected ScheduleFree(RuleDeclaration declaration, params double?[] values)
    {
        Declaration = declaration;
        Values = declaration.Complete(values);
    }

    /// <summary>The rule's name, hyperparameters and slots.</summary>
    public RuleDeclaration Declaration { get; }

    /// <summary>The hyperparameter values, in the order of <see cref="RuleDeclaration.Hyperparameters"/>.</summary>
    public ImmutableArray<double> Values { get; private init; }

    /// <summary>The value of hyperparameter <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The rule has no such hyperparameter.</exception>
    public double this[string name] => Declaration.ValueOf(Values, name);

    /// <inheritdoc/>
    public ImmutableSortedSet<string> HyperparameterNames => [.. Declaration.Hyperparameters.Select(h => h.Name)];

    /// <summary>The learning rate after <paramref name="k"/> steps of the warm-up: <c>η * min(k, W)/W</c>, or η without one.</summary>
    public double WarmedUpEta(long k)
    {
        var (eta, w) = (this["eta"], this["warmupSteps"]);
        return w == 0 ? eta : eta * (Math.Min(k, w) / w);
    }

    /// <summary>
    /// One fused pass over parameter <paramref name="y"/>: the new slots (<c>z', x'</c> and the
    /// rule's own), and into <paramref name="output"/> <c>y'</c> (<paramref name="emitParams"/>) or <c>y - y'</c>.
    /// </summary>
    private protected abstract ImmutableArray<Tensor> Kernel(in ScheduleFreeStep step, Tensor y, Tensor g, ImmutableArray<Tensor> slots, Array output, bool emitParams);

    /// <inheritdoc/>
    [Pure]
    public OptimiserState Init(Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        var slots = ImmutableDictionary.CreateBuilder<ParamId, ImmutableArray<Tensor>>();
        // z and x start at the parameters; any further slot (AdamW's v) at 0.
        foreach (var p in ps)
            slots.Add(p.Id, [p.Value, p.Value, .. Declaration.Slots.Skip(2).Select(_ => p.Value.ZerosLike())]);
        return new ScheduleFreeState(new RuleState(Declaration.Name, 0, Declaration.Slots, slots.ToImmutable()), 0, 0);
    }

    /// <inheritdoc/>
    [Pure]
    public (OptimiserState State, Grads Delta) Update(OptimiserState state, Params ps, Grads grads) => Apply(state, ps, grads, Emit.Delta);

    (OptimiserState State, Grads Out) IFusedOptimiser.Apply(OptimiserState state, Params ps, Grads grads, Emit emit) => Apply(state, ps, grads, emit);

    private (OptimiserState State, Grads Out) Apply(OptimiserState state, Params ps, Grads grads, Emit emit)
    {
        var s = Check(state, ps, grads, emit.Operation());
        var t = s.StepCount + 1;
        var maxEta = Math.Max(s.MaxEta, WarmedUpEta(t));
        var weight = Math.Pow(maxEta, this["weightLrPower"]);
        var weightSum = s.WeightSum + weight;
        // 0/0 before any learning rate is positive (a warm-up from 0, η = 0): no averaging yet, as Optax's nan_to_num.
        var step = new ScheduleFreeStep(t, WarmedUpEta(t - 1), weightSum == 0 ? 0 : weight / weightSum, this["beta1"]);
        var slots = s.PerParameter.Slots.ToBuilder();
        var outputs = new List<KeyValuePair<Param, Tensor>>(ps.Count);
        foreach (var p in ps)
        {
            if (!grads.TryGet(p.Id, out var g)) continue;
            var output = Kernels.Fused.OutputFor(p.Value);
            slots[p.Id] = Kernel(step, p.Value, g, slots[p.Id], output, emit == Emit.Params);
            outputs.Add(new(p, Tensor.Own(p.Shape, output)));
        }
        var perParameter = new RuleState(Declaration.Name, t, Declaration.Slots, slots.ToImmutable());
        return (new ScheduleFreeState(perParameter, weightSum, maxEta), Grads.Of(outputs));
    }

    /// <inheritdoc/>
    [Pure]
    public OptimiserState Restore(StateNode node) => ScheduleFreeState.Restore(Declaration.Name, Declaration.Slots, node);

    /// <inheritdoc/>
    [Pure]
    public (IOptimiser Optimiser, OptimiserState State) Adjust(OptimiserState state, IReadOnlyDictionary<string, double> changes)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(changes);
        if (state is not ScheduleFreeState { } s || s.Kind != Declaration.Name) throw OptimiserState.NotMine(Declaration.Name, nameof(Adjust), state);
        var values = Declaration.Adjusted(Values, changes);
        return values.SequenceEqual(Values) ? (this, state) : (this with { Values = values.ToImmutable() }, state);
    }

    /// <summary>The rule as it is written: <c>ScheduleFreeSGD(eta = 1, warmupSteps = 0, ...)</c>.</summary>
    public sealed override string ToString() =>
        Declaration.Name + "(" + string.Join(", ", Declaration.Hyperparameters.Select((h, i) => h.Name + " = " + Rule.Format(Values[i]))) + ")";

    /// <summary>Equal when of the same rule with the same hyperparameter values.</summary>
    public virtual bool Equals(ScheduleFree? other) =>
        ReferenceEquals(this, other) || (other is not null && EqualityContract == other.EqualityContract && Values.SequenceEqual(other.Values));

    /// <inheritdoc/>
    public override int GetHashCode() => Values.Aggregate(Declaration.Name.GetHashCode(StringComparison.Ordinal), HashCode.Combine);

    private ScheduleFreeState Check(OptimiserState state, Params ps, Grads grads, string operation)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(ps);
        ArgumentNullException.ThrowIfNull(grads);
        var kind = Declaration.Name;
        if (state is not ScheduleFreeState s || s.Kind != kind) throw OptimiserState.NotMine(kind, operation, state);
        foreach (var p in ps)
        {
            if (!grads.TryGet(p.Id, out var g)) continue;
            if (g.Shape != p.Shape)
                throw new ArgumentException($"{kind}.{operation}: the gradient of {p.Name} has shape {g.Shape}; the parameter has shape {p.Shape}.", nameof(grads));
            Finite.Check(kind, operation, p, g);
            if (!s.PerParameter.Slots.TryGetValue(p.Id, out var slots))
                throw new ArgumentException(
                    $"{kind}.{operation}: the state holds nothing for parameter {p.Name} (#{p.Id}); it was made for other parameters. Call Init with these parameters.", nameof(state));
            for (var i = 0; i < slots.Length; i++)
                if (slots[i].Shape != p.Shape)
                    throw new ArgumentException(
                        $"{kind}.{operation}: state slot '{Declaration.Slots[i]}' of {p.Name} has shape {slots[i].Shape}; the parameter has shape {p.Shape}.", nameof(state));
        }
        return s;
    }
}

/// <summary>What a schedule-free kernel needs of the step: its number, the learning rate of the step of <c>z</c>, the averaging weight <c>c_t</c> and β1.</summary>
internal readonly record struct ScheduleFreeStep(long T, double Eta, double C, double Beta1);

/// <summary>The hyperparameters the schedule-free rules share, declared once.</summary>
internal static class ScheduleFreeHyperparameters
{
    public static Hyperparameter WarmupSteps { get; } = new("warmupSteps", "W", 0, new HyperparameterRange(0, false, int.MaxValue, false, Whole: true),
        "the steps of the linear warm-up of η from 0 (0 for none)", "Warmup");

    public static Hyperparameter Beta1 { get; } = new("beta1", "β1", 0.9, HyperparameterRange.UnitInterval,
        "the interpolation y = (1-β1)*z + β1*x, where the gradient is taken");

    public static Hyperparameter WeightDecay { get; } = new("weightDecay", "λ", 0, HyperparameterRange.NonNegative,
        "weight decay λ*y added to the direction of z (so scaled by η)", "DecoupledWeightDecay", "Lambda");

    public static Hyperparameter WeightLrPower { get; } = new("weightLrPower", "r", 2, HyperparameterRange.NonNegative,
        "the power of the largest learning rate in the averaging weight, c = η̂^r / Σ η̂^r");
}
