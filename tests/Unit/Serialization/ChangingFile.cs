using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit;

namespace Flux.Tests.Unit;

/// <summary>
/// A path that gives each open for reading the next of several contents, as if another process
/// replaced the file between two reads: a named pipe (Linux only), fed one content per open by a
/// thread that waits (by inotify) until the previous reader has closed the pipe before it feeds the next.
/// </summary>
internal sealed class ChangingFile : IDisposable
{
    private const int InNonBlock = 0x800;
    private const uint InCloseNoWrite = 0x10;
    private readonly int _watch;
    private readonly Task _feed;
    private volatile bool _draining;
    private int _served;

    [DllImport("libc.so.6", SetLastError = true)] private static extern int inotify_init1(int flags);
    [DllImport("libc.so.6", SetLastError = true)] private static extern int inotify_add_watch(int fd, string path, uint mask);
    [DllImport("libc.so.6", SetLastError = true)] private static extern nint read(int fd, byte[] buffer, nint count);
    [DllImport("libc.so.6")] private static extern int close(int fd);

    /// <summary>Whether the platform has named pipes and inotify.</summary>
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
        _watch = inotify_init1(InNonBlock);
        Assert.True(_watch >= 0 && inotify_add_watch(_watch, path, InCloseNoWrite) >= 0, $"inotify: error {Marshal.GetLastPInvokeError()}");
        _feed = Task.Factory.StartNew(() => Feed(contents), TaskCreationOptions.LongRunning);
    }

    /// <summary>The pipe's path.</summary>
    public string Path { get; }

    /// <summary>How many contents have been handed to a reader so far.</summary>
    public int Served => Volatile.Read(ref _served);

    private void Feed(byte[][] contents)
    {
        for (var i = 0; i < contents.Length; i++)
        {
            // The previous reader must have closed the pipe, or this content would run on into its stream.
            if (i > 0) WaitForAReaderToClose();
            try
            {
                using var pipe = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
                pipe.Write(contents[i]);
                // Counted before closing: the reader sees the end of this content only once the pipe is closed.
                if (!_draining) Interlocked.Increment(ref _served);
            }
            catch (IOException) { return; } // the reader closed early
        }
    }

    private void WaitForAReaderToClose()
    {
        var events = new byte[4096];
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!_draining && DateTime.UtcNow < deadline)
        {
            var n = (int)read(_watch, events, events.Length);
            for (var at = 0; at + 16 <= n; at += 16 + (int)BinaryPrimitives.ReadUInt32LittleEndian(events.AsSpan(at + 12)))
                if ((BinaryPrimitives.ReadUInt32LittleEndian(events.AsSpan(at + 4)) & InCloseNoWrite) != 0) return;
            Thread.Sleep(1);
        }
    }

    /// <summary>Lets a feed still waiting for a reader finish (a read-write open of a pipe does not wait), and deletes the pipe.</summary>
    public void Dispose()
    {
        _draining = true;
        using (new FileStream(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1))
            Assert.True(_feed.Wait(TimeSpan.FromSeconds(20)), "the feed did not finish");
        close(_watch);
        File.Delete(Path);
    }
}
