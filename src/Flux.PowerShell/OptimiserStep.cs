using System.Management.Automation;
using Newtonsoft.Json;

namespace Flux.PowerShell;

/// <summary>
/// What <c>Invoke-Optimiser</c> returns: the new state, the new parameters and, for a model, the new
/// model. Read-only; <see cref="Step"/> is the step count its view shows.
/// </summary>
/// <param name="State">Pass it as <c>-State</c> to the next step.</param>
/// <param name="Param">The new versions of the parameters, in order (<c>$W, $b = $step.Param</c>).</param>
/// <param name="Model">The new model, when a model was stepped.</param>
public sealed record OptimiserStep(OptimiserState State, Param[] Param, IModel? Model)
{
    /// <summary>Pass it as <c>-State</c> to the next step (left out of JSON: its slots are keyed by parameter identity).</summary>
    [JsonIgnore, Hidden]
    public OptimiserState State { get; } = State;

    /// <summary>The new versions of the parameters, in order.</summary>
    public Param[] Param { get; } = Param;

    /// <summary>The new model, when a model was stepped.</summary>
    public IModel? Model { get; } = Model;

    /// <summary>Steps the state has taken.</summary>
    public long Step => State.StepCount;

    /// <summary>The state's kind (<c>ADAM</c>, <c>Chain</c>, ...).</summary>
    public string Kind => State.Kind;
}
