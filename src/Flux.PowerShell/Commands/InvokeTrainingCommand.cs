using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>Invoke-Training</c>: Flux's <c>train!</c> as the library's pure fold over epochs and shuffled
/// mini-batches, with a progress bar per epoch (parent) and per batch (child) and a verbose line
/// per epoch. Returns the final model, state and loss history; with <c>-State</c> and <c>-Step</c>
/// it resumes a run. A failure mid-run writes a non-terminating error and still returns the steps
/// that completed; after a stop the result is in <c>-ResultVariable</c>.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Training")]
[OutputType(typeof(TrainingOutcome))]
public sealed class InvokeTrainingCommand : PSCmdlet, IDisposable
{
    /// <summary>The loss functions -Loss accepts by name: each applied to the model's output and the targets.</summary>
    private const int EpochActivity = 1, BatchActivity = 2;

    /// <summary>The model to train; bound by property name from the output of Import-Checkpoint or Invoke-Training.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public IModel? Model { get; set; }

    /// <summary>The optimiser, from New-Optimiser.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public IOptimiser? Optimiser { get; set; }

    /// <summary>A loss by name (Mse, CrossEntropy, ...) or a script block <c>{ param($m, $x, $y) ... }</c> returning a scalar expression.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(Completion.LossCompleter))]
    public object? Loss { get; set; }

    /// <summary>The training samples; bound from the pipeline.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Dataset? Data { get; set; }

    /// <summary>Passes over the data.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Epochs { get; set; } = 1;

    /// <summary>Samples per mini-batch.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int BatchSize { get; set; } = 32;

    /// <summary>Seed of the per-epoch shuffles; without it a seed is drawn and reported on the verbose stream.</summary>
    [Parameter]
    public int? Seed { get; set; }

    /// <summary>The optimiser state to resume from; without it, the optimiser's initial state.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    public OptimiserState? State { get; set; }

    /// <summary>Steps already taken when resuming with -State.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, long.MaxValue)]
    public long Step { get; set; }

    /// <summary>
    /// A held-out classification dataset: the model's accuracy on it is measured at the end of every
    /// epoch, into the result's <c>ValidationAccuracy</c> (and the plot of <c>Export-TrainingPlot</c>).
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public Dataset? ValidationData { get; set; }

    /// <summary>
    /// The name of a variable (in the caller's scope) that receives the result as soon as training
    /// ends, however it ends. After a stop (Ctrl+C, <c>PowerShell.Stop()</c>) PowerShell accepts no
    /// more output, so this is where the steps finished before the stop can be found, e.g. in a
    /// <c>finally</c> block.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ResultVariable { get; set; }

    private readonly CancellationTokenSource _stopping = new();

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var (model, optimiser, data) = (Model!, Optimiser!, Data!);
        if (BatchLoss(model) is not { } loss) return;
        var evaluate = Validation(model);
        var seed = Seed ?? SeedReport.Draw(this);
        var progress = new EpochProgress(this, Epochs);
        progress.Start();
        var state = State;
        var token = _stopping.Token;
        var ok = this.TryRun(() => state is null
                ? Training.Train(model, optimiser, loss, data, Epochs, BatchSize, seed, progress, cancellationToken: token, evaluate: evaluate)
                : Training.Resume(model, state, Step, optimiser, loss, data, Epochs, BatchSize, seed, progress, cancellationToken: token, evaluate: evaluate),
            "TrainingFailed", Loss, out var result);
        if (!ok)
        {
            progress.Complete();
            return;
        }
        // A write or a loss script refused because the pipeline is stopping is the stop, not a failure of training.
        if (result.Stop is TrainingStop.FailedCase { Error: var error } && (Stopping || error is PipelineStoppedException))
            result = result with { Stop = TrainingStop.Cancelled };
        var outcome = new TrainingOutcome(result.Model, result.State, result.Losses, result.EpochLosses, result.Steps, result.Stop, progress.BatchesPerEpoch)
        {
            ValidationAccuracy = result.EpochScores,
        };
        if (ResultVariable is { } name) SessionState.PSVariable.Set(name, outcome);
        progress.Complete();
        switch (result.Stop)
        {
            case TrainingStop.NonFiniteLossCase:
                WriteWarning($"Invoke-Training: the loss was {result.FinalLoss} at step {result.Steps + 1}; training stopped there, returning the model from before that step (after {result.Steps} steps).");
                break;
            case TrainingStop.NonFiniteParameterCase broken:
                WriteWarning($"Invoke-Training: step {result.Steps + 1} (loss {result.FinalLoss}) made parameter {broken.Parameter} NaN or infinite; training stopped there, returning the model from before that step (after {result.Steps} steps).");
                break;
            case TrainingStop.FailedCase failed:
                WriteError(Failure(failed.Error, result.Steps, outcome));
                break;
        }
        WriteObject(outcome); // after a stop PowerShell refuses this write (PipelineStoppedException): see -ResultVariable
    }

    // The accuracy on -ValidationData, for a model that is a layer (a chain is); none without the data.
    private Func<IModel, double>? Validation(IModel model)
    {
        if (ValidationData is not { } validation) return null;
        if (model is not ILayer)
            throw new PSArgumentException($"Invoke-Training: -ValidationData needs a model that is a layer or chain, to run it on the samples; this model is a {model.GetType().Name}.", nameof(ValidationData));
        return m => Metrics.Accuracy((ILayer)m, validation);
    }

    /// <summary>Tells the running fold to end before its next step.</summary>
    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>Releases the cancellation source.</summary>
    public void Dispose() => _stopping.Dispose();

    // A non-terminating error for a failed step: the library's exception and category, the partial outcome as target.
    private static ErrorRecord Failure(Exception error, long steps, TrainingOutcome outcome)
    {
        var library = CmdletErrors.Record(error, "TrainingFailed", outcome);
        return new ErrorRecord(library.Exception, "TrainingFailed", library.CategoryInfo.Category, outcome)
        {
            ErrorDetails = new ErrorDetails(
                $"Invoke-Training: step {steps + 1} failed: {library.Exception.Message} The {steps} steps completed before it are output (and are this error's TargetObject)."),
        };
    }

    // -Loss as the library's batch loss, or an error naming what it accepts.
    private Func<IModel, Tensor, Tensor, Expr>? BatchLoss(IModel model)
    {
        var value = Loss is PSObject pso ? pso.BaseObject : Loss;
        if (value is ScriptBlock script) return LossScript.ToBatchLoss(script);
        if (value is string name && Losses.Has(name))
        {
            var named = Losses.ByName(name);
            if (model is ILayer) return (m, x, y) => named(((ILayer)m).Apply(x), y);
            ThrowTerminatingError(CmdletErrors.Invalid(
                $"Invoke-Training: the loss {name} needs a layer or chain to apply to the features; {model.GetType().Name} is not one. Give -Loss a script block {{ param($m, $x, $y) ... }} instead.",
                "ModelNotALayer", ErrorCategory.InvalidArgument, model));
            return null;
        }
        ThrowTerminatingError(CmdletErrors.Invalid(
            $"Invoke-Training: -Loss must be one of {string.Join(", ", Losses.Names)} or a script block {{ param($m, $x, $y) ... }} returning a scalar expression; got {value}.",
            "UnknownLoss", ErrorCategory.InvalidArgument, value));
        return null;
    }

    /// <summary>Progress records and a verbose line per epoch, told synchronously on the pipeline thread.</summary>
    private sealed class EpochProgress(InvokeTrainingCommand cmdlet, int epochs) : IProgress<TrainingProgress>
    {
        private double _sum;
        private int _count;

        public int BatchesPerEpoch { get; private set; }

        public void Start() => cmdlet.WriteProgress(Epoch($"epoch 1/{epochs}", 0));

        public void Report(TrainingProgress p)
        {
            if (cmdlet.Stopping) return; // PowerShell refuses writes once stopping; the fold ends before its next step
            _sum += p.Loss;
            _count++;
            BatchesPerEpoch = p.BatchesPerEpoch;
            var total = (long)epochs * p.BatchesPerEpoch;
            cmdlet.WriteProgress(new ProgressRecord(BatchActivity, $"Epoch {p.Epoch + 1}", $"batch {p.Batch + 1}/{p.BatchesPerEpoch}: loss {p.Loss:G4}")
            {
                ParentActivityId = EpochActivity,
                PercentComplete = (p.Batch + 1) * 100 / p.BatchesPerEpoch,
            });
            if (!p.EndOfEpoch) return;
            var mean = _sum / _count;   // for the progress line only: the result carries the fold's own epoch means
            (_sum, _count) = (0, 0);
            cmdlet.WriteProgress(Epoch($"epoch {p.Epoch + 1}/{epochs}: mean loss {mean:G4}", (int)Math.Min(100, p.Step * 100 / Math.Max(total, 1))));
            cmdlet.WriteVerbose($"Invoke-Training: epoch {p.Epoch + 1}/{epochs}: mean loss {mean:G6} over {p.BatchesPerEpoch} batches; step {p.Step}, {p.Elapsed.TotalSeconds:F2} s.");
        }

        public void Complete()
        {
            if (cmdlet.Stopping) return;
            cmdlet.WriteProgress(new ProgressRecord(BatchActivity, "Epoch", "done") { ParentActivityId = EpochActivity, RecordType = ProgressRecordType.Completed });
            var done = Epoch("done", 100);
            done.RecordType = ProgressRecordType.Completed;
            cmdlet.WriteProgress(done);
        }

        private static ProgressRecord Epoch(string status, int percent) => new(EpochActivity, "Invoke-Training", status) { PercentComplete = percent };
    }
}
