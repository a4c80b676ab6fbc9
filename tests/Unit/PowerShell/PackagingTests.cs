using System.Diagnostics;
using System.IO.Compression;
using Xunit;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>
/// The packages are publishable as they stand: the library packs with its licence, authors, readme
/// and symbols, and the module folder publishes to a PowerShell repository with Publish-PSResource
/// in real pwsh 7.6.9.
/// </summary>
public sealed class PackagingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-packages-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Entry(string package, string suffix)
    {
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(suffix, StringComparison.Ordinal));
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    private static string[] Entries(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return [.. zip.Entries.Select(e => e.FullName)];
    }

    [Fact]
    public async Task The_library_packs_with_its_licence_authors_readme_and_symbols()
    {
        var info = new ProcessStartInfo("dotnet", ["pack", "src/Flux.Functional", "--no-build", "-c", "Debug", "-o", _dir, "-nologo"])
        {
            WorkingDirectory = PowerShellSession.RepositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var pack = Process.Start(info)!;
        var (output, error) = (pack.StandardOutput.ReadToEndAsync(), pack.StandardError.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await pack.WaitForExitAsync(timeout.Token);
        Assert.True(pack.ExitCode == 0, await output + await error);

        var package = Path.Combine(_dir, "Flux.Functional.0.1.0.nupkg");
        Assert.True(File.Exists(Path.Combine(_dir, "Flux.Functional.0.1.0.snupkg")), "no symbol package");
        var nuspec = Entry(package, ".nuspec");
        Assert.Contains("<license type=\"expression\">MIT</license>", nuspec);
        Assert.Contains("<authors>Flux for .NET contributors</authors>", nuspec);
        Assert.Contains("<readme>README.md</readme>", nuspec);
        Assert.Contains("automatic-differentiation", nuspec);
        Assert.Contains("id=\"MathNet.Numerics\"", nuspec);
        Assert.Contains("LICENSE", Entries(package));
        Assert.Contains("lib/net8.0/Flux.Functional.xml", Entries(package)); // the XML docs travel with it
    }

    [Fact]
    public void The_module_publishes_to_a_folder_repository_with_PSResourceGet()
    {
        var script = Path.Combine(_dir, "publish.ps1");
        File.WriteAllText(script, """
            param($Repository)
            $name = "FluxLocal$PID"
            Register-PSResourceRepository -Name $name -Uri $Repository -Trusted
            try {
                $module = Get-Module Flux -ListAvailable | Select-Object -First 1
                Publish-PSResource -Path $module.ModuleBase -Repository $name -ErrorAction Stop
                (Find-PSResource -Name Flux -Repository $name).Version.ToString()
            } finally { Unregister-PSResourceRepository -Name $name }
            """);
        var repository = Directory.CreateDirectory(Path.Combine(_dir, "repository")).FullName;
        var (code, output, error) = RealPwsh.RunFile(script, "-Repository", repository);
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("0.1.0", output);
        var package = Path.Combine(repository, "Flux.0.1.0.nupkg");
        var entries = Entries(package);
        Assert.Contains("Flux.psd1", entries);
        Assert.Contains("LICENSE", entries);
        Assert.Contains("Flux.PowerShell.dll", entries);
        Assert.Contains("Flux.Plotting.dll", entries);
        Assert.Contains("Flux for .NET contributors", Entry(package, ".nuspec"));
    }
}
