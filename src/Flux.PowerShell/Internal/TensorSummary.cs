using System.Globalization;

namespace Flux.PowerShell.Internal;

/// <summary>One-line summaries of tensors for the table views of Flux.format.ps1xml.</summary>
public static class TensorSummary
{
    /// <summary>The first <paramref name="max"/> elements in column-major order, "…" and the count when there are more.</summary>
    public static string Of(Tensor? tensor, int max = 5)
    {
        if (tensor is null) return "";
        var shown = string.Join(", ", tensor.Span[..Math.Min(max, tensor.Length)].ToArray().Select(x => x.ToString("G4", CultureInfo.InvariantCulture)));
        return tensor.Length > max ? $"{shown}, … ({tensor.Length} values)" : shown;
    }
}
