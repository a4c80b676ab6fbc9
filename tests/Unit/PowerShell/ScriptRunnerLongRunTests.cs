using Xunit;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Flux.Shell;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>The runner over long runs: what it keeps while a script writes, and how it stops on Ctrl+C.</summary>
public sealed class ScriptRunnerLongRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-shell-long-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_runner_keeps_none_of_the_records_it_has_shown()
    {
        var path = Path.Combine(_dir, "progress.ps1");
        File.WriteAllText(path, """
            foreach ($i in 1..20000) { Write-Progress -Activity 'Fitting' -Status "step $i" -PercentComplete ($i / 200) }
            Write-Progress -Activity 'Fitting' -Completed
            foreach ($i in 1..50) { Write-Verbose "v $i"; Write-Warning "w $i"; Write-Information "i $i"; Write-Error "e $i" }
            'done'
            """);
        StringWriter output = new(), error = new();
        var runner = new ScriptRunner(output, error) { Verbose = true };
        Assert.Equal(1, runner.Run(path, []));
        Assert.Contains("done", output.ToString());
        Assert.Contains("WARNING: w 50", error.ToString());
        Assert.Contains("e 50", error.ToString());
        Assert.Equal(0, runner.RetainedRecords);
    }

    [Fact]
    public void Sigint_stops_the_script_runs_its_finally_blocks_and_exits_130()
    {
        if (OperatingSystem.IsWindows()) return; // SIGINT is sent with kill(2)
        var marker = Path.Combine(_dir, "cleaned");
        var path = Path.Combine(_dir, "loop.ps1");
        File.WriteAllText(path, $$"""
            try {
                [Console]::Out.WriteLine('started'); [Console]::Out.Flush()
                while ($true) { Start-Sleep -Milliseconds 50 }
            }
            finally { Set-Content -LiteralPath '{{marker}}' -Value 'cleaned' }
            """);
        using var shell = StartShell(path);
        var started = shell.StandardOutput.ReadLine();
        Assert.Equal("started", started);
        Assert.Equal(0, Kill(shell.Id, Sigint));
        Assert.True(shell.WaitForExit(30_000), "the runner did not stop after SIGINT");
        Assert.Equal(130, shell.ExitCode);
        Assert.Equal("cleaned", File.ReadAllText(marker).Trim());
    }

    /// <summary>The built runner (src/Flux.Shell/bin/&lt;Configuration&gt;/net10.0) as its own process.</summary>
    internal static Process StartShell(string script)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(PowerShellSession.RepositoryRoot, "src", "Flux.Shell", "bin", configuration, "net10.0", "Flux.Shell.dll");
        var info = new ProcessStartInfo("dotnet", [dll, script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private const int Sigint = 2;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
