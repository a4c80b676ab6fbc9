using System.Globalization;

namespace Flux;

/// <summary>
/// The state of <see cref="ReduceOnPlateau"/>: the steps taken, the current factor <c>s</c>, the best
/// averaged loss so far, the evaluations without improvement, the evaluations of cooldown left, and
/// the losses accumulated toward the next evaluation (their count and mean).
/// </summary>
/// <remarks>Node: kind <c>"ReduceOnPlateau"</c>, no slots, the six scalars by name, no children.</remarks>
public sealed record ReduceOnPlateauState : OptimiserState
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "ReduceOnPlateau";

    internal static readonly string[] ScalarNames = ["scale", "best", "plateauCount", "cooldownCount", "count", "average"];

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not in [0, 1], the best value is NaN, a count is negative, or the mean is not finite.</exception>
    public ReduceOnPlateauState(long stepCount, double scale, double best, long plateauCount, long cooldownCount, long count, double average) : base(stepCount)
    {
        Scale = scale is >= 0 and <= 1 ? scale : throw Bad(nameof(scale), scale, "in [0, 1]");
        Best = !double.IsNaN(best) ? best : throw Bad(nameof(best), best, "a number (+∞ before the first evaluation)");
        PlateauCount = plateauCount >= 0 ? plateauCount : throw Bad(nameof(plateauCount), plateauCount, "0 or more");
        CooldownCount = cooldownCount >= 0 ? cooldownCount : throw Bad(nameof(cooldownCount), cooldownCount, "0 or more");
        Count = count >= 0 ? count : throw Bad(nameof(count), count, "0 or more");
        Average = double.IsFinite(average) ? average : throw Bad(nameof(average), average, "finite");
    }

    /// <summary>The factor <c>s</c> every step is multiplied by (1 at the start).</summary>
    public double Scale { get; }

    /// <summary>The best averaged loss so far (+∞ before the first evaluation).</summary>
    public double Best { get; }

    /// <summary>Evaluations in a row without improvement.</summary>
    public long PlateauCount { get; }

    /// <summary>Evaluations of cooldown left, during which a plateau is not counted.</summary>
    public long CooldownCount { get; }

    /// <summary>Losses observed toward the next evaluation.</summary>
    public long Count { get; }

    /// <summary>The mean of those losses.</summary>
    public double Average { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <inheritdoc/>
    public override StateNode ToNode() => new(KindName, StepCount, [], ImmutableDictionary<string, double>.Empty
        .Add("scale", Scale).Add("best", Best).Add("plateauCount", PlateauCount).Add("cooldownCount", CooldownCount)
        .Add("count", Count).Add("average", Average), []);

    /// <summary>The state read back from its neutral form, every scalar checked.</summary>
    internal static ReduceOnPlateauState Restore(StateNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        StateNode.Expect(KindName, node, children: 0, slots: false, ScalarNames);
        var s = node.Scalars;
        try
        {
            return new(node.Step, s["scale"], s["best"], Whole(s["plateauCount"]), Whole(s["cooldownCount"]), Whole(s["count"]), s["average"]);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"{KindName}.Restore: {e.Message}", nameof(node), e);
        }
    }

    private static long Whole(double x) => x == Math.Floor(x) && x is >= 0 and <= long.MaxValue
        ? (long)x
        : throw new ArgumentOutOfRangeException(nameof(x), x, "a count must be a whole number, 0 or more.");

    private static ArgumentOutOfRangeException Bad(string name, double value, string range) =>
        new(name, value, $"{KindName} state: {name} must be {range}; got {value.ToString("R", CultureInfo.InvariantCulture)}.");
}
