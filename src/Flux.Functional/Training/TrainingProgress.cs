namespace Flux;

/// <summary>
/// What <see cref="Training.Train{TModel}"/> reports after each step: where it is, the loss of the
/// batch just taken (before the step) and the wall-clock time since the call began.
/// </summary>
/// <param name="Epoch">The epoch, 0-based.</param>
/// <param name="Batch">The batch within the epoch, 0-based.</param>
/// <param name="BatchesPerEpoch">Batches in each epoch: ⌈samples / batch size⌉.</param>
/// <param name="Step">Steps taken so far in the whole run, counting this one (1-based; continues across a resume).</param>
/// <param name="Loss">The loss of this batch at the parameters before this step.</param>
/// <param name="Elapsed">Time since this call to Train or Resume began.</param>
public sealed record TrainingProgress(int Epoch, int Batch, int BatchesPerEpoch, long Step, double Loss, TimeSpan Elapsed)
{
    /// <summary>True when this step ended an epoch.</summary>
    public bool EndOfEpoch => Batch == BatchesPerEpoch - 1;

    /// <summary><c>epoch 3, batch 2/8, step 26: loss 0.4213</c>.</summary>
    public override string ToString() => $"epoch {Epoch}, batch {Batch + 1}/{BatchesPerEpoch}, step {Step}: loss {Loss:G6}";
}
