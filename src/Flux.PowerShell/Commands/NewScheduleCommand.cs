using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>New-Schedule</c>: a schedule, a pure function of the step t = 1, 2, … (the library's
/// <see cref="Schedules"/>), one parameter set per kind, selected by its switch; or a join of
/// schedules at boundaries. Pass it to <c>New-Optimiser -Schedule</c>; <c>$s.At(t)</c> gives its value.
/// </summary>
[Cmdlet(VerbsCommon.New, "Schedule", DefaultParameterSetName = ConstantSet)]
[OutputType(typeof(HyperparameterSchedule))]
public sealed class NewScheduleCommand : PSCmdlet
{
    private const string ConstantSet = "Constant", StepSet = "Step", ExponentialSet = "Exponential", InverseSet = "Inverse",
        PolynomialSet = "Polynomial", CosineSet = "Cosine", LinearSet = "Linear", WarmupSet = "Warmup",
        WarmupCosineSet = "WarmupCosine", PiecewiseSet = "Piecewise", JoinSet = "Join";

    private readonly List<HyperparameterSchedule> _joined = [];

    /// <summary>v(t) = value.</summary>
    [Parameter(ParameterSetName = ConstantSet, Mandatory = true)]
    public SwitchParameter Constant { get; set; }

    /// <summary>Staircase: v(t) = init·rate^floor((t-1)/every).</summary>
    [Parameter(ParameterSetName = StepSet, Mandatory = true)]
    public SwitchParameter Step { get; set; }

    /// <summary>v(t) = init·rate^((t-1)/steps).</summary>
    [Parameter(ParameterSetName = ExponentialSet, Mandatory = true)]
    public SwitchParameter Exponential { get; set; }

    /// <summary>v(t) = init / (1 + decay·(t-1))^power.</summary>
    [Parameter(ParameterSetName = InverseSet, Mandatory = true)]
    public SwitchParameter Inverse { get; set; }

    /// <summary>v(t) = (init - end)·(1 - min(t-1, steps)/steps)^power + end.</summary>
    [Parameter(ParameterSetName = PolynomialSet, Mandatory = true)]
    public SwitchParameter Polynomial { get; set; }

    /// <summary>v(t) = init·((1-α)(1 + cos(π·min(t-1, steps)/steps))/2 + α).</summary>
    [Parameter(ParameterSetName = CosineSet, Mandatory = true)]
    public SwitchParameter Cosine { get; set; }

    /// <summary>v(t) = init + (end - init)·min(t-1, steps)/steps.</summary>
    [Parameter(ParameterSetName = LinearSet, Mandatory = true)]
    public SwitchParameter Linear { get; set; }

    /// <summary>v(t) = peak·min(t, steps)/steps.</summary>
    [Parameter(ParameterSetName = WarmupSet, Mandatory = true)]
    public SwitchParameter Warmup { get; set; }

    /// <summary>A linear warm-up to peak, then a cosine decay to end.</summary>
    [Parameter(ParameterSetName = WarmupCosineSet, Mandatory = true)]
    public SwitchParameter WarmupCosine { get; set; }

    /// <summary>v(t) = init·Π scaleᵢ over every boundary bᵢ &lt; t.</summary>
    [Parameter(ParameterSetName = PiecewiseSet, Mandatory = true)]
    public SwitchParameter Piecewise { get; set; }

    /// <summary>The schedules to join, in order; bound from the pipeline.</summary>
    [Parameter(ParameterSetName = JoinSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public HyperparameterSchedule[] Join { get; set; } = [];

    /// <summary>The constant value.</summary>
    [Parameter(ParameterSetName = ConstantSet, Mandatory = true, Position = 0)]
    public double Value { get; set; }

    /// <summary>The value at t = 1.</summary>
    [Parameter(ParameterSetName = StepSet, Mandatory = true)]
    [Parameter(ParameterSetName = ExponentialSet, Mandatory = true)]
    [Parameter(ParameterSetName = InverseSet, Mandatory = true)]
    [Parameter(ParameterSetName = PolynomialSet, Mandatory = true)]
    [Parameter(ParameterSetName = CosineSet, Mandatory = true)]
    [Parameter(ParameterSetName = LinearSet, Mandatory = true)]
    [Parameter(ParameterSetName = PiecewiseSet, Mandatory = true)]
    public double Init { get; set; }

    /// <summary>The factor per stair (Step) or per Steps steps (Exponential).</summary>
    [Parameter(ParameterSetName = StepSet, Mandatory = true)]
    [Parameter(ParameterSetName = ExponentialSet, Mandatory = true)]
    [ValidateRange(0.0, double.MaxValue)]
    public double Rate { get; set; }

    /// <summary>Steps per stair.</summary>
    [Parameter(ParameterSetName = StepSet, Mandatory = true)]
    [ValidateRange(1, long.MaxValue)]
    public long Every { get; set; }

    /// <summary>The steps of the decay, ramp or warm-up.</summary>
    [Parameter(ParameterSetName = ExponentialSet, Mandatory = true)]
    [Parameter(ParameterSetName = PolynomialSet, Mandatory = true)]
    [Parameter(ParameterSetName = CosineSet, Mandatory = true)]
    [Parameter(ParameterSetName = LinearSet, Mandatory = true)]
    [Parameter(ParameterSetName = WarmupSet, Mandatory = true)]
    [ValidateRange(1, long.MaxValue)]
    public long Steps { get; set; }

    /// <summary>γ of the inverse decay.</summary>
    [Parameter(ParameterSetName = InverseSet, Mandatory = true)]
    [ValidateRange(0.0, double.MaxValue)]
    public double Decay { get; set; }

    /// <summary>The power of the inverse or polynomial decay.</summary>
    [Parameter(ParameterSetName = InverseSet)]
    [Parameter(ParameterSetName = PolynomialSet, Mandatory = true)]
    [ValidateRange(0.0, double.MaxValue)]
    public double Power { get; set; } = 1;

    /// <summary>The final value (Polynomial, Linear, WarmupCosine).</summary>
    [Parameter(ParameterSetName = PolynomialSet, Mandatory = true)]
    [Parameter(ParameterSetName = LinearSet, Mandatory = true)]
    [Parameter(ParameterSetName = WarmupCosineSet)]
    public double End { get; set; }

    /// <summary>α, the final fraction of init of the cosine decay.</summary>
    [Parameter(ParameterSetName = CosineSet)]
    [ValidateRange(0.0, 1.0)]
    public double Alpha { get; set; }

    /// <summary>The value reached at the end of the warm-up.</summary>
    [Parameter(ParameterSetName = WarmupSet, Mandatory = true)]
    [Parameter(ParameterSetName = WarmupCosineSet, Mandatory = true)]
    public double Peak { get; set; }

    /// <summary>The steps of the warm-up.</summary>
    [Parameter(ParameterSetName = WarmupCosineSet, Mandatory = true)]
    [ValidateRange(1, long.MaxValue)]
    public long WarmupSteps { get; set; }

    /// <summary>The steps of the cosine decay after the warm-up.</summary>
    [Parameter(ParameterSetName = WarmupCosineSet, Mandatory = true)]
    [ValidateRange(1, long.MaxValue)]
    public long DecaySteps { get; set; }

    /// <summary>The steps after which the value changes: Piecewise's boundaries (one per scale), or the last step of each joined schedule but the last.</summary>
    [Parameter(ParameterSetName = PiecewiseSet, Mandatory = true)]
    [Parameter(ParameterSetName = JoinSet, Mandatory = true)]
    [AllowEmptyCollection]
    public long[] Boundary { get; set; } = [];

    /// <summary>Piecewise's factors, one per boundary.</summary>
    [Parameter(ParameterSetName = PiecewiseSet, Mandatory = true)]
    [AllowEmptyCollection]
    public double[] Scale { get; set; } = [];

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == JoinSet) { _joined.AddRange(Join); return; }
        if (ParameterSetName == PiecewiseSet && Boundary.Length != Scale.Length)
        {
            ThrowTerminatingError(CmdletErrors.Invalid($"New-Schedule: -Piecewise takes one -Scale per -Boundary; got {Boundary.Length} boundaries and {Scale.Length} scales.",
                "BoundaryScaleMismatch", ErrorCategory.InvalidArgument, Scale));
            return;
        }
        if (this.TryRun(Create, "InvalidSchedule", ParameterSetName, out var schedule))
            WriteObject(schedule);
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (ParameterSetName == JoinSet && this.TryRun(() => Schedules.Join(_joined, Boundary), "InvalidSchedule", _joined, out var joined))
            WriteObject(joined);
    }

    private HyperparameterSchedule Create() => ParameterSetName switch
    {
        ConstantSet => Schedules.Constant(Value),
        StepSet => Schedules.Step(Init, Rate, Every),
        ExponentialSet => Schedules.Exponential(Init, Rate, Steps),
        InverseSet => Schedules.Inverse(Init, Decay, Power),
        PolynomialSet => Schedules.Polynomial(Init, End, Power, Steps),
        CosineSet => Schedules.Cosine(Init, Steps, Alpha),
        LinearSet => Schedules.Linear(Init, End, Steps),
        WarmupSet => Schedules.Warmup(Peak, Steps),
        WarmupCosineSet => Schedules.WarmupCosine(Peak, WarmupSteps, DecaySteps, End),
        PiecewiseSet => Schedules.Piecewise(Init, [.. Boundary.Zip(Scale)]),
        _ => throw new InvalidOperationException($"New-Schedule: unknown parameter set {ParameterSetName}."),
    };
}
