namespace Flux.PowerShell;

/// <summary>What <c>Invoke-Training</c> returns: the final model and optimiser state, the loss history and the step count.</summary>
/// <param name="Model">The model after the last step.</param>
/// <param name="State">The optimiser state after the last step: pass it as <c>-State</c> (with <c>-Step</c>) to go on training.</param>
/// <param name="Losses">The loss of every step of this run, in order, each measured before its step.</param>
/// <param name="EpochLosses">The mean batch loss of every epoch completed in this run.</param>
/// <param name="Step">Steps taken in the whole run, including any before a resume.</param>
/// <param name="Stop">Why training ended.</param>
public sealed record TrainingOutcome(IModel Model, OptimiserState State, double[] Losses, double[] EpochLosses, long Step, TrainingStop Stop)
{
    /// <summary>The loss of the last step, or NaN when no step ran.</summary>
    public double FinalLoss => Losses.Length == 0 ? double.NaN : Losses[^1];
}
