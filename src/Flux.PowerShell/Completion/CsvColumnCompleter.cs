using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text;

namespace Flux.PowerShell.Completion;

/// <summary>
/// Completes a column parameter (<c>Import-Dataset -Target</c>) with the column names in the header
/// line of the CSV file given as <c>-Path</c>, relative to the current location. Nothing when the
/// file cannot be read.
/// </summary>
public sealed class CsvColumnCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var path = fakeBoundParameters?["Path"] switch
        {
            PSObject { BaseObject: var o } => o?.ToString(),
            var o => o?.ToString(),
        };
        if (string.IsNullOrEmpty(path) || Resolve(path) is not { } file || Header(file) is not { } columns) return [];
        return Completions.Matching(columns, wordToComplete, "column");
    }

    // The file system path of -Path, relative to the session's current location (read through a
    // nested pipeline on the completing runspace); null when it does not resolve.
    private static string? Resolve(string path)
    {
        using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        ps.AddCommand("Microsoft.PowerShell.Management\\Convert-Path").AddParameter("LiteralPath", path).AddParameter("ErrorAction", "Ignore");
        try { return ps.Invoke<string>().FirstOrDefault(); }
        catch (RuntimeException) { return null; }
    }

    // The fields of the first line: separated by commas, each optionally in double quotes ("" for a quote).
    private static IReadOnlyList<string>? Header(string path)
    {
        string? line;
        try
        {
            using var reader = new StreamReader(path);
            line = reader.ReadLine();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
        if (line is null) return null;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(field.ToString().Trim()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString().Trim());
        return fields;
    }
}
