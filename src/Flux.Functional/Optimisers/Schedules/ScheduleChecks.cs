namespace Flux;

/// <summary>
/// Range checks for hyperparameters, shared by every rule's constructor. Each failure is an
/// <see cref="ArgumentOutOfRangeException"/> naming the rule, the parameter, the allowed range
/// and the value given.
/// </summary>
internal static class Checks
{
    /// <summary>A learning rate or bound: finite and &gt; 0.</summary>
    public static double Positive(string rule, string name, double value) =>
        double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{rule}: {name} must be finite and greater than 0; got {value}.");



    /// <summary>A decay or momentum factor: in [0, 1).</summary>
    public static double UnitInterval(string rule, string name, double value) =>
        value >= 0 && value < 1
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{rule}: {name} must be in [0, 1); got {value}.");

    /// <summary>A factor in [0, 1] (a schedule's multiplier).</summary>
    public static double ClosedUnitInterval(string rule, string name, double value) =>
        value >= 0 && value <= 1
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{rule}: {name} must be in [0, 1]; got {value}.");

    /// <summary>A decay or a weight decay: finite and ≥ 0.</summary>
    public static double NonNegative(string rule, string name, double value) =>
        double.IsFinite(value) && value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{rule}: {name} must be finite and 0 or more; got {value}.");

    /// <summary>A count of steps: ≥ 1.</summary>
    public static long AtLeastOne(string rule, string name, long value) =>
        value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{rule}: {name} must be 1 or more; got {value}.");

    /// <summary>A count given as a double (by <c>Adjust</c>): a whole number ≥ 1.</summary>
    public static long Whole(string rule, string name, double value) =>
        double.IsFinite(value) && value >= 1 && value == Math.Floor(value) && value <= long.MaxValue
            ? (long)value
            : throw new ArgumentOutOfRangeException(name, value, $"{rule}: {name} must be a whole number, 1 or more; got {value}.");

    /// <summary>A value that must be finite (a schedule's value, a bound of any sign).</summary>
    public static double Finite(string rule, string name, double value) =>
        double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{rule}: {name} must be finite; got {value}.");

}
