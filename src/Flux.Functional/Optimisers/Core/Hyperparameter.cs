using System.Globalization;

namespace Flux;

/// <summary>
/// The values a hyperparameter accepts: an interval from <see cref="Low"/> to <see cref="High"/>,
/// each end open or closed, optionally whole numbers only. NaN is never in range, nor is ±∞
/// unless an end is infinite and closed.
/// </summary>
public sealed record HyperparameterRange(double Low, bool LowOpen, double High, bool HighOpen, bool Whole = false)
{
    /// <summary>Finite and greater than 0 (ϵ, a clipping norm).</summary>
    public static HyperparameterRange Positive { get; } = new(0, true, double.PositiveInfinity, true);

    /// <summary>Finite and 0 or more (η, decays).</summary>
    public static HyperparameterRange NonNegative { get; } = new(0, false, double.PositiveInfinity, true);

    /// <summary>[0, 1): the decay of a running average (ρ, β1, β2).</summary>
    public static HyperparameterRange UnitInterval { get; } = new(0, false, 1, true);

    /// <summary>[0, 1].</summary>
    public static HyperparameterRange ClosedUnitInterval { get; } = new(0, false, 1, false);

    /// <summary>Any finite value.</summary>
    public static HyperparameterRange Finite { get; } = new(double.NegativeInfinity, true, double.PositiveInfinity, true);

    /// <summary>A whole number, 1 or more (a step count).</summary>
    public static HyperparameterRange Count { get; } = new(1, false, long.MaxValue, false, Whole: true);

    /// <summary>Whether <paramref name="x"/> is in the range.</summary>
    public bool Contains(double x) =>
        (LowOpen ? x > Low : x >= Low) && (HighOpen ? x < High : x <= High) && (!Whole || x == Math.Floor(x));

    /// <summary>The range as error messages and help print it: <c>finite and greater than 0</c>, <c>in [0, 1)</c>.</summary>
    public override string ToString()
    {
        if (Whole) return Low == 1 ? "a whole number, 1 or more" : $"a whole number in [{F(Low)}, {F(High)}]";
        if (double.IsPositiveInfinity(High) && HighOpen)
            return double.IsNegativeInfinity(Low) ? "finite" : LowOpen ? $"finite and greater than {F(Low)}" : $"finite and {F(Low)} or more";
        return $"in {(LowOpen ? "(" : "[")}{F(Low)}, {F(High)}{(HighOpen ? ")" : "]")}";
    }

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// One hyperparameter of a rule, declared once: its name as the constructor, <c>Adjust</c>,
/// schedules and the cmdlets spell it (<c>eta</c>), its symbol in the formula (<c>η</c>), its
/// default (null when the caller must give it), the values it accepts and what it means. Validation,
/// printing, adjusting, the factories, the registry and the cmdlet's parameters all read this.
/// </summary>
/// <param name="Name">The name in C# and in <c>Adjust</c> (<c>eta</c>).</param>
/// <param name="Symbol">The symbol in the formula (<c>η</c>).</param>
/// <param name="Default">The default, or null when a value must be given.</param>
/// <param name="Range">The values accepted.</param>
/// <param name="Meaning">What it is, in a few words (help prints it).</param>
/// <param name="Aliases">Other names a front end accepts for it (<c>LearningRate</c> for η).</param>
public sealed record Hyperparameter(string Name, string Symbol, double? Default, HyperparameterRange Range, string Meaning, params string[] Aliases)
{
    /// <summary><paramref name="value"/> if it is in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Out of range; the message names the rule, the hyperparameter, the range and the value.</exception>
    public double Validate(string rule, double value) =>
        Range.Contains(value)
            ? value
            : throw new ArgumentOutOfRangeException(Name, value, $"{rule}: {Name} must be {Range}; got {value.ToString("R", CultureInfo.InvariantCulture)}. {Name} ({Symbol}) is {Meaning}.");

    /// <summary>η, the learning rate: 0 or more (a schedule may bring it to 0, where a step changes nothing).</summary>
    public static Hyperparameter Eta(double @default) => new("eta", "η", @default, HyperparameterRange.NonNegative, "the learning rate", "LearningRate");

    /// <summary>ρ, the decay of a running average or of the momentum.</summary>
    public static Hyperparameter Rho(double @default, string meaning = "the decay of the running average") => new("rho", "ρ", @default, HyperparameterRange.UnitInterval, meaning);

    /// <summary>β1, the decay of the first moment.</summary>
    public static Hyperparameter Beta1(double @default) => new("beta1", "β1", @default, HyperparameterRange.UnitInterval, "the decay of the first moment");

    /// <summary>β2, the decay of the second moment.</summary>
    public static Hyperparameter Beta2(double @default) => new("beta2", "β2", @default, HyperparameterRange.UnitInterval, "the decay of the second moment");

    /// <summary>ϵ, a small constant that keeps a denominator away from 0: greater than 0.</summary>
    public static Hyperparameter Epsilon(double @default) => new("epsilon", "ϵ", @default, HyperparameterRange.Positive, "added to the denominator, so that a division by a running magnitude never meets 0/0");

    /// <summary>The inverse decay of Flux's rules: <c>s_t = 1 / (1 + decay*(t - 1))</c>.</summary>
    public static Hyperparameter Decay(double @default = 0) => new("decay", "decay", @default, HyperparameterRange.NonNegative, "inverse decay, s_t = 1/(1 + decay*(t-1))");
}
