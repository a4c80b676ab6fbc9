using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// <c>Scheduled(inner, name, schedule)</c>: drives hyperparameter <c>name</c> of <c>inner</c> with a
/// <see cref="HyperparameterSchedule"/>. Step <c>t</c> adjusts the inner optimiser (<see cref="IOptimiser.Adjust"/>,
/// so moments are kept) to <c>name = schedule(t)</c> and takes its step:
/// <code>
/// t = steps so far + 1;   inner_t = inner.Adjust(name: schedule(t));   (s', p') = inner_t.Step(s, p, g)
/// </code>
/// Nest it to schedule several hyperparameters: <c>Scheduled(Scheduled(ADAM(), "eta", a), "beta1", b)</c>.
/// </summary>
/// <remarks>
/// The value is validated at every step as at construction: a schedule that reaches a value the
/// rule refuses (η &lt; 0 from a linear schedule past 0, say) fails that step with the rule's
/// message and the step number. η = 0 (the end of a cosine decay with α = 0, a warm-up from 0) is
/// accepted: that step moves no parameter and advances the state, as in Optax and PyTorch. State: <see cref="ScheduledState"/> (the steps, the value the next
/// step will use, the inner state). Works through chains and wrappers: <c>name</c> goes to every
/// element that has it.
/// </remarks>
public sealed record Scheduled : Wrapper<ScheduledState>
{
    /// <summary>The schedule <paramref name="schedule"/> for hyperparameter <paramref name="name"/> of <paramref name="inner"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="inner"/> has no hyperparameter <paramref name="name"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The schedule's first value is out of range for the rule.</exception>
    public Scheduled(IOptimiser inner, string name, HyperparameterSchedule schedule) : base(inner)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        if (!inner.HyperparameterNames.Contains(name))
            throw new ArgumentException(
                $"Scheduled: {inner} has no hyperparameter '{name}'; it has {(inner.HyperparameterNames.IsEmpty ? "none" : string.Join(", ", inner.HyperparameterNames))}.",
                nameof(name));
        _ = At(inner.Init(Params.Empty), 1);   // the first value must be one the rule accepts
    }

    /// <summary>The hyperparameter's name (<c>eta</c>, <c>beta1</c>, …).</summary>
    public string Name { get; }

    /// <summary>The schedule.</summary>
    public HyperparameterSchedule Schedule { get; }

    /// <inheritdoc/>
    private protected override string Kind => ScheduledState.KindName;

    /// <inheritdoc/>
    [Pure]
    public override OptimiserState Init(Params ps) => new ScheduledState(0, Inner.Init(ps), Name, Schedule.At(1));

    private protected override (OptimiserState State, Grads Out) Apply(ScheduledState s, Params ps, Grads grads, Emit emit)
    {
        var (opt, inner) = At(s.Inner, s.StepCount + 1);
        var (next, output) = Fusion.Apply(opt, inner, ps, grads, emit);
        return (new ScheduledState(s.StepCount + 1, next, Name, Schedule.At(s.StepCount + 2)), output);
    }

    /// <summary>The inner optimiser adjusted to step <paramref name="t"/>'s value, with its state.</summary>
    [Pure]
    public (IOptimiser Optimiser, OptimiserState State) At(OptimiserState innerState, long t)
    {
        var value = Schedule.At(t);
        try
        {
            return Inner.Adjust(innerState, Name, value);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentOutOfRangeException(Name, value, $"Scheduled: at step {t} the schedule {Schedule} gives {Name} = {value}, which is refused: {e.Message}");
        }
    }

    /// <inheritdoc/>
    [Pure]
    public override OptimiserState Restore(StateNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        StateNode.Expect("Scheduled", node, children: 1, slots: false, Name);
        return new ScheduledState(node.Step, Inner.Restore(node.Children[0]), Name, node.Scalars[Name]);
    }

    /// <summary>The inner optimiser's names but the scheduled one.</summary>
    public override ImmutableSortedSet<string> HyperparameterNames => Inner.HyperparameterNames.Remove(Name);

    /// <summary>Adjusts the inner optimiser's other hyperparameters; the scheduled one belongs to the schedule.</summary>
    /// <exception cref="ArgumentException">A change names the scheduled hyperparameter.</exception>
    [Pure]
    public override (IOptimiser Optimiser, OptimiserState State) Adjust(OptimiserState state, IReadOnlyDictionary<string, double> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.ContainsKey(Name))
            throw new ArgumentException($"Scheduled.Adjust: {Name} is driven by the schedule {Schedule}; build a new Scheduled with another schedule to change it.", nameof(changes));
        return base.Adjust(state, changes);
    }


    /// <summary>Equal inner optimisers, names and schedules.</summary>
    public bool Equals(Scheduled? other) =>
        other is not null && Inner.Equals(other.Inner) && Name == other.Name && Schedule.Equals(other.Schedule);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Inner, Name, Schedule);

    /// <summary><c>Scheduled(inner, name: schedule)</c>.</summary>
    public override string ToString() => $"Scheduled({Inner}, {Name}: {Schedule})";
}

/// <summary>The state of <see cref="Scheduled"/>: the steps so far, the scheduled value the next step will use, and the inner state.</summary>
/// <remarks>Node: kind <c>"Scheduled"</c>, one scalar named after the hyperparameter (the next step's value), one child.</remarks>
public sealed record ScheduledState : WrapperState
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "Scheduled";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public ScheduledState(long stepCount, OptimiserState inner, string name, double next) : base(stepCount, inner)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Next = next;
    }

    /// <summary>The scheduled hyperparameter.</summary>
    public string Name { get; }

    /// <summary>Its value at the next step, <c>schedule(StepCount + 1)</c>.</summary>
    public double Next { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <inheritdoc/>
    public override StateNode ToNode() =>
        new(KindName, StepCount, [], ImmutableDictionary<string, double>.Empty.Add(Name, Next), [Inner.ToNode()]);
}
