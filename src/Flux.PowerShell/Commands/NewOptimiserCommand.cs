using System.Collections;
using System.Management.Automation;
using Flux.PowerShell.Completion;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>New-Optimiser</c>: a rule of <see cref="Optimisers.Rules"/> under its name, its
/// hyperparameters as parameters derived from its <see cref="RuleDeclaration"/> (the rest take the
/// declared defaults), built by <see cref="Optimisers.ByName"/>; or a chain of optimisers; or one
/// optimiser per layer of a chain. Clipping, decays, schedule, accumulation, skipping and freezing
/// compose in the library's one order, <see cref="OptimiserRecipe"/>.
/// </summary>
[Cmdlet(VerbsCommon.New, "Optimiser", DefaultParameterSetName = RuleSet)]
[OutputType(typeof(IOptimiser))]
public sealed class NewOptimiserCommand : PSCmdlet, IDynamicParameters
{
    private const string RuleSet = "Rule", ChainSet = "Chain", PerLayerSet = "PerLayer";

    // The names a hyperparameter's parameter must avoid: this cmdlet's own and the common ones.
    private static readonly Lazy<IReadOnlySet<string>> Taken = new(() => RuleParameters.TakenBy(typeof(NewOptimiserCommand)));

    private RuleParameters? _rule;
    private RuntimeDefinedParameterDictionary? _dynamic;
    private readonly List<IOptimiser> _elements = [];

    /// <summary>The rule, by its name in <see cref="Optimisers.Rules"/> (any case); <c>Get-OptimiserRule</c> lists them.</summary>
    [Parameter(ParameterSetName = RuleSet, Mandatory = true, Position = 0)]
    [RuleName]
    [ArgumentCompleter(typeof(RuleNameCompleter))]
    public string Type { get; set; } = "";

    /// <summary>Clamp each gradient element to [-δ, δ] first.</summary>
    [Parameter(ParameterSetName = RuleSet)]
    public double? ClipValue { get; set; }

    /// <summary>Rescale the gradients so their global L2 norm is at most this, first.</summary>
    [Parameter(ParameterSetName = RuleSet)]
    public double? ClipNorm { get; set; }

    /// <summary>Add γ·p to each gradient (after clipping, before the rule): coupled (L2) weight decay, a chain element.</summary>
    [Parameter(ParameterSetName = RuleSet)]
    public double? WeightDecay { get; set; }

    /// <summary>Scale the rule's step by 1/(1 + γ(t-1)).</summary>
    [Parameter(ParameterSetName = RuleSet)]
    public double? InvDecay { get; set; }

    /// <summary>Scale the rule's step by max(η·decay^floor((t-1)/step), clip): η, decay, decay step and clip, in that order; missing ones take <see cref="Flux.ExpDecay"/>'s defaults.</summary>
    [Parameter(ParameterSetName = RuleSet)]
    [ValidateCount(1, 4)]
    public double[]? ExpDecay { get; set; }

    /// <summary>
    /// Scale the rule's step down when the loss stops improving (<see cref="Flux.ReduceOnPlateau"/>, fed each batch's
    /// loss by Invoke-Training): its hyperparameters by name (<c>@{ Patience = 5; Factor = 0.5 }</c>); <c>@{}</c> for the defaults.
    /// </summary>
    [Parameter(ParameterSetName = RuleSet)]
    [ValidateNotNull]
    public Hashtable? ReduceOnPlateau { get; set; }

    /// <summary>Optimisers to apply in turn, each seeing the previous one's output as its gradient.</summary>
    [Parameter(ParameterSetName = ChainSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public IOptimiser[] Chain { get; set; } = [];

    /// <summary>One optimiser per layer of <see cref="Model"/>, in layer order.</summary>
    [Parameter(ParameterSetName = PerLayerSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public IOptimiser[] PerLayer { get; set; } = [];

    /// <summary>The chain whose layers <see cref="PerLayer"/> optimises.</summary>
    [Parameter(ParameterSetName = PerLayerSet, Mandatory = true)]
    [ValidateNotNull]
    public Chain? Model { get; set; }

    /// <summary>Drive a hyperparameter with this schedule (<c>Scheduled</c>).</summary>
    [Parameter]
    [ValidateNotNull]
    public HyperparameterSchedule? Schedule { get; set; }

    /// <summary>The hyperparameter the schedule drives, by its library name; completed from the rule's declaration.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(HyperparameterNameCompleter))]
    public string ScheduledParameter { get; set; } = "eta";

    /// <summary>Average this many gradients and step once on their mean (<c>AccumGrad</c>).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? AccumulateGradients { get; set; }

    /// <summary>Skip a step whose gradient holds NaN or ±∞ (<c>FiniteOnly</c>).</summary>
    [Parameter]
    public SwitchParameter SkipNonFinite { get; set; }

    /// <summary>Skips allowed in a row before a non-finite gradient is an error; <see cref="FiniteOnly"/>'s default when not given.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? MaxConsecutiveSkips { get; set; }

    /// <summary>Lookahead: k, then optionally α (0.5): every k steps the slow weights move by α toward the fast ones, which restart from them.</summary>
    [Parameter]
    [ValidateCount(1, 2)]
    public double[]? Lookahead { get; set; }

    /// <summary>Keep a debiased exponential moving average of the parameters with this β (<c>EMA</c>); <c>$result.EvaluationModel</c> (or <c>$opt.Averaged($state, $model)</c>) gives it.</summary>
    [Parameter]
    public double? Average { get; set; }

    /// <summary>Stochastic weight averaging: the first averaged step, then optionally the period (1): an equal-weight average of the parameters (<c>SWA</c>); <c>$result.EvaluationModel</c> gives it.</summary>
    [Parameter]
    [ValidateCount(1, 2)]
    [ValidateRange(1, long.MaxValue)]
    public long[]? StochasticWeightAverage { get; set; }

    /// <summary>Parameters, or models whose parameters, to freeze (<c>Freeze</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ParamsTransformation]
    public Param[]? Freeze { get; set; }

    /// <summary>The hyperparameters of the rule <see cref="Type"/> names, as parameters; none before a rule is named.</summary>
    public object? GetDynamicParameters()
    {
        if (RuleNameAttribute.Find(Type) is not { } declaration) return null;
        _rule = new RuleParameters(declaration, Taken.Value);
        return _dynamic = _rule.Dictionary(RuleSet);
    }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        // A wrapper's option without the wrapper is a mistake, not something to ignore.
        if (MyInvocation.BoundParameters.ContainsKey(nameof(ScheduledParameter)) && Schedule is null)
            ThrowTerminatingError(CmdletErrors.Invalid("New-Optimiser: -ScheduledParameter names the hyperparameter -Schedule drives; give -Schedule too.",
                "ScheduleMissing", ErrorCategory.InvalidArgument, ScheduledParameter));
        if (MaxConsecutiveSkips is { } max && !SkipNonFinite)
            ThrowTerminatingError(CmdletErrors.Invalid("New-Optimiser: -MaxConsecutiveSkips applies to -SkipNonFinite; give -SkipNonFinite too.",
                "SkipNonFiniteMissing", ErrorCategory.InvalidArgument, max));
        if (Lookahead is { } la && (!(la[0] >= 1 && la[0] <= int.MaxValue) || la[0] != Math.Floor(la[0])))
            ThrowTerminatingError(CmdletErrors.Invalid($"New-Optimiser: -Lookahead takes k, a whole number 1 or more, then optionally alpha; got k = {la[0]}.",
                "InvalidLookahead", ErrorCategory.InvalidArgument, la));
        if (ParameterSetName == RuleSet && _rule?.Unknown(_dynamic!) is { } stray)
            ThrowTerminatingError(CmdletErrors.Invalid(stray, "HyperparameterNotApplicable", ErrorCategory.InvalidArgument, _rule.Declaration.Name));
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case ChainSet: _elements.AddRange(Chain); return;
            case PerLayerSet: _elements.AddRange(PerLayer); return;
        }
        var (rule, values) = (_rule!, _rule!.Values(_dynamic!));
        WriteObject(this.Run(() => Recipe(Optimisers.ByName(rule.Declaration.Name, values)).Build(), "InvalidHyperparameter", rule.Declaration.Name));
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (ParameterSetName == ChainSet)
            WriteObject(this.Run(() => Recipe(Optimisers.Chain([.. _elements])).Build(), "InvalidChain", _elements));
        if (ParameterSetName == PerLayerSet)
            WriteObject(this.Run(() => Recipe(Optimisers.PerLayer(Model!, [.. _elements])).Build(), "InvalidPerLayer", _elements));
    }

    // The parameters as the library's recipe; the clipping and decays are only bound in the Rule set.
    private OptimiserRecipe Recipe(IOptimiser optimiser) => new(optimiser)
    {
        ClipValue = ClipValue,
        ClipNorm = ClipNorm,
        WeightDecay = WeightDecay,
        InvDecay = InvDecay,
        ExpDecay = ExpDecay is { } e ? new Flux.ExpDecay(e[0], At(e, 1), At(e, 2), At(e, 3)) : null,
        ReduceOnPlateau = ReduceOnPlateau is { } plateau ? Plateau(plateau) : null,
        Schedule = Schedule,
        ScheduledParameter = ScheduledParameter,
        AccumulateGradients = AccumulateGradients,
        Lookahead = Lookahead is { } la ? ((int)la[0], la.Length > 1 ? la[1] : 0.5) : null,
        Average = Average,
        StochasticWeightAverage = StochasticWeightAverage is { } swa ? (swa[0], swa.Length > 1 ? swa[1] : 1) : null,
        SkipNonFinite = SkipNonFinite ? MaxConsecutiveSkips ?? FiniteOnly.DefaultMaxConsecutiveSkips : null,
        Freeze = Freeze,
    };

    // The hashtable's entries as the transform's hyperparameters, by their declared names in any case (the registry checks them).
    private static Flux.ReduceOnPlateau Plateau(Hashtable entries) =>
        (Flux.ReduceOnPlateau)Optimisers.ByName(Flux.ReduceOnPlateau.Declared.Name,
            entries.Keys.Cast<object>().ToDictionary(k => k.ToString()!, k => LanguagePrimitives.ConvertTo<double>(entries[k]), StringComparer.OrdinalIgnoreCase));

    private static double? At(double[] values, int i) => i < values.Length ? values[i] : null;
}
