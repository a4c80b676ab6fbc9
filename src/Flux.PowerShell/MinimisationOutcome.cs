using System.Collections.Immutable;
using System.Management.Automation;
using Newtonsoft.Json;

namespace Flux.PowerShell;

/// <summary>
/// What <c>Invoke-Minimisation</c> returns: the library's <see cref="MinimisationResult"/> with, for
/// a model, the model rebuilt from the last iterate. Every property is read-only and every column of
/// its view is a property, so <c>Select-Object</c>, <c>Export-Csv</c> and <c>ConvertTo-Json</c> see
/// what the table shows.
/// </summary>
public sealed class MinimisationOutcome(MinimisationResult result, IModel? model)
{
    /// <summary>The library's result, as <c>LBFGS.Minimise</c> returned it (left out of JSON: it repeats the properties).</summary>
    [JsonIgnore, Hidden]
    public MinimisationResult Result { get; } = result ?? throw new ArgumentNullException(nameof(result));

    /// <summary>The model rebuilt from the last iterate, when a model was minimised; null for parameters.</summary>
    public IModel? Model { get; } = model;

    /// <summary>The last iterate: new versions of the parameters given, same identities, in order (<c>$W, $b = $r.Param</c>).</summary>
    public Param[] Param { get; } = [.. result.Params];

    /// <summary>Steps taken (line searches that moved).</summary>
    public int Iterations => Result.Iterations;

    /// <summary>Calls of the loss script block.</summary>
    public int Evaluations => Result.Evaluations;

    /// <summary>Why it ended.</summary>
    public MinimisationStop Stop => Result.Stop;

    /// <summary>True when a tolerance ended it rather than a limit or a failure.</summary>
    public bool Converged => Result.Stop.Converged;

    /// <summary>The loss at the start and after every step.</summary>
    public ImmutableArray<double> Losses => Result.Losses;

    /// <summary>The loss at the start; NaN when the first evaluation failed.</summary>
    public double FirstLoss => Result.Losses.IsEmpty ? double.NaN : Result.Losses[0];

    /// <summary>The loss at the last iterate; NaN when the first evaluation failed.</summary>
    public double FinalLoss => Result.FinalLoss;

    /// <summary>The largest gradient element at the last iterate, in magnitude.</summary>
    public double GradientNorm => Result.GradientNorm;

    /// <summary>The view's summary line.</summary>
    public override string ToString() => $"{Iterations} iterations, {Evaluations} evaluations, final loss {FinalLoss:G6}, {Stop}";
}
