using Xunit;
using Xunit.Abstractions;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>
/// The module's PowerShell test suite, tests/PowerShell/*.Tests.ps1, run by Pester 6.2.0 (restored by
/// the test project, on the module path beside Flux) in the hosted engine; any failing Pester test
/// fails this test, with the names and messages of the failures.
/// </summary>
public sealed class PesterSuiteTests(ITestOutputHelper output) : IDisposable
{
    private readonly PowerShellSession _ps = new();

    public void Dispose() => _ps.Dispose();

    [Fact]
    public void Every_Pester_test_of_the_module_passes()
    {
        _ps.Set("suite", Path.Combine(PowerShellSession.RepositoryRoot, "tests", "PowerShell"));
        var lines = _ps.Eval("""
            Import-Module Pester -RequiredVersion 6.2.0
            $c = New-PesterConfiguration
            $c.Run.Path = $suite
            $c.Run.PassThru = $true
            $c.Output.Verbosity = 'None'
            $r = Invoke-Pester -Configuration $c
            "total $($r.TotalCount) passed $($r.PassedCount) failed $($r.FailedCount) containers $($r.FailedContainersCount)"
            foreach ($t in $r.Failed) { "FAILED $($t.ExpandedPath): $($t.ErrorRecord -join '; ')" }
            foreach ($b in $r.FailedBlocks) { "FAILED block $($b.ExpandedPath): $($b.ErrorRecord -join '; ')" }
            foreach ($f in $r.Containers | Where-Object { $_.ErrorRecord.Count -gt 0 }) { "FAILED file $($f.Item): $($f.ErrorRecord -join '; ')" }
            """).Select(o => o.ToString() ?? "").ToList();
        foreach (var line in lines) output.WriteLine(line);
        Assert.Matches(@"^total \d+ passed \d+ failed 0 containers 0$", lines[0]);
        Assert.DoesNotContain(lines, l => l.StartsWith("FAILED", StringComparison.Ordinal));
        Assert.True(int.Parse(lines[0].Split(' ')[1]) >= 10, lines[0]);
    }
}
