using System.Collections.Immutable;

namespace Flux.PowerShell;

/// <summary>
/// One step of a training run's history, read-only: the step's number in the whole run (resumes
/// included), its epoch and its batch within the epoch (both from 1; 0 when the batches per epoch
/// are unknown), and the loss measured before the step.
/// </summary>
public sealed class LossRecord(long step, int epoch, int batch, double loss)
{
    /// <summary>The step's number in the whole run, from 1.</summary>
    public long Step { get; } = step;

    /// <summary>The epoch the step belongs to, from 1; 0 when unknown.</summary>
    public int Epoch { get; } = epoch;

    /// <summary>The batch within its epoch, from 1; 0 when unknown.</summary>
    public int Batch { get; } = batch;

    /// <summary>The batch loss measured before the step.</summary>
    public double Loss { get; } = loss;

    /// <summary>The history of a run of <paramref name="losses"/> that ended at step <paramref name="lastStep"/>.</summary>
    public static ImmutableArray<LossRecord> Of(IReadOnlyList<double> losses, long lastStep, int batchesPerEpoch)
    {
        var first = lastStep - losses.Count + 1;
        var builder = ImmutableArray.CreateBuilder<LossRecord>(losses.Count);
        for (var i = 0; i < losses.Count; i++)
        {
            var step = first + i;
            var (epoch, batch) = batchesPerEpoch > 0 ? ((int)((step - 1) / batchesPerEpoch) + 1, (int)((step - 1) % batchesPerEpoch) + 1) : (0, 0);
            builder.Add(new LossRecord(step, epoch, batch, losses[i]));
        }
        return builder.MoveToImmutable();
    }

    /// <inheritdoc/>
    public override string ToString() => $"step {Step} (epoch {Epoch}, batch {Batch}): loss {Loss:G6}";
}
