using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>Invoke-Minimisation</c>: minimises a loss script block over parameters, or over a model's
/// parameters, with the library's L-BFGS solver (<see cref="LBFGS"/>, PyTorch's
/// <c>LBFGS(line_search_fn="strong_wolfe")</c>), for full-batch problems. A progress bar follows the
/// iterations. The settings are the solver's (<see cref="LbfgsOptions"/>), each left at its default
/// when not given. A failure part way writes a non-terminating error and still returns the
/// iterations that completed.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Minimisation", DefaultParameterSetName = ParamSet)]
[OutputType(typeof(MinimisationOutcome))]
public sealed class InvokeMinimisationCommand : PSCmdlet, IDisposable
{
    private const string ParamSet = "Param", ModelSet = "Model";
    private readonly List<Param> _params = [];
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>A script block returning a scalar expression, e.g. <c>{ ($W * $x + $b - $y).Square().Sum() }</c>; with -Model, the model is its first argument.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public ScriptBlock? Loss { get; set; }

    /// <summary>The parameters to minimise over, at their starting values; bound from the pipeline.</summary>
    [Parameter(ParameterSetName = ParamSet, Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public Param[] Param { get; set; } = [];

    /// <summary>A model: its parameters are minimised over, and the result holds the model rebuilt from the last iterate.</summary>
    [Parameter(ParameterSetName = ModelSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public IModel? Model { get; set; }

    /// <summary>η (lr): the first step each line search tries after the first iteration.</summary>
    [Parameter]
    [Alias("lr")]
    public double? LearningRate { get; set; }

    /// <summary>max_iter: the most iterations.</summary>
    [Parameter]
    public int? MaxIterations { get; set; }

    /// <summary>max_eval: the loss evaluations after which to stop.</summary>
    [Parameter]
    public int? MaxEvaluations { get; set; }

    /// <summary>tolerance_grad: stop when no gradient element is larger in magnitude.</summary>
    [Parameter]
    public double? ToleranceGrad { get; set; }

    /// <summary>tolerance_change: stop when the loss or the step changes less.</summary>
    [Parameter]
    public double? ToleranceChange { get; set; }

    /// <summary>history_size: the most curvature pairs kept.</summary>
    [Parameter]
    public int? HistorySize { get; set; }

    /// <summary>c1 of the strong Wolfe conditions (sufficient decrease).</summary>
    [Parameter]
    public double? C1 { get; set; }

    /// <summary>c2 of the strong Wolfe conditions (curvature).</summary>
    [Parameter]
    public double? C2 { get; set; }

    /// <summary>max_ls: the most loss evaluations of one line search.</summary>
    [Parameter]
    public int? MaxLineSearch { get; set; }

    /// <summary>The line search's bracket tolerance.</summary>
    [Parameter]
    public double? LineSearchTolerance { get; set; }

    /// <summary>
    /// The name of a variable (in the caller's scope) that receives the result as soon as the solver
    /// ends, however it ends. After a stop (Ctrl+C, <c>PowerShell.Stop()</c>) PowerShell accepts no
    /// more output, so this is where the iterations finished before the stop can be found.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ResultVariable { get; set; }

    // The options given, each other setting at the library's default (which validates them all).
    private LbfgsOptions Options
    {
        get
        {
            var d = LbfgsOptions.Default;
            return new LbfgsOptions
            {
                LearningRate = LearningRate ?? d.LearningRate,
                MaxIterations = MaxIterations ?? d.MaxIterations,
                MaxEvaluations = MaxEvaluations ?? d.MaxEvaluations,
                ToleranceGrad = ToleranceGrad ?? d.ToleranceGrad,
                ToleranceChange = ToleranceChange ?? d.ToleranceChange,
                HistorySize = HistorySize ?? d.HistorySize,
                C1 = C1 ?? d.C1,
                C2 = C2 ?? d.C2,
                MaxLineSearch = MaxLineSearch ?? d.MaxLineSearch,
                LineSearchTolerance = LineSearchTolerance ?? d.LineSearchTolerance,
            };
        }
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ParamSet) { _params.AddRange(Param); return; }
        var model = Model!;
        Minimise(LossScript.ToFunc(Loss!, model), model.Params(), model);
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (ParameterSetName == ParamSet) Minimise(LossScript.ToFunc(Loss!), Params.Of(_params), null);
    }

    /// <summary>Tells the running solver to end before its next iteration.</summary>
    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>Releases the cancellation source.</summary>
    public void Dispose() => _stopping.Dispose();

    private void Minimise(Func<Expr> loss, Params ps, IModel? model)
    {
        var options = Options;
        var progress = new IterationProgress(this, options.MaxIterations);
        var token = _stopping.Token;
        if (!this.TryRun(() => LBFGS.Minimise(loss, ps, options, progress, token), "MinimisationFailed", Loss, out var result)) return;
        // A loss script refused because the pipeline is stopping is the stop, not a failure.
        if (result.Stop is MinimisationStop.FailedCase { Error: var error } && (Stopping || error is PipelineStoppedException))
            result = result with { Stop = MinimisationStop.Cancelled };
        var outcome = new MinimisationOutcome(result, model?.With(result.Params));
        if (ResultVariable is { } name) SessionState.PSVariable.Set(name, outcome);
        progress.Complete();
        WriteVerbose($"Invoke-Minimisation: {outcome}.");
        switch (result.Stop)
        {
            case MinimisationStop.FailedCase failed:
                WriteError(Failure(failed.Error, outcome));
                break;
            case var stop when stop == MinimisationStop.NonFiniteLoss:
                WriteWarning($"Invoke-Minimisation: the loss or its gradient was NaN or infinite at a point evaluated after {result.Iterations} iterations; returning the last finite iterate.");
                break;
        }
        WriteObject(outcome);
    }

    // A non-terminating error for a failed evaluation: the library's exception and category, the partial outcome as target.
    private static ErrorRecord Failure(Exception error, MinimisationOutcome outcome)
    {
        var library = CmdletErrors.Record(error, "MinimisationFailed", outcome);
        return new ErrorRecord(library.Exception, "MinimisationFailed", library.CategoryInfo.Category, outcome)
        {
            ErrorDetails = new ErrorDetails(
                $"Invoke-Minimisation: evaluation {outcome.Evaluations} of the loss failed: {library.Exception.Message} The {outcome.Iterations} iterations completed before it are output (and are this error's TargetObject)."),
        };
    }

    /// <summary>One progress record per iteration, told synchronously on the pipeline thread.</summary>
    private sealed class IterationProgress(InvokeMinimisationCommand cmdlet, int maxIterations) : IProgress<MinimisationProgress>
    {
        public void Report(MinimisationProgress p)
        {
            if (cmdlet.Stopping) return; // PowerShell refuses writes once stopping; the solver ends before its next iteration
            cmdlet.WriteProgress(new ProgressRecord(1, "Invoke-Minimisation", $"iteration {p.Iteration}/{maxIterations}: loss {p.Loss:G6}, max |gradient| {p.GradientNorm:G3}, {p.Evaluations} evaluations")
            {
                PercentComplete = Math.Min(100, p.Iteration * 100 / maxIterations),
            });
        }

        public void Complete()
        {
            if (cmdlet.Stopping) return;
            cmdlet.WriteProgress(new ProgressRecord(1, "Invoke-Minimisation", "done") { PercentComplete = 100, RecordType = ProgressRecordType.Completed });
        }
    }
}
