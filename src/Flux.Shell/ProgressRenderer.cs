using System.Management.Automation;

namespace Flux.Shell;

/// <summary>
/// Draws progress records: on a terminal one bar per activity, redrawn in place on a single line;
/// otherwise a plain line whenever an activity starts, its percentage reaches a new tenth, or it completes.
/// </summary>
internal sealed class ProgressRenderer(TextWriter error, bool isTerminal)
{
    private const int BarWidth = 30;
    private readonly Dictionary<(long, int), int> _lastTenth = [];
    private bool _lineDrawn;

    public void Render(long sourceId, ProgressRecord record)
    {
        var key = (sourceId, record.ActivityId);
        var completed = record.RecordType == ProgressRecordType.Completed;
        if (isTerminal)
        {
            if (completed) { Clear(); return; }
            var percent = Math.Clamp(record.PercentComplete, 0, 100);
            var filled = percent * BarWidth / 100;
            var line = $"{record.Activity} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {percent,3}% {record.StatusDescription}";
            error.Write("\r" + line.PadRight(Math.Max(line.Length, 79))[..Math.Min(line.Length + 1, Math.Max(Console.WindowWidth - 1, 40))]);
            _lineDrawn = true;
            return;
        }
        var tenth = completed ? 11 : Math.Clamp(record.PercentComplete, -1, 100) / 10;
        if (_lastTenth.TryGetValue(key, out var last) && last == tenth) return;
        if (completed)
        {
            if (_lastTenth.Remove(key)) error.WriteLine($"{record.Activity}: done");
            return;
        }
        _lastTenth[key] = tenth;
        var pct = record.PercentComplete >= 0 ? $" {record.PercentComplete}%" : "";
        error.WriteLine($"{record.Activity}:{pct} {record.StatusDescription}");
    }

    /// <summary>Erases the bar so another line can be written.</summary>
    public void Clear()
    {
        if (!_lineDrawn) return;
        error.Write("\r" + new string(' ', Math.Max(Console.WindowWidth - 1, 40)) + "\r");
        _lineDrawn = false;
    }
}
