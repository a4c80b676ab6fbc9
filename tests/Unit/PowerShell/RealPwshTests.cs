using System.Text.RegularExpressions;
using Xunit;
using Flux.Shell;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>The runner against real pwsh 7.6.9: a script a PowerShell user writes prints the same in both.</summary>
public sealed partial class RealPwshTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-pwsh-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string UtilityScript = """
        param([string] $Dir)
        Import-Module Flux
        Write-Host 'fitting a line'
        Write-Output (Test-Path -LiteralPath $Dir)
        $csv = Join-Path $Dir 'xy.csv'
        1..4 | ForEach-Object { [pscustomobject]@{ X = $_; Y = 2 * $_ + 1 } } | Export-Csv -LiteralPath $csv -NoTypeInformation
        $rows = Import-Csv -LiteralPath $csv
        $rows | Select-Object X, Y | Format-Table
        $rows | Measure-Object -Property Y -Sum | Select-Object Count, Sum | Format-List
        $W = New-Param -Name W -Value (New-Tensor -Shape 2, 2 -Random -Seed 1)
        $W | Format-Table Name, @{ n = 'Shape'; e = { $_.Shape.ToString() } }
        $W | Out-String
        $W.Value | Out-String
        $rows | ConvertTo-Json -Compress
        '{0:N3}' -f 3.14159
        $rows | Sort-Object { [int] $_.Y } -Descending | Select-Object -First 2 | Format-Table
        Get-Date -Year 2020 -Month 1 -Day 2 -Format 'yyyy-MM-dd'
        $ProgressPreference = 'SilentlyContinue'
        function New-Model { New-Chain (New-Dense 1 1 -Seed 1) }
        $m = New-Model
        $m.GetType().Name
        $data = $rows | ConvertTo-Dataset -Target Y -Regression
        $r = Invoke-Training -Model $m -Optimiser (New-Optimiser ADAM -LearningRate 0.1) -Loss Mse -Data $data -Epochs 5 -BatchSize 2 -Seed 1
        $r.History | Export-Csv -LiteralPath (Join-Path $Dir 'history.csv') -NoTypeInformation
        Import-Csv -LiteralPath (Join-Path $Dir 'history.csv') | Select-Object -Last 2 | Format-Table Step, Epoch, Batch
        $r | Select-Object Step, Epochs, @{ n = 'Loss'; e = { '{0:F6}' -f $_.FinalLoss } } | ConvertTo-Json -Compress
        ($r | Export-TrainingPlot -Path (Join-Path $Dir 'plot.png') -Width 400 -Height 300).Name
        """;

    [Fact]
    public void A_script_with_the_utility_cmdlets_prints_the_same_in_the_runner_and_in_pwsh()
    {
        var script = Path.Combine(_dir, "utility.ps1");
        File.WriteAllText(script, UtilityScript);

        var pwsh = RealPwsh.RunFile(script, "-Dir", _dir);
        Assert.True(pwsh.Code == 0, $"pwsh: exit {pwsh.Code}\n{pwsh.Error}");
        StringWriter output = new(), error = new();
        var code = ScriptRunner.RunCommandLine([script, "-Dir", _dir], output, error);
        Assert.True(code == 0, $"runner: exit {code}\n{error}");

        Assert.Empty(error.ToString());
        Assert.Contains("fitting a line", output.ToString());
        Assert.Contains("2×2 Matrix{Float64}:", output.ToString());
        Assert.Contains("plot.png", output.ToString());
        Assert.Contains("\"Step\":10,\"Epochs\":5", output.ToString());
        Assert.Equal(Normal(pwsh.Out), Normal(output.ToString()));
    }

    [Fact]
    public void The_module_imports_by_name_in_pwsh_after_the_readme_line()
    {
        const string line = """$env:PSModulePath = "$PWD/src/Flux.PowerShell/bin/Debug" + [IO.Path]::PathSeparator + $env:PSModulePath""";
        Assert.Contains(line, File.ReadAllText(Path.Combine(PowerShellSession.RepositoryRoot, "README.md")));
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var script = Path.Combine(_dir, "import.ps1");
        File.WriteAllText(script, $"""
            Set-Location -LiteralPath '{PowerShellSession.RepositoryRoot}'
            $env:PSModulePath = ''
            {line.Replace("bin/Debug", "bin/" + configuration)}
            Import-Module Flux
            (Get-Module Flux).ModuleBase
            (New-Tensor -Shape 2 -Value 1, 2).Sum
            """);
        var (code, output, error) = RealPwsh.RunFile(script);
        Assert.True(code == 0, $"pwsh: exit {code}\n{error}");
        Assert.Empty(error);
        Assert.Contains(Path.Combine("src", "Flux.PowerShell", "bin", configuration, "Flux"), output);
    }

    [Fact]
    public void The_readme_powershell_runs_in_pwsh()
    {
        var readme = File.ReadAllText(Path.Combine(PowerShellSession.RepositoryRoot, "README.md"));
        var blocks = ReadmeBlock().Matches(readme).Select(m => m.Groups["code"].Value).ToList();
        Assert.True(blocks.Count >= 4, $"{blocks.Count} powershell blocks in README.md");
        // A folder of its own, so that files the README writes land there, with the repository's
        // examples and built module where the README's relative paths expect them.
        foreach (var dir in new[] { "examples", "src" })
            Directory.CreateSymbolicLink(Path.Combine(_dir, dir), Path.Combine(PowerShellSession.RepositoryRoot, dir));
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var script = Path.Combine(_dir, "readme.ps1");
        File.WriteAllText(script, $"""
            $ErrorActionPreference = 'Stop'
            $ProgressPreference = 'SilentlyContinue'
            Set-Location -LiteralPath '{_dir}'
            $env:PSModulePath = ''
            {string.Join("\n", blocks).Replace("bin/Debug", "bin/" + configuration)}
            'readme done'
            """);
        var (code, output, error) = RealPwsh.RunFile(script);
        Assert.True(code == 0, $"pwsh: exit {code}\n{error}\n{output}");
        Assert.Empty(error);
        Assert.Contains("readme done", output);
    }

    [GeneratedRegex(@"```powershell\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ReadmeBlock();

    // Line ends as \n, and a parameter's identity (eight hex digits, new on every run) as one token.
    private static string Normal(string text) => Identity().Replace(text.ReplaceLineEndings("\n"), "<id>");

    [GeneratedRegex(@"\b[0-9a-f]{8}\b")]
    private static partial Regex Identity();
}
