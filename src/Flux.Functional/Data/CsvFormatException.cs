namespace Flux;

/// <summary>
/// A CSV file that cannot be read as a dataset. The message and the properties name the file,
/// the line (1-based, the header is line 1) and, where it applies, the column.
/// </summary>
public sealed class CsvFormatException : FormatException
{
    /// <summary>An error at <paramref name="line"/> (and <paramref name="column"/>, 1-based, when known) of <paramref name="path"/>.</summary>
    public CsvFormatException(string path, int line, int? column, string? columnName, string problem)
        : base(Describe(path, line, column, columnName, problem))
    {
        Path = path;
        Line = line;
        Column = column;
        ColumnName = columnName;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The line in the file, 1-based (line 1 is the header; the first sample is on line 2).</summary>
    public int Line { get; }

    /// <summary>The column, 1-based, when the error concerns one.</summary>
    public int? Column { get; }

    /// <summary>The column's header, when the error concerns one.</summary>
    public string? ColumnName { get; }

    private static string Describe(string path, int line, int? column, string? name, string problem) =>
        column is { } c
            ? $"{path}, line {line}, column {c}{(name is null ? "" : $" (\"{name}\")")}: {problem}"
            : $"{path}, line {line}: {problem}";
}
