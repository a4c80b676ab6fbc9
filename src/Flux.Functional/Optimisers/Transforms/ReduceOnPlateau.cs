using System.Diagnostics.Contracts;
using Flux.Kernels;
using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>ReduceOnPlateau</c>: a learning-rate factor driven by the loss, as a chain element
/// (<c>Chain(ADAM(), ReduceOnPlateau(patience: 5))</c>; Optax's <c>contrib.reduce_on_plateau</c>,
/// PyTorch's <c>ReduceLROnPlateau</c>). The loss reaches it through
/// <see cref="IOptimiser.Observe"/>, which the training fold calls with each batch's loss before its step:
/// <code>
/// observe(ℓ):  n' = n + 1,   ā' = (n*ā + ℓ)/n'                 n, ā start at 0
///   when n' = N (accumulationSize), evaluate, then n' = 0, ā' = 0:
///     improved = ā' &lt; (1 - rtol)*best - atol                  best starts at +∞
///     best'    = improved ? ā' : best
///     k        = improved ? 0 : plateau + 1
///     cooldown &gt; 0:  plateau' = 0,  s' = s,  cooldown' = cooldown - 1
///     otherwise:      hit = (k = patience)
///                     plateau' = hit ? 0 : k,  s' = max(hit ? s*factor : s, minScale),  cooldown' = hit ? C : 0
/// step:        Δ = s * g                                         s starts at 1
/// </code>
/// Alone, it steps <c>p' = p - s*g</c>.
/// </summary>
/// <remarks>
/// Hyperparameters (Optax's defaults): <c>factor</c> (0.1, in (0, 1)), <c>patience</c> (10
/// evaluations), <c>rtol</c> (1e-4, the relative threshold, in [0, 1]), <c>atol</c> (0, the absolute
/// one; not both 0), <c>C == cooldown</c> (0 evaluations), <c>N == accumulationSize</c> (1 loss per
/// evaluation; with batch losses a larger N averages out their noise), <c>minScale</c> (0, the
/// factor's floor). Steps taken without an observed loss (a plain <c>Step</c> loop) keep <c>s</c> as
/// it is, so without losses the element is a multiplication by 1. Put it last in the chain, after
/// the rule whose step it scales. State: <see cref="ReduceOnPlateauState"/>. Adjusting changes the
/// hyperparameters and keeps the state.
/// </remarks>
public sealed record ReduceOnPlateau : IFusedOptimiser
{
    /// <summary>The name and hyperparameters (with defaults and ranges) of this transform.</summary>
    public static RuleDeclaration Declared { get; } = new("ReduceOnPlateau", "scales the step down by a factor when the loss stops improving", [],
        new("factor", "factor", 0.1, new HyperparameterRange(0, true, 1, true), "the factor the scale is multiplied by at a plateau"),
        new("patience", "patience", 10, HyperparameterRange.Count, "the evaluations without improvement that make a plateau"),
        new("rtol", "rtol", 1e-4, HyperparameterRange.ClosedUnitInterval, "the relative improvement needed, ā < (1 - rtol)*best - atol", "Threshold"),
        new("atol", "atol", 0, HyperparameterRange.NonNegative, "the absolute improvement needed"),
        new("cooldown", "C", 0, new HyperparameterRange(0, false, int.MaxValue, false, Whole: true), "the evaluations after a reduction during which no plateau is counted"),
        new("accumulationSize", "N", 1, HyperparameterRange.Count, "the losses averaged into one evaluation"),
        new("minScale", "minScale", 0, HyperparameterRange.ClosedUnitInterval, "the smallest scale", "MinimumScale"));

    /// <summary>ReduceOnPlateau with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range, or rtol and atol are both 0.</exception>
    public ReduceOnPlateau(double? factor = null, double? patience = null, double? rtol = null, double? atol = null,
        double? cooldown = null, double? accumulationSize = null, double? minScale = null)
    {
        Values = Declared.Complete([factor, patience, rtol, atol, cooldown, accumulationSize, minScale]);
        CheckTogether(Values);
    }

    /// <summary>The hyperparameter values, in the order of <see cref="Declared"/>.</summary>
    public ImmutableArray<double> Values { get; private init; }

    /// <summary>The value of hyperparameter <paramref name="name"/>.</summary>
    public double this[string name] => Values[Declared.IndexOf(name) is var i and >= 0 ? i : throw new KeyNotFoundException($"ReduceOnPlateau has no hyperparameter '{name}'.")];

    /// <inheritdoc/>
    public ImmutableSortedSet<string> HyperparameterNames => [.. Declared.Hyperparameters.Select(h => h.Name)];

    /// <inheritdoc/>
    [Pure]
    public OptimiserState Init(Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        return new ReduceOnPlateauState(0, 1, double.PositiveInfinity, 0, 0, 0, 0);
    }

    /// <summary>The state after loss <paramref name="loss"/>: accumulated, and at every <c>N</c>-th loss evaluated against the best (the formula above).</summary>
    /// <exception cref="ArgumentException">The state is not a ReduceOnPlateau state, or the loss is not finite.</exception>
    [Pure]
    public OptimiserState Observe(OptimiserState state, double loss)
    {
        var s = Open(state, nameof(Observe));
        if (!double.IsFinite(loss)) throw new ArgumentException($"ReduceOnPlateau.Observe: the loss must be finite; got {loss}.", nameof(loss));
        var count = s.Count + 1;
        var average = (s.Count * s.Average + loss) / count;
        if (count != (long)this["accumulationSize"]) return new ReduceOnPlateauState(s.StepCount, s.Scale, s.Best, s.PlateauCount, s.CooldownCount, count, average);

        var improved = average < (1 - this["rtol"]) * s.Best - this["atol"];
        var best = improved ? average : s.Best;
        var plateau = improved ? 0 : s.PlateauCount + 1;
        if (s.CooldownCount > 0)
            return new ReduceOnPlateauState(s.StepCount, s.Scale, best, 0, s.CooldownCount - 1, 0, 0);
        var hit = plateau == (long)this["patience"];
        var scale = Math.Max(hit ? s.Scale * this["factor"] : s.Scale, this["minScale"]);
        return new ReduceOnPlateauState(s.StepCount, scale, best, hit ? 0 : plateau, hit ? (long)this["cooldown"] : 0, 0, 0);
    }

    /// <inheritdoc/>
    [Pure]
    public (OptimiserState State, Grads Delta) Update(OptimiserState state, Params ps, Grads grads) => Apply(state, ps, grads, Emit.Delta);

    (OptimiserState State, Grads Out) IFusedOptimiser.Apply(OptimiserState state, Params ps, Grads grads, Emit emit) => Apply(state, ps, grads, emit);

    private (OptimiserState State, Grads Out) Apply(OptimiserState state, Params ps, Grads grads, Emit emit)
    {
        ArgumentNullException.ThrowIfNull(ps);
        ArgumentNullException.ThrowIfNull(grads);
        var s = Open(state, emit.Operation());
        foreach (var p in ps)
        {
            if (!grads.TryGet(p.Id, out var g)) continue;
            if (g.Shape != p.Shape)
                throw new ArgumentException($"ReduceOnPlateau.{emit.Operation()}: the gradient of {p.Name} has shape {g.Shape}; the parameter has shape {p.Shape}.", nameof(grads));
            Finite.Check("ReduceOnPlateau", emit.Operation(), p, g);
        }
        var outputs = new List<KeyValuePair<Param, Tensor>>(ps.Count);
        foreach (var p in ps)
        {
            if (!grads.TryGet(p.Id, out var g)) continue;
            var output = OutputFor(p.Value);
            if (emit == Emit.Params) Scaled<EmitParam>(s.Scale, p.Value, g, output);
            else Scaled<EmitDelta>(s.Scale, p.Value, g, output);
            outputs.Add(new(p, Tensor.Own(p.Shape, output)));
        }
        return (new ReduceOnPlateauState(s.StepCount + 1, s.Scale, s.Best, s.PlateauCount, s.CooldownCount, s.Count, s.Average), Grads.Of(outputs));
    }

    /// <inheritdoc/>
    [Pure]
    public OptimiserState Restore(StateNode node) => ReduceOnPlateauState.Restore(node);

    /// <summary>This transform with hyperparameters changed; the state (scale, best, counts) carried over.</summary>
    /// <exception cref="ArgumentException">A name it does not have, or the state is not its.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    [Pure]
    public (IOptimiser Optimiser, OptimiserState State) Adjust(OptimiserState state, IReadOnlyDictionary<string, double> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        Open(state, nameof(Adjust));
        var values = Values.ToBuilder();
        foreach (var (name, value) in changes)
        {
            var i = Declared.IndexOf(name);
            if (i < 0)
                throw new ArgumentException($"ReduceOnPlateau.Adjust: ReduceOnPlateau has no hyperparameter '{name}'; it has {string.Join(", ", HyperparameterNames)}.", nameof(changes));
            values[i] = Declared.Hyperparameters[i].Validate("ReduceOnPlateau", value);
        }
        if (values.SequenceEqual(Values)) return (this, state);
        CheckTogether(values.ToImmutable());
        return (this with { Values = values.ToImmutable() }, state);
    }

    /// <summary>Equal hyperparameters.</summary>
    public bool Equals(ReduceOnPlateau? other) => other is not null && Values.SequenceEqual(other.Values);

    /// <inheritdoc/>
    public override int GetHashCode() => Values.Aggregate(17, HashCode.Combine);

    /// <summary><c>ReduceOnPlateau(factor = 0.1, patience = 10, ...)</c>.</summary>
    public override string ToString() =>
        "ReduceOnPlateau(" + string.Join(", ", Declared.Hyperparameters.Select((h, i) => h.Name + " = " + Rule.Format(Values[i]))) + ")";

    // No improvement could ever be asked of a loss with both tolerances 0 (Optax refuses it too).
    private static void CheckTogether(ImmutableArray<double> values)
    {
        if (values[Declared.IndexOf("rtol")] == 0 && values[Declared.IndexOf("atol")] == 0)
            throw new ArgumentOutOfRangeException("rtol", 0.0, "ReduceOnPlateau: rtol and atol cannot both be 0; give one of them a positive value.");
    }

    private static ReduceOnPlateauState Open(OptimiserState state, string operation)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state as ReduceOnPlateauState ?? throw OptimiserState.NotMine(ReduceOnPlateauState.KindName, operation, state);
    }
}
