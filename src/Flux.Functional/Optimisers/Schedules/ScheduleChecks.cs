using System.Globalization;

namespace Flux;

/// <summary>
/// Validation for the arguments of schedules and wrappers, which are not declared hyperparameters
/// of a rule: the same ranges (<see cref="HyperparameterRange"/>) and the same wording as a rule's.
/// </summary>
internal static class Checks
{
    /// <summary><paramref name="value"/> if it is in <paramref name="range"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in range; names the owner, the argument, the range and the value.</exception>
    public static double In(HyperparameterRange range, string owner, string name, double value) =>
        range.Contains(value)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{owner}: {name} must be {range}; got {value.ToString("R", CultureInfo.InvariantCulture)}.");

    /// <summary>Finite and greater than 0.</summary>
    public static double Positive(string owner, string name, double value) => In(HyperparameterRange.Positive, owner, name, value);

    /// <summary>In [0, 1).</summary>
    public static double UnitInterval(string owner, string name, double value) => In(HyperparameterRange.UnitInterval, owner, name, value);

    /// <summary>In [0, 1].</summary>
    public static double ClosedUnitInterval(string owner, string name, double value) => In(HyperparameterRange.ClosedUnitInterval, owner, name, value);

    /// <summary>Finite and 0 or more.</summary>
    public static double NonNegative(string owner, string name, double value) => In(HyperparameterRange.NonNegative, owner, name, value);

    /// <summary>Any finite value.</summary>
    public static double Finite(string owner, string name, double value) => In(HyperparameterRange.Finite, owner, name, value);

    /// <summary>A count, 1 or more.</summary>
    public static long AtLeastOne(string owner, string name, long value) =>
        value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{owner}: {name} must be 1 or more; got {value}.");
}
