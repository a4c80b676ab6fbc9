namespace Flux;

/// <summary>
/// A rule and the building blocks around it, composed in one order for every front end:
/// <code>
/// Freeze( EMA or SWA( FiniteOnly( AccumGrad( Lookahead( Scheduled( Chain(ClipValue, ClipNorm, WeightDecay, rule, InvDecay, ExpDecay, ReduceOnPlateau) ))))))
/// </code>
/// Clipping and L2 decay see the raw gradient and the rule sees what they give (Flux's
/// <c>Optimiser(ClipValue, WeightDecay, ADAM)</c> order); the decays and the plateau factor scale the rule's step (the
/// wrappers pass the training fold's losses down to the plateau); the
/// schedule counts the steps taken, not the gradients accumulated; a non-finite gradient is skipped
/// before it is accumulated; Lookahead counts the steps taken, so a synchronisation is never lost
/// to a skipped or accumulating call; the average sees every step taken (and only those: a call
/// that moves nothing leaves it as it is), and is outermost but for the freeze, so that without
/// one <c>Build()</c> is the <see cref="Flux.EMA"/> whose <c>Averaged</c> gives the parameters to evaluate;
/// frozen parameters' gradients are dropped before anything else.
/// Every part but the rule is optional (null or false leaves it out).
/// </summary>
public sealed record OptimiserRecipe(IOptimiser Rule)
{
    /// <summary><see cref="Flux.ClipValue"/>'s bound δ.</summary>
    public double? ClipValue { get; init; }

    /// <summary><see cref="Flux.ClipNorm"/>'s largest norm.</summary>
    public double? ClipNorm { get; init; }

    /// <summary><see cref="Flux.WeightDecay"/>'s γ (L2, added to the gradient).</summary>
    public double? WeightDecay { get; init; }

    /// <summary><see cref="Flux.InvDecay"/>'s γ.</summary>
    public double? InvDecay { get; init; }

    /// <summary><see cref="Flux.ExpDecay"/> itself, when wanted.</summary>
    public ExpDecay? ExpDecay { get; init; }

    /// <summary><see cref="Flux.ReduceOnPlateau"/> itself, when wanted: the step scaled down when the loss stops improving.</summary>
    public ReduceOnPlateau? ReduceOnPlateau { get; init; }

    /// <summary>A schedule for hyperparameter <see cref="ScheduledParameter"/>.</summary>
    public HyperparameterSchedule? Schedule { get; init; }

    /// <summary>The hyperparameter <see cref="HyperparameterSchedule"/> drives (<c>eta</c>).</summary>
    public string ScheduledParameter { get; init; } = "eta";

    /// <summary>Steps of gradient accumulation (<see cref="AccumGrad"/>).</summary>
    public int? AccumulateGradients { get; init; }

    /// <summary>Skip steps with non-finite gradients (<see cref="FiniteOnly"/>), at most this many in a row; null for no skipping.</summary>
    public int? SkipNonFinite { get; init; }

    /// <summary><see cref="Flux.Lookahead"/>'s period k and slow step α.</summary>
    public (int K, double Alpha)? Lookahead { get; init; }

    /// <summary><see cref="Flux.EMA"/>'s β: keep a debiased moving average of the parameters.</summary>
    public double? Average { get; init; }

    /// <summary><see cref="Flux.SWA"/>'s first averaged step and period: an equal-weight average of the parameters (instead of <see cref="Average"/>).</summary>
    public (long Start, long Every)? StochasticWeightAverage { get; init; }

    /// <summary>Parameters to freeze (<see cref="Frozen"/>).</summary>
    public IReadOnlyCollection<Param>? Freeze { get; init; }

    /// <summary>The optimiser the recipe describes.</summary>
    /// <exception cref="ArgumentException">A part is out of range, or the schedule names a hyperparameter the rule lacks.</exception>
    public IOptimiser Build()
    {
        ArgumentNullException.ThrowIfNull(Rule);
        var before = new List<IOptimiser>();
        if (ClipValue is { } delta) before.Add(new ClipValue(delta));
        if (ClipNorm is { } norm) before.Add(new ClipNorm(norm));
        if (WeightDecay is { } gamma) before.Add(new WeightDecay(gamma));
        var after = new List<IOptimiser>();
        if (InvDecay is { } inv) after.Add(new InvDecay(inv));
        if (ExpDecay is { } exp) after.Add(exp);
        if (ReduceOnPlateau is { } plateau) after.Add(plateau);
        var optimiser = before.Count + after.Count == 0 ? Rule : new OptimiserChain([.. before, Rule, .. after]);
        if (Schedule is not null) optimiser = new Scheduled(optimiser, ScheduledParameter, Schedule);
        if (Lookahead is var (k, alpha)) optimiser = new Lookahead(optimiser, k, alpha);
        if (AccumulateGradients is { } n) optimiser = new AccumGrad(optimiser, n);
        if (SkipNonFinite is { } max) optimiser = new FiniteOnly(optimiser, max);
        if (Average is not null && StochasticWeightAverage is not null)
            throw new ArgumentException("OptimiserRecipe: give one average of the parameters, EMA (Average) or SWA (StochasticWeightAverage), not both.");
        if (Average is { } beta) optimiser = new EMA(optimiser, beta);
        if (StochasticWeightAverage is var (start, every)) optimiser = new SWA(optimiser, start, every);
        if (Freeze is not null) optimiser = optimiser.Freeze(Freeze);
        return optimiser;
    }
}
