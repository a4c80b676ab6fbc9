namespace Flux.PowerShell;

/// <summary>What <c>Set-OptimiserHyperparameter</c> returns: the optimiser with the new value and the state to continue with.</summary>
/// <param name="Optimiser">Pass it as <c>-Optimiser</c> to the next <c>Invoke-Optimiser</c>.</param>
/// <param name="State">Pass it as <c>-State</c> to the next step: the moments are kept.</param>
public sealed record AdjustedOptimiser(IOptimiser Optimiser, OptimiserState State);
