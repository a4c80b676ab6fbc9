using System.Diagnostics;
using Xunit;

namespace Flux.Tests.Unit;

/// <summary>
/// A path that gives each open for reading the next of several contents, as if another process
/// replaced the file between two reads: a named pipe (Linux only), fed one content per open by a
/// thread that waits until the previous reader has closed it.
/// </summary>
internal sealed class ChangingFile : IDisposable
{
    private readonly Task _feed;
    private volatile bool _draining;
    private int _served;

    /// <summary>Whether the platform has named pipes and /proc/self/fd.</summary>
    public static bool Supported => OperatingSystem.IsLinux();

    /// <summary>Makes the pipe at <paramref name="path"/> and starts feeding it <paramref name="contents"/>.</summary>
    public ChangingFile(string path, params byte[][] contents)
    {
        Assert.All(contents, c => Assert.True(c.Length < 16 * 1024, "each content must fit a pipe's buffer"));
        Path = path;
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        _feed = Task.Factory.StartNew(() => Feed(contents), TaskCreationOptions.LongRunning);
    }

    /// <summary>The pipe's path.</summary>
    public string Path { get; }

    /// <summary>How many contents have been handed to a reader so far.</summary>
    public int Served => Volatile.Read(ref _served);

    private void Feed(byte[][] contents)
    {
        foreach (var content in contents)
        {
            // The previous reader must have closed the pipe, or this content would run on into its stream.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!_draining && IsOpen() && DateTime.UtcNow < deadline) Thread.Sleep(1);
            try
            {
                using var pipe = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
                pipe.Write(content);
            }
            catch (IOException) { return; } // the reader closed early
            if (!_draining) Interlocked.Increment(ref _served);
        }
    }

    // Whether any handle of this process has the pipe open (a reader blocked in open() has none yet).
    private bool IsOpen()
    {
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget == Path) return true;
            }
            catch (IOException) { } // closed while we looked
            catch (UnauthorizedAccessException) { }
        }
        return false;
    }

    /// <summary>Lets a feed still waiting for a reader finish (a read-write open of a pipe does not wait), and deletes the pipe.</summary>
    public void Dispose()
    {
        _draining = true;
        using (new FileStream(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1))
            Assert.True(_feed.Wait(TimeSpan.FromSeconds(20)), "the feed did not finish");
        File.Delete(Path);
    }
}
