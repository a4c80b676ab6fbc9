namespace Flux;

/// <summary>The outcome of one law: its name, whether it holds, what broke it and at which step.</summary>
/// <param name="Law">The law's name (<see cref="OptimiserLaws.Purity"/>, ...).</param>
/// <param name="Holds">True when the law holds.</param>
/// <param name="Detail">"holds", or what broke it.</param>
/// <param name="Step">The step (1, 2, …) at which the law broke, when it broke at one; null when it holds.</param>
public sealed record LawResult(string Law, bool Holds, string Detail, int? Step = null)
{
    /// <summary><c>✓ law</c>, or <c>✗ law (step t): detail</c>.</summary>
    public override string ToString() => Holds ? $"✓ {Law}" : $"✗ {Law}{(Step is { } t ? $" (step {t})" : "")}: {Detail}";
}

/// <summary>The laws checked on one optimiser by <see cref="OptimiserLaws.Check(IOptimiser, int, int, int, ElementType)"/>.</summary>
/// <param name="Optimiser">The optimiser, as it prints itself.</param>
/// <param name="Results">One result per law.</param>
public sealed record LawReport(string Optimiser, ImmutableArray<LawResult> Results)
{
    /// <summary>True when every law holds.</summary>
    public bool AllHold => Results.All(r => r.Holds);

    /// <summary>The laws that do not hold.</summary>
    public IEnumerable<LawResult> Failures => Results.Where(r => !r.Holds);

    /// <summary>The result of the law called <paramref name="law"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such law was checked.</exception>
    public LawResult this[string law] =>
        Results.FirstOrDefault(r => r.Law == law) ?? throw new KeyNotFoundException($"LawReport: no law called '{law}'.");

    /// <summary>The optimiser, then one line per law.</summary>
    public override string ToString() => Optimiser + string.Concat(Results.Select(r => "\n  " + r));
}
