using System.Management.Automation;
using System.Reflection;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>New-Optimiser</c>: one of the Flux rules under its name, with the library's defaults for the
/// hyperparameters not given, optionally composed with gradient clipping, weight decay and a
/// schedule; or a chain of optimisers; or one optimiser per layer of a chain. Any of them can be
/// wrapped, in this order from the inside out:
/// <c>Freeze(FiniteOnly(AccumGrad(Scheduled(optimiser, name, schedule), n)), frozen)</c>.
/// </summary>
[Cmdlet(VerbsCommon.New, "Optimiser", DefaultParameterSetName = RuleSet)]
[OutputType(typeof(IOptimiser))]
public sealed class NewOptimiserCommand : PSCmdlet
{
    private const string RuleSet = "Rule", ChainSet = "Chain", PerLayerSet = "PerLayer";

    /// <summary>The rule, by its Flux name.</summary>
    [Parameter(ParameterSetName = RuleSet, Mandatory = true, Position = 0)]
    [ValidateSet("SGD", "Momentum", "Nesterov", "RMSProp", "ADAM", "AdaMax", "ADAGrad", "ADADelta", "AMSGrad", "NADAM", "ADAMW",
        "RAdam", "AdaBelief", "OAdam", "Rprop", "Lion", "AdamWTorch")]
    public string Type { get; set; } = "";

    /// <summary>η, the learning rate.</summary>
    [Parameter(ParameterSetName = RuleSet)]
    [Alias("Eta")]
    public double? LearningRate { get; set; }

    /// <summary>ρ, the momentum or averaging coefficient.</summary>
    [Parameter(ParameterSetName = RuleSet)]
    public double? Rho { get; set; }

    /// <summary>β1, the decay of the first moment.</summary>
    [Parameter(ParameterSetName = RuleSet)]
    public double? Beta1 { get; set; }

    /// <summary>β2, the decay of the second moment.</summary>
    [Parameter(ParameterSetName = RuleSet)]
    public double? Beta2 { get; set; }

    /// <summary>ϵ, the term that keeps divisions finite.</summary>
    [Parameter(ParameterSetName = RuleSet)]
    public double? Epsilon { get; set; }

    /// <summary>The rule's inverse decay of the step (weight decay for ADAMW).</summary>
    [Parameter(ParameterSetName = RuleSet)]
    public double? Decay { get; set; }

    /// <summary>RAdam's threshold on the length ρ_t of the approximated SMA above which the adaptive step is taken.</summary>
    [Parameter(ParameterSetName = RuleSet)]
    public double? Threshold { get; set; }

    /// <summary>Rprop's η⁻, the factor of the step size when the gradient's sign flips.</summary>
    [Parameter(ParameterSetName = RuleSet)]
    public double? EtaMinus { get; set; }

    /// <summary>Rprop's η⁺, the factor of the step size when the gradient's sign is kept.</summary>
    [Parameter(ParameterSetName = RuleSet)]
    public double? EtaPlus { get; set; }

    /// <summary>Rprop's smallest step size.</summary>
    [Parameter(ParameterSetName = RuleSet)]
    public double? MinStep { get; set; }

    /// <summary>Rprop's largest step size.</summary>
    [Parameter(ParameterSetName = RuleSet)]
    public double? MaxStep { get; set; }

    /// <summary>λ, the decoupled weight decay of Lion and AdamWTorch (the rule's own <c>weightDecay</c>).</summary>
    [Parameter(ParameterSetName = RuleSet)]
    [Alias("Lambda")]
    public double? DecoupledWeightDecay { get; set; }

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

    /// <summary>Scale the rule's step by max(η·decay^floor((t-1)/step), clip): η, decay, decay step and clip, in that order; missing ones take the defaults 0.001, 0.1, 1000, 1e-4.</summary>
    [Parameter(ParameterSetName = RuleSet)]
    [ValidateCount(1, 4)]
    public double[]? ExpDecay { get; set; }

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
    public Schedule? Schedule { get; set; }

    /// <summary>The hyperparameter the schedule drives, by its library name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string ScheduledParameter { get; set; } = "eta";

    /// <summary>Average this many gradients and step once on their mean (<c>AccumGrad</c>).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? AccumulateGradients { get; set; }

    /// <summary>Skip a step whose gradient holds NaN or ±∞ (<c>FiniteOnly</c>).</summary>
    [Parameter]
    public SwitchParameter SkipNonFinite { get; set; }

    /// <summary>Skips allowed in a row before a non-finite gradient is an error.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? MaxConsecutiveSkips { get; set; }

    /// <summary>Parameters, or models whose parameters, to freeze (<c>Freeze</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ParamsTransformation]
    public Param[]? Freeze { get; set; }

    private readonly List<IOptimiser> _elements = [];

    // The hyperparameters by the factories' parameter names, and the New-Optimiser parameter of each.
    private static readonly (string Name, string Parameter)[] Hyperparameters =
    [
        ("eta", nameof(LearningRate)), ("rho", nameof(Rho)), ("beta1", nameof(Beta1)), ("beta2", nameof(Beta2)), ("epsilon", nameof(Epsilon)),
        ("decay", nameof(Decay)), ("threshold", nameof(Threshold)), ("etaMinus", nameof(EtaMinus)), ("etaPlus", nameof(EtaPlus)),
        ("minStep", nameof(MinStep)), ("maxStep", nameof(MaxStep)), ("weightDecay", nameof(DecoupledWeightDecay)),
    ];

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
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case ChainSet: _elements.AddRange(Chain); return;
            case PerLayerSet: _elements.AddRange(PerLayer); return;
        }
        var given = Hyperparameters.Select(h => (h.Name, h.Parameter, Value: (double?)GetType().GetProperty(h.Parameter)!.GetValue(this))).ToList();
        var factory = typeof(Optimisers).GetMethod(Type, BindingFlags.Public | BindingFlags.Static)!;
        var accepted = factory.GetParameters();
        var stray = given.Where(h => h.Value is not null && accepted.All(p => p.Name != h.Name)).Select(h => h.Name).ToList();
        if (stray.Count > 0)
        {
            var names = string.Join(", ", accepted.Select(p => Describe(p.Name!)));
            ThrowTerminatingError(CmdletErrors.Invalid($"New-Optimiser: {Type} takes {names}; {string.Join(", ", stray.Select(Describe))} does not apply.",
                "HyperparameterNotApplicable", ErrorCategory.InvalidArgument, Type));
            return;
        }
        var args = accepted.Select(p => (object?)given.Single(h => h.Name == p.Name).Value ?? p.DefaultValue).ToArray();
        if (this.TryRun(() => Wrap(Compose((IOptimiser)factory.Invoke(null, args)!)), "InvalidHyperparameter", Type, out var optimiser))
            WriteObject(optimiser);
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (ParameterSetName == ChainSet && this.TryRun(() => Wrap(Optimisers.Chain([.. _elements])), "InvalidChain", _elements, out var chain))
            WriteObject(chain);
        if (ParameterSetName == PerLayerSet && this.TryRun(() => Wrap(Optimisers.PerLayer(Model!, [.. _elements])), "InvalidPerLayer", _elements, out var perLayer))
            WriteObject(perLayer);
    }

    // "eta (-LearningRate)": the library's name, and the parameter of New-Optimiser when it is not the same word.
    private static string Describe(string name)
    {
        var parameter = Hyperparameters.Single(h => h.Name == name).Parameter;
        return string.Equals(parameter, name, StringComparison.OrdinalIgnoreCase) ? name : $"{name} (-{parameter})";
    }

    // Clipping, then weight decay, then the rule, then the schedules: Flux's Optimiser(...) order.
    private IOptimiser Compose(IOptimiser rule)
    {
        var before = new List<IOptimiser>();
        if (ClipValue is { } delta) before.Add(Optimisers.ClipValue(delta));
        if (ClipNorm is { } norm) before.Add(Optimisers.ClipNorm(norm));
        if (WeightDecay is { } gamma) before.Add(Optimisers.WeightDecay(gamma));
        var after = new List<IOptimiser>();
        if (InvDecay is { } inv) after.Add(Optimisers.InvDecay(inv));
        if (ExpDecay is { } e)
            after.Add(Optimisers.ExpDecay(e[0], e.Length > 1 ? e[1] : 0.1, e.Length > 2 ? (long)e[2] : 1000, e.Length > 3 ? e[3] : 1e-4));
        return before.Count + after.Count == 0 ? rule : Optimisers.Chain([.. before, rule, .. after]);
    }

    // The wrappers, from the inside out: Freeze(FiniteOnly(AccumGrad(Scheduled(optimiser)))).
    // The schedule counts the steps taken, not the gradients accumulated; a non-finite gradient is
    // skipped before it is accumulated; frozen parameters' gradients are dropped before anything else.
    private IOptimiser Wrap(IOptimiser optimiser)
    {
        if (Schedule is not null) optimiser = Optimisers.Scheduled(optimiser, ScheduledParameter, Schedule);
        if (AccumulateGradients is { } n) optimiser = Optimisers.AccumGrad(optimiser, n);
        if (SkipNonFinite) optimiser = Optimisers.FiniteOnly(optimiser, MaxConsecutiveSkips ?? 10);
        if (Freeze is not null) optimiser = Optimisers.Freeze(optimiser, Freeze);
        return optimiser;
    }
}
