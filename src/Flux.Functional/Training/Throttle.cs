namespace Flux;

/// <summary>
/// Flux's <c>throttle(f, timeout)</c>: wrappers that pass a call on at most once per interval and
/// drop the others (the first call always passes; Flux's <c>leading = true, trailing = false</c>).
/// Use it to report training progress every few seconds rather than every step.
/// </summary>
/// <remarks>Thread-safe. Time comes from a <see cref="TimeProvider"/> (the system's by default), so tests can drive it.</remarks>
public static class Throttle
{
    /// <summary>An action that runs <paramref name="action"/> at most once per <paramref name="interval"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is negative.</exception>
    public static Action<T> Create<T>(Action<T> action, TimeSpan interval, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        var gate = new Gate(interval, clock ?? TimeProvider.System);
        return x => { if (gate.TryPass()) action(x); };
    }

    /// <summary>An action that runs <paramref name="action"/> at most once per <paramref name="interval"/>.</summary>
    public static Action Create(Action action, TimeSpan interval, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        var gate = new Gate(interval, clock ?? TimeProvider.System);
        return () => { if (gate.TryPass()) action(); };
    }

    /// <summary>A progress sink that passes reports on to <paramref name="inner"/> at most once per <paramref name="interval"/>.</summary>
    public static IProgress<T> Progress<T>(IProgress<T> inner, TimeSpan interval, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new ThrottledProgress<T>(Create<T>(inner.Report, interval, clock));
    }

    private sealed class ThrottledProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    private sealed class Gate
    {
        private readonly long _interval;
        private readonly TimeProvider _clock;
        private readonly object _lock = new();
        private long? _last;

        public Gate(TimeSpan interval, TimeProvider clock)
        {
            if (interval < TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(interval), interval, "Throttle: the interval must not be negative.");
            _clock = clock;
            _interval = (long)(interval.Ticks * (clock.TimestampFrequency / (double)TimeSpan.TicksPerSecond));
        }

        public bool TryPass()
        {
            var now = _clock.GetTimestamp();
            lock (_lock)
            {
                if (_last is { } last && now - last < _interval) return false;
                _last = now;
                return true;
            }
        }
    }
}
