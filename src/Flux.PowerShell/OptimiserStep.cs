namespace Flux.PowerShell;

/// <summary>What <c>Invoke-Optimiser</c> returns: the new state, the new parameters and, for a model, the new model.</summary>
/// <param name="State">Pass it as <c>-State</c> to the next step.</param>
/// <param name="Param">The new versions of the parameters, in order (<c>$W, $b = $step.Param</c>).</param>
/// <param name="Model">The new model, when a model was stepped.</param>
public sealed record OptimiserStep(OptimiserState State, Param[] Param, IModel? Model);
