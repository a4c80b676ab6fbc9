namespace Flux;

/// <summary>
/// A row that cannot be read as a sample by <see cref="DatasetRows"/>. The message and the
/// properties name the row (1-based), the column and the offending value.
/// </summary>
/// <remarks>
/// Like <see cref="CsvFormatException"/> (which names a file and a line instead of a row), it is a
/// <see cref="FormatException"/>: catch that to handle either.
/// </remarks>
public sealed class DatasetFormatException : FormatException
{
    /// <summary>An error in column <paramref name="columnName"/> of row <paramref name="row"/> (1-based), whose value is <paramref name="value"/>.</summary>
    public DatasetFormatException(int row, string columnName, object? value, string problem)
        : base($"row {row}, column \"{columnName}\": {problem}")
    {
        Row = row;
        ColumnName = columnName;
        Value = value;
    }

    /// <summary>The row, 1-based: row 1 is the first element of the list of rows.</summary>
    public int Row { get; }

    /// <summary>The column, as it was named (a target, a feature, or a key of the first row).</summary>
    public string ColumnName { get; }

    /// <summary>The offending value as the row held it; null when the row has no such column or holds null.</summary>
    public object? Value { get; }
}
