using System.Management.Automation;

namespace Flux.PowerShell.Completion;

/// <summary>The completions of a parameter value from a list of names.</summary>
internal static class Completions
{
    /// <summary>
    /// The <paramref name="names"/> that start with <paramref name="wordToComplete"/> (case-insensitive,
    /// quotes typed so far ignored), in order, each quoted when PowerShell would need it.
    /// </summary>
    public static IEnumerable<CompletionResult> Matching(IEnumerable<string> names, string wordToComplete, string toolTip)
    {
        var prefix = (wordToComplete ?? "").Trim('\'', '"');
        return names
            .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(n => new CompletionResult(Quoted(n), n, CompletionResultType.ParameterValue, $"{toolTip}: {n}"));
    }

    // A bare word when it is one, else in single quotes (a quote inside doubled).
    private static string Quoted(string name) =>
        name.Length > 0 && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.')
            ? name
            : "'" + name.Replace("'", "''") + "'";
}
