using System.Globalization;

namespace Flux.PowerShell.Internal;

/// <summary>One-line summaries of optimiser states for the table views of Flux.format.ps1xml.</summary>
public static class StateSummary
{
    /// <summary>What a wrapper's state holds besides its inner state: its scalars (<c>consecutive = 0, total = 0</c>), or a partition's groups.</summary>
    public static string Detail(OptimiserState? state) => state switch
    {
        null => "",
        PartitionState p => "groups " + string.Join(", ", p.Labels),
        _ => string.Join(", ", state.ToNode().Scalars.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => $"{s.Key} = {s.Value.ToString("G6", CultureInfo.InvariantCulture)}")),
    };

    /// <summary>The inner states by kind and step count: <c>Adam (3)</c>.</summary>
    public static string Inner(OptimiserState? state) =>
        state is null ? "" : string.Join(", ", state.ToNode().Children.Select(c => $"{c.Kind} ({c.Step})"));
}
