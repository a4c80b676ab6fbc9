using System.Diagnostics;
using Xunit;
using Flux.Shell;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>
/// The reference: pwsh 7.6.9 from the repository's local tool manifest (.config/dotnet-tools.json),
/// restored on first use so that <c>dotnet test</c> on a fresh clone needs no other step, and run with
/// the built module folder on PSModulePath.
/// </summary>
internal static class RealPwsh
{
    private static readonly Lazy<bool> Restored = new(() =>
    {
        var (code, output, error) = Dotnet(["tool", "restore"], TimeSpan.FromMinutes(5));
        Assert.True(code == 0, $"dotnet tool restore: exit {code}\n{output}\n{error}");
        return true;
    });

    /// <summary>Runs <paramref name="script"/> with <c>dotnet pwsh -NoProfile -NonInteractive -File</c>.</summary>
    public static (int Code, string Out, string Error) RunFile(string script, params string[] args)
    {
        _ = Restored.Value;
        return Dotnet(["pwsh", "-NoProfile", "-NonInteractive", "-File", script, .. args], TimeSpan.FromMinutes(2));
    }

    private static (int Code, string Out, string Error) Dotnet(IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("dotnet", args)
        {
            WorkingDirectory = PowerShellSession.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.Environment["PSModulePath"] = ScriptRunner.ModulesDirectory;
        info.Environment["NO_COLOR"] = "1"; // plain text, as the runner writes
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} ran over {timeout}");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
