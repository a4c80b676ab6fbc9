using System.Globalization;
using System.Text;

namespace Flux;

public sealed partial class Tensor
{
    private const int MaxRowsShown = 10, MaxColsShown = 8;

    /// <summary>
    /// The tensor as Julia's REPL shows an array: a summary line with the shape and element type,
    /// then the values in aligned columns, abridged with ⋮ and … when large.
    /// </summary>
    /// <example><code>
    /// 2×3 Matrix{Float64}:
    ///  1.0  3.0  5.0
    ///  2.0  4.0  6.0
    /// </code></example>
    public override string ToString()
    {
        var type = ElementType.Name();
        if (Rank == 0) return $"0-dimensional Array{{{type}, 0}}:\n{FormatNumber(this[0], ElementType)}";
        var kind = Rank == 1 ? $"Vector{{{type}}}" : $"Matrix{{{type}}}";
        var sb = new StringBuilder($"{Shape.Summary} {kind}:");
        if (Length == 0) return sb.ToString();

        var rows = Shown(Shape.Rows, MaxRowsShown);
        var cols = Shown(Shape.Cols, MaxColsShown);
        var cells = rows.Select(i => cols.Select(j => i < 0 || j < 0 ? null : FormatNumber(this[i + j * Shape.Rows], ElementType)).ToArray()).ToArray();
        var widths = cols.Select((_, c) => cells.Max(row => row[c]?.Length ?? 1)).ToArray();
        foreach (var row in cells)
        {
            sb.Append('\n');
            for (var c = 0; c < row.Length; c++)
            {
                var isGapColumn = cols[c] < 0;
                var text = row[c] ?? (isGapColumn ? "…" : "⋮");
                sb.Append(c == 0 ? " " : "  ").Append(text.PadLeft(widths[c]));
            }
        }
        return sb.ToString();
    }

    // Indices to show along a dimension; -1 marks the elided middle.
    private static int[] Shown(int count, int max) => count <= max
        ? Enumerable.Range(0, count).ToArray()
        : [.. Enumerable.Range(0, max / 2), -1, .. Enumerable.Range(count - max / 2, max / 2)];

    /// <summary>A number as Julia prints a Float64: shortest round-trip digits, with <c>.0</c> on integral values.</summary>
    internal static string FormatNumber(double x, ElementType type = ElementType.Float64)
    {
        if (double.IsNaN(x)) return "NaN";
        if (double.IsPositiveInfinity(x)) return "Inf";
        if (double.IsNegativeInfinity(x)) return "-Inf";
        // A float32 element in the shortest digits that read back as that float (0.1, not 0.10000000149011612).
        var s = type == ElementType.Float32 ? ((float)x).ToString("R", CultureInfo.InvariantCulture) : x.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.') || s.Contains('E') ? s.Replace("E+", "e").Replace("E-", "e-") : s + ".0";
    }
}
