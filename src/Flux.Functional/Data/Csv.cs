using System.Text;

namespace Flux;

/// <summary>
/// Datasets from comma-separated files with a header line: numeric feature columns and either one
/// label column (turned into one-hot targets) or numeric target columns. Numbers are read in the
/// invariant culture (<c>1.5</c>, <c>-2e-3</c>, <c>NaN</c> is refused); fields may be quoted;
/// blank lines are skipped. The file must be UTF-8 (a byte order mark is allowed): bytes that are not
/// UTF-8 are refused, never replaced. Features and targets are Float64 unless an element type is
/// given; Float32 rounds each number read once to the nearest float, with no float64 copy (a
/// number beyond the float range is refused). Every error is a <see cref="CsvFormatException"/> naming the file, the
/// line and the column.
/// </summary>
public static class Csv
{
    /// <summary>
    /// A classification dataset: the column <paramref name="labelColumn"/> holds class names,
    /// every other column a numeric feature (in file order). Targets are one-hot, one row per class.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="labelColumn">The header of the label column.</param>
    /// <param name="classes">The classes in row order; when null, the labels in order of first appearance.</param>
    /// <param name="elementType">The element type of features and targets.</param>
    /// <exception cref="CsvFormatException">A missing column, a ragged line, a value that is not a finite number, or a label not among <paramref name="classes"/>.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Dataset LoadClassification(string path, string labelColumn, IReadOnlyList<string>? classes = null, ElementType elementType = ElementType.Float64)
    {
        ArgumentNullException.ThrowIfNull(labelColumn);
        var table = Read(path);
        var label = table.ColumnOf(labelColumn);
        var featureColumns = Enumerable.Range(0, table.Header.Length).Where(c => c != label).ToArray();
        var features = table.Numbers(featureColumns, elementType);

        var index = new DatasetRows.ClassIndex(classes, nameof(Csv));
        var labels = new int[table.Rows.Count];
        for (var r = 0; r < labels.Length; r++)
        {
            var (line, fields) = table.Rows[r];
            if (!index.TryIndex(fields[label], out labels[r], out var problem))
                throw table.Error(line, label, problem);
        }
        if (index.Classes.Count == 0)
            throw new CsvFormatException(table.Path, 1, null, null, "the file has a header but no samples.");
        return new Dataset(features, Labels.OneHot(labels, index.Classes.Count).ToElementType(elementType), index.Classes, featureColumns.Select(c => table.Header[c]));
    }

    /// <summary>
    /// A regression dataset: the columns <paramref name="targetColumns"/> are numeric targets (one
    /// row each, in the order given), every other column a numeric feature (in file order).
    /// </summary>
    /// <exception cref="CsvFormatException">A missing column, a ragged line or a value that is not a finite number.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Dataset LoadRegression(string path, params string[] targetColumns) => LoadRegression(path, ElementType.Float64, targetColumns);

    /// <summary>
    /// A regression dataset in <paramref name="elementType"/>: the columns <paramref name="targetColumns"/>
    /// are numeric targets (one row each, in the order given), every other column a numeric feature (in file order).
    /// </summary>
    /// <exception cref="CsvFormatException">A missing column, a ragged line or a value that is not a finite number.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Dataset LoadRegression(string path, ElementType elementType, params string[] targetColumns)
    {
        ArgumentNullException.ThrowIfNull(targetColumns);
        if (targetColumns.Length == 0)
            throw new ArgumentException("Csv: name at least one target column.", nameof(targetColumns));
        var table = Read(path);
        var targets = targetColumns.Select(table.ColumnOf).ToArray();
        if (targets.Distinct().Count() != targets.Length)
            throw new ArgumentException($"Csv: a target column is named twice in {string.Join(", ", targetColumns)}.", nameof(targetColumns));
        var featureColumns = Enumerable.Range(0, table.Header.Length).Where(c => !targets.Contains(c)).ToArray();
        if (table.Rows.Count == 0)
            throw new CsvFormatException(table.Path, 1, null, null, "the file has a header but no samples.");
        return new Dataset(table.Numbers(featureColumns, elementType), table.Numbers(targets, elementType), featureNames: featureColumns.Select(c => table.Header[c]));
    }

    private static Table Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[]? header = null;
        var rows = new List<(int Line, string[] Fields)>();
        var lineNumber = 0;
        foreach (var (number, line) in CsvLines.Read(path, c => header is { } h && c <= h.Length ? h[c - 1] : null))
        {
            lineNumber = number;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var fields = Split(path, lineNumber, line);
            if (header is null)
            {
                CheckHeader(path, lineNumber, fields);
                header = fields;
                continue;
            }
            if (fields.Length != header.Length)
                throw new CsvFormatException(path, lineNumber, null, null, $"the line has {fields.Length} fields but the header has {header.Length}.");
            rows.Add((lineNumber, fields));
        }
        if (header is null)
            throw new CsvFormatException(path, Math.Max(lineNumber, 1), null, null, "the file is empty; expected a header line.");
        return new Table(path, header, rows);
    }

    // Every header non-empty and distinct, in one pass over the headers seen so far.
    private static void CheckHeader(string path, int lineNumber, string[] header)
    {
        var seen = new Dictionary<string, int>(header.Length, StringComparer.Ordinal);
        for (var c = 0; c < header.Length; c++)
        {
            if (header[c].Length == 0)
                throw new CsvFormatException(path, lineNumber, c + 1, null, "the header of this column is empty.");
            if (!seen.TryAdd(header[c], c))
                throw new CsvFormatException(path, lineNumber, c + 1, header[c], $"this header appears twice: it is also the header of column {seen[header[c]] + 1}.");
        }
    }

    // RFC 4180 within one line: fields separated by commas, optionally in double quotes with "" for a quote.
    private static string[] Split(string path, int lineNumber, string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            while (i < line.Length && line[i] == ' ') i++;
            if (i < line.Length && line[i] == '"')
            {
                var start = i++;
                while (true)
                {
                    if (i >= line.Length)
                        throw new CsvFormatException(path, lineNumber, fields.Count + 1, null, $"the quote opened at character {start + 1} is not closed.");
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    field.Append(line[i++]);
                }
                while (i < line.Length && line[i] == ' ') i++;
                if (i < line.Length && line[i] != ',')
                    throw new CsvFormatException(path, lineNumber, fields.Count + 1, null, $"unexpected character '{line[i]}' after a closing quote.");
                fields.Add(field.ToString());
            }
            else
            {
                var end = line.IndexOf(',', i);
                if (end < 0) end = line.Length;
                fields.Add(line[i..end].Trim());
                i = end;
            }
            if (i >= line.Length) return [.. fields];
            i++; // the comma
        }
    }

    private sealed record Table(string Path, string[] Header, List<(int Line, string[] Fields)> Rows)
    {
        public int ColumnOf(string name)
        {
            var c = Array.IndexOf(Header, name);
            return c >= 0
                ? c
                : throw new CsvFormatException(Path, 1, null, null, $"there is no column \"{name}\"; the columns are {string.Join(", ", Header)}.");
        }

        public CsvFormatException Error(int line, int column, string problem) =>
            new(Path, line, column + 1, Header[column], problem);

        // A columns.Length × rows matrix of `type`, column-major: sample r occupies d[r*k .. r*k+k).
        public Tensor Numbers(int[] columns, ElementType type)
        {
            var k = columns.Length;
            var shape = Shape.Matrix(k, Rows.Count);
            return type == ElementType.Float32 ? Tensor.Own(shape, Numbers<float>(columns)) : Tensor.Own(shape, Numbers<double>(columns));
        }

        private T[] Numbers<T>(int[] columns) where T : struct, System.Numerics.IFloatingPoint<T>
        {
            var k = columns.Length;
            var d = new T[k * Rows.Count];
            for (var r = 0; r < Rows.Count; r++)
            {
                var (line, fields) = Rows[r];
                for (var i = 0; i < k; i++)
                {
                    if (!DatasetRows.TryNumber(fields[columns[i]], out var x, out var problem))
                        throw Error(line, columns[i], problem);
                    d[r * k + i] = T.CreateChecked(x);
                    if (!T.IsFinite(d[r * k + i]))
                        throw Error(line, columns[i], DatasetRows.BeyondFloat32(fields[columns[i]]));
                }
            }
            return d;
        }
    }
}
