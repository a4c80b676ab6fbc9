using System.Collections.Immutable;
using System.Management.Automation;
using Newtonsoft.Json;

namespace Flux.PowerShell;

/// <summary>
/// What <c>Invoke-Training</c> returns: the final model and optimiser state, the loss history and the
/// step count. Every property is read-only (<c>$result.Step = 999</c> is an error), and every column of
/// its view is a property, so <c>Select-Object</c>, <c>Export-Csv</c> and <c>ConvertTo-Json</c> see
/// what the table shows.
/// </summary>
/// <param name="Model">The model after the last step.</param>
/// <param name="State">The optimiser state after the last step: pass it as <c>-State</c> (with <c>-Step</c>) to go on training.</param>
/// <param name="Losses">The loss of every step of this run, in order, each measured before its step.</param>
/// <param name="EpochLosses">The mean batch loss of every epoch completed in this run.</param>
/// <param name="Step">Steps taken in the whole run, including any before a resume.</param>
/// <param name="Stop">Why training ended.</param>
/// <param name="BatchesPerEpoch">Batches in one epoch, which numbers the <see cref="History"/>; 0 when unknown.</param>
public sealed record TrainingOutcome(IModel Model, OptimiserState State, ImmutableArray<double> Losses, ImmutableArray<double> EpochLosses, long Step, TrainingStop Stop, int BatchesPerEpoch = 0)
{
    /// <summary>The model after the last step.</summary>
    public IModel Model { get; } = Model;

    /// <summary>The optimiser state after the last step (left out of JSON: its slots are keyed by parameter identity).</summary>
    [JsonIgnore, Hidden]
    public OptimiserState State { get; } = State;

    /// <summary>The loss of every step of this run, in order, each measured before its step.</summary>
    public ImmutableArray<double> Losses { get; } = Losses;

    /// <summary>The mean batch loss of every epoch completed in this run.</summary>
    public ImmutableArray<double> EpochLosses { get; } = EpochLosses;

    /// <summary>Steps taken in the whole run, including any before a resume.</summary>
    public long Step { get; } = Step;

    /// <summary>Why training ended.</summary>
    public TrainingStop Stop { get; } = Stop;

    /// <summary>Batches in one epoch; 0 when unknown.</summary>
    public int BatchesPerEpoch { get; } = BatchesPerEpoch;

    /// <summary>The accuracy on <c>-ValidationData</c> at the end of every epoch completed in this run; empty without it.</summary>
    public ImmutableArray<double> ValidationAccuracy { get; init; } = [];

    /// <summary>
    /// The model to evaluate or save for use: <see cref="Model"/> with the optimiser state's evaluation
    /// parameters (an average, schedule-free's <c>x</c>), or <see cref="Model"/> itself when the
    /// optimiser keeps none. <c>Measure-Accuracy -Model $result</c> measures this one.
    /// </summary>
    public IModel EvaluationModel => State.EvaluationModel(Model);

    /// <summary>Epochs completed in this run.</summary>
    public int Epochs => EpochLosses.Length;

    /// <summary>The loss of the first step of this run, or NaN when no step ran.</summary>
    public double FirstLoss => Losses.Length == 0 ? double.NaN : Losses[0];

    /// <summary>The loss of the last step, or NaN when no step ran.</summary>
    public double FinalLoss => Losses.Length == 0 ? double.NaN : Losses[^1];

    /// <summary>
    /// The loss of every step of this run as objects (<c>Step</c>, <c>Epoch</c>, <c>Batch</c>, <c>Loss</c>),
    /// for <c>Export-Csv</c>, <c>Measure-Object -Property Loss</c> and <c>Sort-Object</c>.
    /// </summary>
    public ImmutableArray<LossRecord> History { get; } = LossRecord.Of(Losses, Step, BatchesPerEpoch);

    /// <summary>The view's summary line.</summary>
    public override string ToString() => $"{Step} steps, {Epochs} epochs, final loss {FinalLoss:G6}, {Stop}";
}
