namespace Flux;

/// <summary>One element's derivative, traced and by central differences.</summary>
/// <param name="Parameter">The parameter the element belongs to.</param>
/// <param name="Index">Its position in column-major order.</param>
/// <param name="Analytic">The traced gradient (the reverse sweep's).</param>
/// <param name="Numeric">The central difference.</param>
/// <param name="Allowed">The difference the tolerance allows here.</param>
public sealed record GradientElement(Param Parameter, int Index, double Analytic, double Numeric, double Allowed)
{
    /// <summary><c>|Analytic − Numeric|</c>.</summary>
    public double Difference => Math.Abs(Analytic - Numeric);

    /// <summary>True when the difference is within <see cref="Allowed"/> (false for NaN).</summary>
    public bool Agrees => Difference <= Allowed;

    /// <summary>How many times the allowed difference this is (∞ for NaN): the worst element has the largest.</summary>
    public double Excess => double.IsNaN(Difference) ? double.PositiveInfinity : Difference / Allowed;

    /// <summary>The element as the parameter's name and its 0-based index: <c>W[1, 2]</c> for a matrix, <c>b[3]</c>, <c>s</c> for a scalar.</summary>
    public string Element => Parameter.Shape.Rank switch
    {
        0 => Parameter.Name,
        1 => $"{Parameter.Name}[{Index}]",
        _ => $"{Parameter.Name}[{Index % Parameter.Shape.Rows}, {Index / Parameter.Shape.Rows}]",
    };

    /// <summary><c>∂/∂W[1, 2]: analytic …, numeric …, difference … ≤ allowed …</c>.</summary>
    public override string ToString() =>
        $"∂/∂{Element}: analytic {Analytic:R}, numeric {Numeric:R}, difference {Difference:E2} {(Agrees ? "≤" : ">")} allowed {Allowed:E2}";
}

/// <summary>
/// The outcome of a gradient check (<see cref="GradientCheck"/>): whether every element's traced
/// derivative agrees with central differences, how many were checked, the worst element (the one
/// furthest beyond its allowed difference, or nearest to it when all agree) and every one that disagrees.
/// </summary>
/// <param name="Subject">What was checked (a primitive's or rule's name, or "loss").</param>
/// <param name="Loss">The loss at the point checked.</param>
/// <param name="ElementsChecked">The number of parameter elements checked.</param>
/// <param name="Worst">The worst element; null when there were no elements.</param>
/// <param name="Mismatches">Every element that disagrees, in parameter and index order.</param>
/// <param name="Tolerance">The tolerance used.</param>
public sealed record GradientCheckResult(string Subject, double Loss, int ElementsChecked, GradientElement? Worst,
    ImmutableArray<GradientElement> Mismatches, GradientTolerance Tolerance)
{
    /// <summary>True when every element agrees.</summary>
    public bool Passed => Mismatches.IsEmpty;

    /// <summary>
    /// <c>✓ Subject: 12 elements agree with central differences; worst ∂/∂W[0, 1]: …</c>, or
    /// <c>✗ Subject: 3 of 12 elements disagree with central differences; worst ∂/∂W[0, 1]: …</c>.
    /// </summary>
    public override string ToString()
    {
        var head = Passed
            ? $"✓ {Subject}: {ElementsChecked} elements agree with central differences"
            : $"✗ {Subject}: {Mismatches.Length} of {ElementsChecked} elements disagree with central differences";
        return Worst is null ? head : $"{head}; worst {Worst} ({Tolerance})";
    }

    /// <summary>This result when it passed; otherwise throws a <see cref="GradientCheckException"/> carrying it, whose message is <see cref="ToString"/>.</summary>
    public GradientCheckResult ThrowIfFailed() => Passed ? this : throw new GradientCheckException(this);
}

/// <summary>A gradient check failed; <see cref="Result"/> names the worst element.</summary>
public sealed class GradientCheckException : Exception
{
    /// <summary>An exception carrying <paramref name="result"/>, whose report is the message.</summary>
    public GradientCheckException(GradientCheckResult result) : base((result ?? throw new ArgumentNullException(nameof(result))).ToString()) => Result = result;

    /// <summary>The failed check.</summary>
    public GradientCheckResult Result { get; }
}
