using System.Management.Automation;

namespace Flux.PowerShell.Completion;

/// <summary>The completions of a parameter value from a list of names.</summary>
internal static class Completions
{
    /// <summary>
    /// The <paramref name="names"/> that start with <paramref name="wordToComplete"/> (case-insensitive,
    /// quotes typed so far ignored), in order, each quoted when PowerShell would need it.
    /// </summary>
    public static IEnumerable<CompletionResult> Matching(IEnumerable<string> names, string wordToComplete, string toolTip) =>
        Matching(names, n => n, wordToComplete, n => $"{toolTip}: {n}");

    /// <summary>The items whose name starts with the word typed so far (any case), each with its own tooltip.</summary>
    public static IEnumerable<CompletionResult> Matching<T>(IEnumerable<T> items, Func<T, string> name, string wordToComplete, Func<T, string> toolTip)
    {
        var prefix = (wordToComplete ?? "").Trim('\'', '"');
        return items
            .Where(item => name(item).StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(item => new CompletionResult(Quoted(name(item)), name(item), CompletionResultType.ParameterValue, toolTip(item)));
    }

    // A bare word when it is one, else in single quotes (a quote inside doubled).
    private static string Quoted(string name) =>
        name.Length > 0 && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.')
            ? name
            : "'" + name.Replace("'", "''") + "'";
}
