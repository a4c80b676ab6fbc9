using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>Invoke-Training</c>: Flux's <c>train!</c> as the library's pure fold over epochs and shuffled
/// mini-batches, with a progress bar per epoch (parent) and per batch (child) and a verbose line
/// per epoch. Returns the final model, state and loss history; with <c>-State</c> and <c>-Step</c>
/// it resumes a run.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Training")]
[OutputType(typeof(TrainingOutcome))]
public sealed class InvokeTrainingCommand : PSCmdlet
{
    /// <summary>The loss functions -Loss accepts by name: each applied to the model's output and the targets.</summary>
    internal static readonly IReadOnlyDictionary<string, Func<Expr, Expr, Expr>> NamedLosses =
        new Dictionary<string, Func<Expr, Expr, Expr>>(StringComparer.OrdinalIgnoreCase)
        {
            [nameof(Losses.Mse)] = Losses.Mse,
            [nameof(Losses.CrossEntropy)] = Losses.CrossEntropy,
            [nameof(Losses.LogitCrossEntropy)] = Losses.LogitCrossEntropy,
            [nameof(Losses.BinaryCrossEntropy)] = Losses.BinaryCrossEntropy,
            [nameof(Losses.LogitBinaryCrossEntropy)] = Losses.LogitBinaryCrossEntropy,
        };

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

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var (model, optimiser, data) = (Model!, Optimiser!, Data!);
        if (BatchLoss(model) is not { } loss) return;
        var seed = Seed ?? SeedReport.Draw(this);
        var progress = new EpochProgress(this, Epochs);
        progress.Start();
        var state = State;
        var ok = this.TryRun(() => state is null
                ? Training.Train(model, optimiser, loss, data, Epochs, BatchSize, seed, progress, _ => Stopping)
                : Training.Resume(model, state, Step, optimiser, loss, data, Epochs, BatchSize, seed, progress, _ => Stopping),
            "TrainingFailed", Loss, out var result);
        progress.Complete();
        if (!ok) return;
        if (result.Stop == TrainingStop.NonFiniteLoss)
            WriteWarning($"Invoke-Training: the loss was {result.FinalLoss} at step {result.Steps + 1}; training stopped there, returning the model from before that step.");
        WriteObject(new TrainingOutcome(result.Model, result.State, [.. result.Losses], [.. progress.EpochLosses], result.Steps, result.Stop, progress.BatchesPerEpoch));
    }

    // -Loss as the library's batch loss, or an error naming what it accepts.
    private Func<IModel, Tensor, Tensor, Expr>? BatchLoss(IModel model)
    {
        var value = Loss is PSObject pso ? pso.BaseObject : Loss;
        if (value is ScriptBlock script) return LossScript.ToBatchLoss(script);
        if (value is string name && NamedLosses.TryGetValue(name, out var named))
        {
            if (model is ILayer) return (m, x, y) => named(((ILayer)m).Apply(x), y);
            ThrowTerminatingError(CmdletErrors.Invalid(
                $"Invoke-Training: the loss {name} needs a layer or chain to apply to the features; {model.GetType().Name} is not one. Give -Loss a script block {{ param($m, $x, $y) ... }} instead.",
                "ModelNotALayer", ErrorCategory.InvalidArgument, model));
            return null;
        }
        ThrowTerminatingError(CmdletErrors.Invalid(
            $"Invoke-Training: -Loss must be one of {string.Join(", ", NamedLosses.Keys)} or a script block {{ param($m, $x, $y) ... }} returning a scalar expression; got {value}.",
            "UnknownLoss", ErrorCategory.InvalidArgument, value));
        return null;
    }

    /// <summary>Progress records, a verbose line per epoch and the mean loss of each epoch, told synchronously on the pipeline thread.</summary>
    private sealed class EpochProgress(InvokeTrainingCommand cmdlet, int epochs) : IProgress<TrainingProgress>
    {
        private double _sum;
        private int _count;

        public List<double> EpochLosses { get; } = [];

        public int BatchesPerEpoch { get; private set; }

        public void Start() => cmdlet.WriteProgress(Epoch($"epoch 1/{epochs}", 0));

        public void Report(TrainingProgress p)
        {
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
            var mean = _sum / _count;
            EpochLosses.Add(mean);
            (_sum, _count) = (0, 0);
            cmdlet.WriteProgress(Epoch($"epoch {p.Epoch + 1}/{epochs}: mean loss {mean:G4}", (int)Math.Min(100, p.Step * 100 / Math.Max(total, 1))));
            cmdlet.WriteVerbose($"Invoke-Training: epoch {p.Epoch + 1}/{epochs}: mean loss {mean:G6} over {p.BatchesPerEpoch} batches; step {p.Step}, {p.Elapsed.TotalSeconds:F2} s.");
        }

        public void Complete()
        {
            cmdlet.WriteProgress(new ProgressRecord(BatchActivity, "Epoch", "done") { ParentActivityId = EpochActivity, RecordType = ProgressRecordType.Completed });
            var done = Epoch("done", 100);
            done.RecordType = ProgressRecordType.Completed;
            cmdlet.WriteProgress(done);
        }

        private static ProgressRecord Epoch(string status, int percent) => new(EpochActivity, "Invoke-Training", status) { PercentComplete = percent };
    }
}
