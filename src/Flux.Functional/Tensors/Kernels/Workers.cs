using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Flux.Kernels;

/// <summary>
/// The library's own parallel loop for its kernels: one background thread per core but the caller's,
/// which keeps spinning for a short while after its last job, so that the next job starts on every
/// core at once. The kernels that use it (the fused optimiser pass, the shallow and the blocked matrix
/// products) take 50–200 µs, less than the thread pool needs on the benchmark machine to wake a parked
/// worker (30–100 µs and more): through <see cref="Parallel.For(int, int, Action{int})"/> the calling
/// thread did most of each pass alone.
/// </summary>
/// <remarks>
/// <para>
/// The caller takes items too, from the same counter as the helpers, and returns once every item has
/// run; a kernel's result never depends on which thread ran which item (each item writes its own
/// part of the output, with the same arithmetic wherever it runs).
/// </para>
/// <para>
/// A helper spins for <see cref="SpinTime"/> after its last job, yielding its core to any other ready
/// thread (OpenBLAS's, a second training) on every turn, then parks until the next job. One job
/// runs at a time: a call made while another is running (from a second thread, or from inside an
/// item, when the cores are already busy) runs its items on the calling thread, with the same results.
/// </para>
/// </remarks>
internal static class Workers
{
    /// <summary>How long a helper keeps spinning after its last job before it parks: longer than the gap between the kernels of a training step.</summary>
    internal static readonly TimeSpan SpinTime = TimeSpan.FromMilliseconds(1);

    private static readonly object Starting = new();
    private static readonly SemaphoreSlim Wake = new(0);
    private static Thread[]? _helpers;
    private static Job? _job;
    private static int _generation, _parked, _busy;

    /// <summary>
    /// Items per core for a pass that can be cut anywhere: a core that starts late, or shares its time
    /// with another program, leaves the rest of its share to the others.
    /// </summary>
    internal const int ChunksPerCore = 4;

    /// <summary>The items to cut such a pass into on this machine.</summary>
    internal static int Chunks => ChunksPerCore * Environment.ProcessorCount;

    /// <summary>Helper threads beside the caller: one fewer than the cores.</summary>
    internal static int Helpers => Math.Max(0, Environment.ProcessorCount - 1);

    /// <summary>Runs <paramref name="body"/>(i) for every i in [0, <paramref name="count"/>), on the caller and the helpers; exceptions reach the caller once every item has run.</summary>
    public static void For(int count, Action<int> body)
    {
        if (count <= 0) return;
        if (count == 1 || Helpers == 0 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            new Job(body, count).RunAlone();
            return;
        }
        try
        {
            StartHelpers();
            var job = new Job(body, count);
            Volatile.Write(ref _job, job);
            Interlocked.Increment(ref _generation);
            var parked = Volatile.Read(ref _parked);
            if (parked > 0) Wake.Release(parked);
            job.Help();
            job.WaitForAll();
            Volatile.Write(ref _job, null);
            job.ThrowIfFailed();
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private static void StartHelpers()
    {
        if (Volatile.Read(ref _helpers) is not null) return;
        lock (Starting)
        {
            if (_helpers is not null) return;
            var helpers = new Thread[Helpers];
            for (var i = 0; i < helpers.Length; i++)
            {
                helpers[i] = new Thread(Help) { IsBackground = true, Name = $"Flux kernel helper {i + 1}" };
                helpers[i].Start();
            }
            Volatile.Write(ref _helpers, helpers);
        }
    }

    // A helper's life: wait for a new job (spinning, then parked), take items until none are left, repeat.
    private static void Help()
    {
        var seen = Volatile.Read(ref _generation);
        while (true)
        {
            seen = AwaitNewJob(seen);
            Volatile.Read(ref _job)?.Help();
        }
    }

    // Every turn gives the core to any other ready thread: OpenBLAS's threads share the cores with
    // the helpers, and a product waits for its slowest thread.
    private static int AwaitNewJob(int seen)
    {
        var since = Stopwatch.GetTimestamp();
        for (var turn = 1; ; turn++)
        {
            var now = Volatile.Read(ref _generation);
            if (now != seen) return now;
            if ((turn & 15) == 0 && Stopwatch.GetElapsedTime(since) > SpinTime)
            {
                Park(seen);
                since = Stopwatch.GetTimestamp();
            }
            else Thread.Yield();
        }
    }

    // Announces the park before the last look at the generation, and the caller publishes the
    // generation before it reads the count of parked helpers: one of the two sees the other, so a
    // helper never sleeps through a job it was counted for. A spare release only costs a spin.
    private static void Park(int seen)
    {
        Interlocked.Increment(ref _parked);
        if (Volatile.Read(ref _generation) == seen) Wake.Wait();
        Interlocked.Decrement(ref _parked);
    }

    private sealed class Job(Action<int> body, int count)
    {
        private int _next, _done;
        private Exception? _error;

        // Items are claimed from one counter; an item claimed is always run and counted, so once the
        // count is complete no thread touches the body again.
        public void Help()
        {
            int i;
            while ((i = Interlocked.Increment(ref _next) - 1) < count)
            {
                try { body(i); }
                catch (Exception e) { Interlocked.CompareExchange(ref _error, e, null); }
                Interlocked.Increment(ref _done);
            }
        }

        // The whole job on the calling thread, with the same outcome: every item runs, the first exception is thrown.
        public void RunAlone()
        {
            Help();
            ThrowIfFailed();
        }

        public void WaitForAll()
        {
            var wait = new SpinWait();
            while (Volatile.Read(ref _done) < count) wait.SpinOnce(sleep1Threshold: -1);
        }

        public void ThrowIfFailed()
        {
            if (_error is { } e) ExceptionDispatchInfo.Throw(e);
        }
    }
}
