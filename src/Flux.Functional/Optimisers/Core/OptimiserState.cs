using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// The state of an optimiser between steps: immutable. Every state has a neutral form,
/// <see cref="ToNode"/>, that checkpoints serialise and <see cref="IOptimiser.Restore"/> reads back.
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

    /// <summary>The kind of optimiser this state belongs to, as in <see cref="StateNode.Kind"/> (<c>"ADAM"</c>, <c>"Chain"</c>, ...).</summary>
    public abstract string Kind { get; }

    /// <summary>The neutral, serialisable form of this state.</summary>
    [Pure]
    public abstract StateNode ToNode();

    /// <summary>
    /// The state as its neutral form prints it: kind, step, slot count and scalars, with nested
    /// states indented (<c>"Chain (step 3, 0 slots)\n  ADAM (step 3, 4 slots)"</c>).
    /// </summary>
    public sealed override string ToString() => ToNode().ToString();

    /// <summary>The error for a state that is not <paramref name="kind"/>'s.</summary>
    internal static ArgumentException NotMine(string kind, string operation, OptimiserState state) => new(
        $"{kind}.{operation}: the state is a '{state.Kind}' state ({state.GetType().Name}), not a '{kind}' state; pass the state made by this optimiser's Init, Step or Restore.",
        nameof(state));
}
