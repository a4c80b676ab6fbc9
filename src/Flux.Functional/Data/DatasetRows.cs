using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace Flux;

/// <summary>
/// Datasets from rows already in memory (records parsed from a file, a database or a script), the
/// counterpart of <see cref="Csv"/>. Each row is one sample: a dictionary from column name to
/// value. Feature columns and regression targets hold numbers, read as Float64 unless an element
/// type is given (Float32 rounds each once to the nearest float, with no float64 copy); a classification label column holds
/// class names, turned into one-hot targets.
/// </summary>
/// <remarks>
/// <para>
/// A number is a value of any numeric type (<see cref="int"/>, <see cref="double"/>,
/// <see cref="decimal"/>, <see cref="Half"/>, <see cref="BigInteger"/>, …) or a string read in the
/// invariant culture (<c>1.5</c>, <c>-2e-3</c>); NaN and infinities are refused. A label is a string,
/// or any other value written in the invariant culture (the number 1 is the class <c>"1"</c>).
/// </para>
/// <para>
/// Columns are looked up with each row's own <see cref="IReadOnlyDictionary{TKey, TValue}.TryGetValue"/>,
/// so rows built with <see cref="StringComparer.OrdinalIgnoreCase"/> match names in any case. By
/// default the features are the columns of the first row that are not targets, in the order that row
/// enumerates them (a <see cref="Dictionary{TKey, TValue}"/> filled without removals enumerates in
/// insertion order).
/// </para>
/// <para>
/// A value that cannot be read is a <see cref="DatasetFormatException"/> naming the row (1-based),
/// the column and the value; a column the first row lacks, or a bad argument, is an
/// <see cref="ArgumentException"/>.
/// </para>
/// </remarks>
public static class DatasetRows
{
    /// <summary>
    /// A classification dataset: <paramref name="labelColumn"/> holds each sample's class, the
    /// <paramref name="featureColumns"/> its numeric features. Targets are one-hot, one row per class.
    /// </summary>
    /// <param name="rows">The samples, one dictionary (column name → value) each.</param>
    /// <param name="labelColumn">The column of class labels.</param>
    /// <param name="featureColumns">The feature columns in order; when null, every column of the first row but the label.</param>
    /// <param name="classes">The classes in target-row order; when null, the labels in order of first appearance.</param>
    /// <param name="elementType">The element type of features and targets.</param>
    /// <exception cref="DatasetFormatException">A row lacks a column, a feature is not a finite number (in Float32, one beyond the float range), or a label is empty or not among <paramref name="classes"/>.</exception>
    /// <exception cref="ArgumentException">No rows, a null row, a column the first row lacks, no feature columns, or a class listed twice.</exception>
    public static Dataset Classification(
        IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, string labelColumn,
        IReadOnlyList<string>? featureColumns = null, IReadOnlyList<string>? classes = null, ElementType elementType = ElementType.Float64)
    {
        ArgumentNullException.ThrowIfNull(labelColumn);
        var features = Features(rows, [labelColumn], nameof(labelColumn), featureColumns);
        var x = Numbers(rows, features, elementType);
        var index = new ClassIndex(classes, nameof(DatasetRows));
        var labels = new int[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var value = Field(rows, r, labelColumn);
            var label = value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            if (!index.TryIndex(label, out labels[r], out var problem))
                throw new DatasetFormatException(r + 1, labelColumn, value, problem);
        }
        return new Dataset(x, Labels.OneHot(labels, index.Classes.Count).ToElementType(elementType), index.Classes, features);
    }

    /// <summary>
    /// A regression dataset: the <paramref name="targetColumns"/> hold each sample's numeric targets
    /// (one target row each, in the order given), the <paramref name="featureColumns"/> its numeric features.
    /// </summary>
    /// <param name="rows">The samples, one dictionary (column name → value) each.</param>
    /// <param name="targetColumns">The target columns, at least one.</param>
    /// <param name="featureColumns">The feature columns in order; when null, every column of the first row but the targets.</param>
    /// <param name="elementType">The element type of features and targets.</param>
    /// <exception cref="DatasetFormatException">A row lacks a column, or a value is not a finite number (in Float32, one beyond the float range).</exception>
    /// <exception cref="ArgumentException">No rows, a null row, no target columns or one named twice, a column the first row lacks, or no feature columns.</exception>
    public static Dataset Regression(
        IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, IReadOnlyList<string> targetColumns,
        IReadOnlyList<string>? featureColumns = null, ElementType elementType = ElementType.Float64)
    {
        ArgumentNullException.ThrowIfNull(targetColumns);
        if (targetColumns.Count == 0)
            throw new ArgumentException("DatasetRows: name at least one target column.", nameof(targetColumns));
        var targets = targetColumns.ToArray();
        var features = Features(rows, targets, nameof(targetColumns), featureColumns);
        return new Dataset(Numbers(rows, features, elementType), Numbers(rows, targets, elementType), featureNames: features);
    }

    /// <summary>
    /// The number <paramref name="text"/> spells in the invariant culture; false with the problem
    /// (worded for an error message) when it is empty, not a number, or not finite.
    /// </summary>
    internal static bool TryNumber(string text, out double x, [NotNullWhen(false)] out string? problem)
    {
        problem = !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out x)
            ? text.Length == 0 ? "the value is empty; expected a number." : $"\"{text}\" is not a number."
            : double.IsFinite(x) ? null : $"\"{text}\" is not a finite number.";
        return problem is null;
    }

    /// <summary>The problem, worded for an error message, of a finite number <paramref name="text"/> that float32 cannot hold.</summary>
    internal static string BeyondFloat32(string text) =>
        $"\"{text}\" is beyond the range of Float32 (±3.4028235e38); load the data as Float64.";

    /// <summary>
    /// Class labels to target rows: a fixed class list, or (without one) the labels in order of first
    /// appearance. Shared by <see cref="Csv"/> and <see cref="DatasetRows"/>.
    /// </summary>
    internal sealed class ClassIndex
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<string> _classes = [];
        private readonly bool _fixed;

        /// <summary>An index over <paramref name="classes"/>, or an open one when null; <paramref name="owner"/> prefixes argument errors.</summary>
        /// <exception cref="ArgumentException">A class is null or listed twice.</exception>
        public ClassIndex(IReadOnlyList<string>? classes, string owner)
        {
            _fixed = classes is not null;
            foreach (var c in classes ?? [])
            {
                if (c is null) throw new ArgumentException($"{owner}: the class list holds a null.", nameof(classes));
                if (!_index.TryAdd(c, _classes.Count))
                    throw new ArgumentException($"{owner}: class \"{c}\" appears twice in the class list.", nameof(classes));
                _classes.Add(c);
            }
        }

        /// <summary>The classes in target-row order: the fixed list, or the labels seen so far.</summary>
        public IReadOnlyList<string> Classes => _classes;

        /// <summary>The target row of <paramref name="label"/>; false with the problem when it is empty or not a fixed class.</summary>
        public bool TryIndex(string label, out int index, [NotNullWhen(false)] out string? problem)
        {
            problem = null;
            if (label.Length == 0) problem = "the label is empty.";
            else if (_index.TryGetValue(label, out index)) return true;
            else if (_fixed) problem = $"the label \"{label}\" is not one of the classes {string.Join(", ", _classes)}.";
            else
            {
                index = _index[label] = _classes.Count;
                _classes.Add(label);
                return true;
            }
            index = -1;
            return false;
        }
    }

    // Checks the rows and the targets against the first row; the feature columns, given or by default.
    private static string[] Features(
        IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, string[] targets, string targetsName, IReadOnlyList<string>? featureColumns)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
            throw new ArgumentException("DatasetRows: there are no rows; expected one per sample.", nameof(rows));
        var first = Row(rows, 0);
        var targetKeys = new string[targets.Length];
        for (var i = 0; i < targets.Length; i++)
        {
            targetKeys[i] = (targets[i] is { } t ? KeyOf(first, t) : null)
                ?? throw new ArgumentException($"DatasetRows: there is no target column \"{targets[i]}\"; row 1 has the columns {Names(first)}.", targetsName);
            if (Array.IndexOf(targetKeys, targetKeys[i], 0, i) >= 0)
                throw new ArgumentException($"DatasetRows: the target column \"{targets[i]}\" is named twice.", targetsName);
        }
        if (featureColumns is null)
        {
            var features = first.Keys.Where(k => Array.IndexOf(targetKeys, k) < 0).ToArray();
            return features.Length > 0
                ? features
                : throw new ArgumentException($"DatasetRows: there are no feature columns; row 1 has only {Names(first)}.", nameof(featureColumns));
        }
        if (featureColumns.Count == 0)
            throw new ArgumentException("DatasetRows: name at least one feature column, or pass null for every column but the targets.", nameof(featureColumns));
        foreach (var f in featureColumns)
            if (f is null || !first.ContainsKey(f))
                throw new ArgumentException($"DatasetRows: there is no feature column \"{f}\"; row 1 has the columns {Names(first)}.", nameof(featureColumns));
        return [.. featureColumns];
    }

    // The key of `row` that `name` looks up: the key spelt exactly so, else (in a dictionary that
    // ignores case) the one spelt differently; null when the row has no such column.
    private static string? KeyOf(IReadOnlyDictionary<string, object?> row, string name)
    {
        if (!row.ContainsKey(name)) return null;
        string? match = null;
        foreach (var key in row.Keys)
        {
            if (string.Equals(key, name, StringComparison.Ordinal)) return key;
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) match ??= key;
        }
        return match ?? name;
    }

    private static IReadOnlyDictionary<string, object?> Row(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, int r) =>
        rows[r] ?? throw new ArgumentException($"DatasetRows: row {r + 1} is null.", nameof(rows));

    private static string Names(IReadOnlyDictionary<string, object?> row) => string.Join(", ", row.Keys);

    private static object? Field(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, int r, string column)
    {
        var row = Row(rows, r);
        return row.TryGetValue(column, out var value)
            ? value
            : throw new DatasetFormatException(r + 1, column, null, $"the row has no such column; it has {Names(row)}.");
    }

    // A columns.Length × rows matrix of `type`, column-major: sample r occupies d[r*k .. r*k+k).
    private static Tensor Numbers(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, string[] columns, ElementType type)
    {
        var shape = Shape.Matrix(columns.Length, rows.Count);
        return type == ElementType.Float32 ? Tensor.Own(shape, Numbers<float>(rows, columns)) : Tensor.Own(shape, Numbers<double>(rows, columns));
    }

    private static T[] Numbers<T>(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, string[] columns) where T : struct, IFloatingPoint<T>
    {
        var k = columns.Length;
        var d = new T[k * rows.Count];
        for (var r = 0; r < rows.Count; r++)
            for (var i = 0; i < k; i++)
            {
                var value = Field(rows, r, columns[i]);
                var x = T.CreateChecked(Number(value, r, columns[i]));
                d[r * k + i] = T.IsFinite(x)
                    ? x
                    : throw new DatasetFormatException(r + 1, columns[i], value, BeyondFloat32(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
            }
        return d;
    }

    private static double Number(object? value, int r, string column)
    {
        double x;
        switch (value)
        {
            case null:
                throw new DatasetFormatException(r + 1, column, value, "the value is empty; expected a number.");
            case string s:
                return TryNumber(s, out x, out var problem) ? x : throw new DatasetFormatException(r + 1, column, value, problem);
            case IConvertible c when value is not Enum && c.GetTypeCode() is >= TypeCode.SByte and <= TypeCode.Decimal:
                x = c.ToDouble(CultureInfo.InvariantCulture);
                break;
            case Half h: x = (double)h; break;
            case Int128 i: x = (double)i; break;
            case UInt128 u: x = (double)u; break;
            case BigInteger b: x = (double)b; break;
            case nint n: x = n; break;
            case nuint n: x = n; break;
            default:
                throw new DatasetFormatException(r + 1, column, value, $"a {value.GetType().Name} ({value}) is not a number.");
        }
        return double.IsFinite(x)
            ? x
            : throw new DatasetFormatException(r + 1, column, value, $"{x.ToString(CultureInfo.InvariantCulture)} is not a finite number.");
    }
}
