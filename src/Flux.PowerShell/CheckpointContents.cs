namespace Flux.PowerShell;

/// <summary>What <c>Import-Checkpoint</c> returns: the model with the saved parameters, the optimiser state (when an optimiser was given) and the step count.</summary>
/// <param name="Model">A model shaped like the template, holding the saved parameters.</param>
/// <param name="State">The saved optimiser state, restored for the optimiser given; null without -Optimiser.</param>
/// <param name="Step">Training steps taken when the checkpoint was saved.</param>
public sealed record CheckpointContents(IModel Model, OptimiserState? State, long Step);
