using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace Flux.PowerShell.Internal;

/// <summary>
/// Rows from the pipeline (objects with properties, as Import-Csv writes, or hashtables) read as a
/// <see cref="Dataset"/>: numeric feature columns and either a label column or numeric target columns.
/// </summary>
internal static class DatasetRows
{
    /// <summary>A row that cannot be read; <see cref="Row"/> is 1-based and <see cref="Value"/> the offending field.</summary>
    public sealed class RowException(int row, string column, object? value, string problem)
        : FormatException($"row {row}, column \"{column}\": {problem}")
    {
        public int Row { get; } = row;
        public object? Value { get; } = value;
    }

    /// <summary>The column names of <paramref name="row"/>, in order.</summary>
    public static IReadOnlyList<string> Columns(PSObject row) => row.BaseObject is IDictionary d
        ? [.. d.Keys.Cast<object>().Select(k => k.ToString() ?? "")]
        : [.. row.Properties.Select(p => p.Name)];

    /// <summary>
    /// The dataset of <paramref name="rows"/>: <paramref name="features"/> (by default every column
    /// of the first row that is not a target) as numbers; <paramref name="targets"/> as numbers when
    /// <paramref name="regression"/>, else the one label column as one-hot classes.
    /// </summary>
    public static Dataset Read(IReadOnlyList<PSObject> rows, string[] targets, string[]? features, bool regression, IReadOnlyList<string>? classes)
    {
        if (rows.Count == 0) throw new ArgumentException("no rows came from the pipeline; expected objects with the columns as properties.", nameof(rows));
        var columns = Columns(rows[0]);
        foreach (var t in targets)
            if (!columns.Contains(t, StringComparer.OrdinalIgnoreCase))
                throw new ArgumentException($"there is no target column \"{t}\"; row 1 has the columns {string.Join(", ", columns)}.", nameof(targets));
        var featureColumns = features ?? [.. columns.Where(c => !targets.Contains(c, StringComparer.OrdinalIgnoreCase))];
        if (featureColumns.Length == 0) throw new ArgumentException($"no feature columns: row 1 has only {string.Join(", ", columns)}.", nameof(features));

        var x = Numbers(rows, featureColumns);
        if (regression) return new Dataset(x, Numbers(rows, targets), featureNames: featureColumns);

        var known = new Dictionary<string, int>(StringComparer.Ordinal);
        var classList = new List<string>();
        foreach (var c in classes ?? [])
            if (known.TryAdd(c, classList.Count)) classList.Add(c);
        var labels = new int[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var value = Field(rows[r], r, targets[0]);
            var label = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            if (label.Length == 0) throw new RowException(r + 1, targets[0], value, "the label is empty.");
            if (!known.TryGetValue(label, out var index))
            {
                if (classes is not null)
                    throw new RowException(r + 1, targets[0], value, $"the label \"{label}\" is not one of the classes {string.Join(", ", classList)}.");
                index = known[label] = classList.Count;
                classList.Add(label);
            }
            labels[r] = index;
        }
        return new Dataset(x, Labels.OneHot(labels, classList.Count), classList, featureColumns);
    }

    // columns × rows, column-major: row r occupies d[r*k .. r*k+k).
    private static Tensor Numbers(IReadOnlyList<PSObject> rows, string[] columns)
    {
        var k = columns.Length;
        var d = new double[k * rows.Count];
        for (var r = 0; r < rows.Count; r++)
            for (var i = 0; i < k; i++)
                d[r * k + i] = Number(Field(rows[r], r, columns[i]), r, columns[i]);
        return Tensor.FromArray(d, k, rows.Count);
    }

    private static object? Field(PSObject row, int r, string column)
    {
        if (row.BaseObject is IDictionary d)
        {
            foreach (DictionaryEntry e in d)
                if (string.Equals(e.Key.ToString(), column, StringComparison.OrdinalIgnoreCase)) return e.Value;
        }
        else if (row.Properties[column] is { } p) return p.Value;
        throw new RowException(r + 1, column, null, $"the row has no such column; it has {string.Join(", ", Columns(row))}.");
    }

    private static double Number(object? value, int r, string column)
    {
        var x = (value is PSObject pso ? pso.BaseObject : value ?? "") switch
        {
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            string s => throw new RowException(r + 1, column, value, s.Length == 0 ? "the value is empty; expected a number." : $"\"{s}\" is not a number."),
            (double or float or decimal or int or long or short or byte or sbyte or uint or ulong or ushort) and var number => Convert.ToDouble(number, CultureInfo.InvariantCulture),
            var other => throw new RowException(r + 1, column, value, $"a {other.GetType().Name} ({other}) is not a number."),
        };
        return double.IsFinite(x) ? x : throw new RowException(r + 1, column, value, $"{x} is not a finite number.");
    }
}
