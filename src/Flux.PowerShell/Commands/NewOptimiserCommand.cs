using System.Management.Automation;
using System.Reflection;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>New-Optimiser</c>: one of the Flux rules under its name, with the library's defaults for the
/// hyperparameters not given, optionally composed with gradient clipping, weight decay and a
/// schedule; or a chain of optimisers.
/// </summary>
[Cmdlet(VerbsCommon.New, "Optimiser", DefaultParameterSetName = RuleSet)]
[OutputType(typeof(IOptimiser))]
public sealed class NewOptimiserCommand : PSCmdlet
{
    private const string RuleSet = "Rule", ChainSet = "Chain";

    /// <summary>The rule, by its Flux name.</summary>
    [Parameter(ParameterSetName = RuleSet, Mandatory = true, Position = 0)]
    [ValidateSet("SGD", "Momentum", "Nesterov", "RMSProp", "ADAM", "AdaMax", "ADAGrad", "ADADelta", "AMSGrad", "NADAM", "ADAMW")]
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

    /// <summary>Clamp each gradient element to [-δ, δ] first.</summary>
    [Parameter(ParameterSetName = RuleSet)]
    public double? ClipValue { get; set; }

    /// <summary>Rescale the gradients so their global L2 norm is at most this, first.</summary>
    [Parameter(ParameterSetName = RuleSet)]
    public double? ClipNorm { get; set; }

    /// <summary>Add γ·p to each gradient (after clipping, before the rule).</summary>
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

    private readonly List<IOptimiser> _chain = [];

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ChainSet) { _chain.AddRange(Chain); return; }
        var hyper = new Dictionary<string, double?>
        {
            ["eta"] = LearningRate, ["rho"] = Rho, ["beta1"] = Beta1, ["beta2"] = Beta2, ["epsilon"] = Epsilon, ["decay"] = Decay,
        };
        var factory = typeof(Optimisers).GetMethod(Type, BindingFlags.Public | BindingFlags.Static)!;
        var accepted = factory.GetParameters();
        var stray = hyper.Where(h => h.Value is not null && accepted.All(p => p.Name != h.Key)).Select(h => h.Key).ToList();
        if (stray.Count > 0)
        {
            var names = string.Join(", ", accepted.Select(p => p.Name));
            WriteError(CmdletErrors.Invalid($"New-Optimiser: {Type} takes {names}; {string.Join(", ", stray)} does not apply.",
                "HyperparameterNotApplicable", ErrorCategory.InvalidArgument, Type));
            return;
        }
        var args = accepted.Select(p => (object?)hyper[p.Name!] ?? p.DefaultValue).ToArray();
        if (this.TryRun(() => Compose((IOptimiser)factory.Invoke(null, args)!), "InvalidHyperparameter", Type, out var optimiser))
            WriteObject(optimiser);
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (ParameterSetName == ChainSet && this.TryRun(() => Optimisers.Chain([.. _chain]), "InvalidChain", _chain, out var chain))
            WriteObject(chain);
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
}
