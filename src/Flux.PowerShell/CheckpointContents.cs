namespace Flux.PowerShell;

/// <summary>What <c>Import-Checkpoint</c> returns: the model with the saved parameters, the optimiser state (when an optimiser was given) and the step count.</summary>
/// <param name="Model">A model shaped like the template, holding the saved parameters (the ones training resumes from).</param>
/// <param name="State">The saved optimiser state, restored for the optimiser given; null without -Optimiser.</param>
/// <param name="Step">Training steps taken when the checkpoint was saved.</param>
public sealed record CheckpointContents(IModel Model, OptimiserState? State, long Step)
{
    /// <summary>
    /// The model to evaluate: <see cref="Model"/> with the restored state's evaluation parameters (an
    /// average, schedule-free's <c>x</c>); <see cref="Model"/> itself without a state or when the
    /// optimiser keeps none.
    /// </summary>
    public IModel EvaluationModel => State is null ? Model : State.EvaluationModel(Model);
}
