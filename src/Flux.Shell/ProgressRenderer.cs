using System.Management.Automation;

namespace Flux.Shell;

/// <summary>
/// Draws progress records: on a terminal one bar, redrawn in place on a single line cut to the
/// terminal's width, for the latest top-level activity with the status of its latest child activity
/// (say, the batch within an epoch) after it; otherwise a plain line whenever a top-level activity starts, its percentage reaches a
/// new tenth, or it completes. Child activities never print plain lines: they would print one per
/// batch.
/// </summary>
internal sealed class ProgressRenderer(TextWriter error, bool isTerminal)
{
    private const int BarWidth = 20;
    private readonly Dictionary<(long, int), int> _lastTenth = [];
    private readonly Dictionary<(long, int), ProgressRecord> _parents = [];
    private bool _lineDrawn;

    public void Render(long sourceId, ProgressRecord record)
    {
        var key = (sourceId, record.ActivityId);
        var completed = record.RecordType == ProgressRecordType.Completed;
        var child = record.ParentActivityId >= 0;
        if (isTerminal)
        {
            if (completed)
            {
                if (!child) { _parents.Remove(key); Clear(); }
                return;
            }
            var parent = child && _parents.TryGetValue((sourceId, record.ParentActivityId), out var p) ? p : null;
            if (!child) _parents[key] = record;
            var bar = parent ?? record;
            var percent = Math.Clamp(bar.PercentComplete, 0, 100);
            var filled = percent * BarWidth / 100;
            var line = $"{bar.Activity} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {percent,3}% {bar.StatusDescription}";
            if (parent is not null) line += $" | {record.StatusDescription}";
            // Padded to the width, so that a shorter line covers a longer one before it.
            var width = Width;
            error.Write("\r" + (line.Length > width ? line[..width] : line.PadRight(width)));
            _lineDrawn = true;
            return;
        }
        if (child) return;
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

    // The columns a line may fill: the terminal's width less one, or 119 when the width is unknown (0, or no console).
    private static int Width
    {
        get
        {
            try { return Console.WindowWidth > 0 ? Math.Max(Console.WindowWidth - 1, 40) : 119; }
            catch (IOException) { return 119; }
        }
    }

    /// <summary>Erases the bar so another line can be written.</summary>
    public void Clear()
    {
        if (!_lineDrawn) return;
        error.Write("\r" + new string(' ', Width) + "\r");
        _lineDrawn = false;
    }
}
