using Xunit;
using System.Globalization;
using System.Text.RegularExpressions;
using Flux.Shell;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>The runner behind <c>dotnet run --project src/Flux.Shell -- script.ps1</c>, and every example script through it.</summary>
public sealed class ScriptRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-shell-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Error) RunFile(string path, params string[] args)
    {
        StringWriter output = new(), error = new();
        var code = ScriptRunner.RunCommandLine([path, .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private (int Code, string Out, string Error) Run(string script, params string[] args)
    {
        var path = Path.Combine(_dir, "script.ps1");
        File.WriteAllText(path, script);
        return RunFile(path, args);
    }

    // fashion-mnist.ps1 needs an installed dataset and minutes at its defaults: Data/FashionExampleTests runs it small.
    public static TheoryData<string> Examples() =>
        [.. Directory.GetFiles(Path.Combine(PowerShellSession.RepositoryRoot, "examples"), "*.ps1").Select(f => Path.GetFileName(f)).Where(f => f != "fashion-mnist.ps1").Order()];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_runs_cleanly(string example)
    {
        var (code, output, error) = RunFile(Path.Combine(PowerShellSession.RepositoryRoot, "examples", example));
        Assert.True(code == 0, $"exit {code}\n{error}");
        Assert.DoesNotContain("Exception", error);
        Assert.NotEmpty(output);
    }

    [Fact]
    public void The_linear_regression_example_prints_through_the_views_and_fits()
    {
        var (code, output, _) = RunFile(Path.Combine(PowerShellSession.RepositoryRoot, "examples", "linear-regression.ps1"));
        Assert.Equal(0, code);
        Assert.Contains("loss before: 0.808939", output);
        Assert.Matches(@"Name\s+Shape\s+Type\s+Id\s+Value", output);  // the Param table view, with the element type
        Assert.Matches(@"Param\s+Shape\s+Norm\s+Gradient", output);  // the gradient table view
        Assert.Contains("2×5 Matrix{Float64}:", output);              // the tensor view
        Assert.Matches(@"step 100: loss (0|\d(\.\d+)?E-\d+)\b", output);
    }

    [Fact]
    public void The_linear_regression_example_ends_with_the_seed_chain_and_its_params()
    {
        var (_, output, _) = RunFile(Path.Combine(PowerShellSession.RepositoryRoot, "examples", "linear-regression.ps1"));
        Assert.Contains("Dense(10 => 5, σ)", output);
        Assert.Contains("softmax", output);
        Assert.Matches(@"W\s+\(5, 10\)", output);
    }

    [Fact]
    public void The_iris_example_trains_with_a_progress_bar_and_reaches_ninety_percent_held_out()
    {
        // The test runs from its bin folder, not the repository root: the script finds its data beside itself.
        var (code, output, error) = RunFile(Path.Combine(PowerShellSession.RepositoryRoot, "examples", "iris.ps1"));
        Assert.True(code == 0, $"exit {code}\n{error}");
        Assert.Contains("Chain(Dense(4 => 16, relu), Dense(16 => 3), softmax)", output);
        Assert.Matches(@"Step\s+Epochs\s+FirstLoss\s+FinalLoss\s+Stop", output); // the training result view
        Assert.Contains("Invoke-Training: 50% epoch 50/100", error);                  // the progress bar, as plain lines
        Assert.Contains("Invoke-Training: done", error);
        Assert.DoesNotContain("batch 1/8", error);                                     // no plain line per batch
        var accuracy = double.Parse(Regex.Match(output, @"held-out accuracy: (?<a>[\d.]+)").Groups["a"].Value, CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 0.9, $"held-out accuracy {accuracy}");
        var plot = Regex.Match(output, @"plot written to (?<p>\S+\.png)").Groups["p"].Value;
        Assert.Equal((800, 500), Plotting.TrainingPlotTests.PngSize(plot));
    }

    [Fact]
    public void Script_arguments_bind_by_name()
    {
        var (code, output, _) = Run("param([int] $N, [switch] $Loud, $Rest) \"N=$N Loud=$Loud Rest=$Rest\"", "-N", "5", "-Loud", "-Rest:x");
        Assert.Equal(0, code);
        Assert.Contains("N=5 Loud=True Rest=x", output);
        Assert.Contains("N=-2 Loud=False Rest=y", Run("param([int] $N, [switch] $Loud, $Rest) \"N=$N Loud=$Loud Rest=$Rest\"", "-N", "-2", "y").Out);
    }

    [Fact]
    public void A_non_terminating_error_goes_to_stderr_with_its_position_and_the_exit_code_is_1()
    {
        var (code, output, error) = Run("'before'\nNew-Tensor -Shape 2, 3 -Value 1\n'after'");
        Assert.Equal(1, code);
        Assert.Contains("before", output);
        Assert.Contains("after", output);
        Assert.Contains("New-Tensor: FromArray: 1 values cannot fill shape (2, 3)", error);
        Assert.Contains("script.ps1:2", error);
    }

    [Fact]
    public void A_terminating_error_stops_the_script_with_exit_code_1()
    {
        var (code, output, error) = Run("'before'\nthrow 'boom'\n'after'");
        Assert.Equal(1, code);
        Assert.Contains("before", output);
        Assert.DoesNotContain("after", output);
        Assert.Contains("boom", error);
        Assert.Contains("script.ps1:2", error);
    }

    [Fact]
    public void Exit_sets_the_exit_code()
    {
        Assert.Equal(3, Run("'x'\nexit 3\n'unreached'").Code);
        Assert.Equal(0, Run("New-Tensor -Shape 2 -Value 1\nexit 0").Code);
    }

    [Fact]
    public void Import_Module_Flux_works_and_the_module_is_imported_up_front()
    {
        var (code, output, _) = Run("(Get-Module Flux).Name\nImport-Module Flux\n(Get-Module Flux).ExportedCmdlets.Count -gt 0");
        Assert.Equal(0, code);
        Assert.Contains("Flux", output);
        Assert.Contains("True", output);
    }

    [Fact]
    public void Verbose_warning_and_progress_show_on_stderr()
    {
        var (code, output, error) = Run("""
            $null = New-Tensor -Shape 2 -Random -Verbose
            $Host.UI.WriteWarningLine('careful')
            foreach ($p in 0, 50, 55, 100) {
                $r = [System.Management.Automation.ProgressRecord]::new(1, 'Fitting', "at $p")
                $r.PercentComplete = $p
                $Host.UI.WriteProgress(1, $r)
            }
            $r.RecordType = 'Completed'
            $Host.UI.WriteProgress(1, $r)
            """);
        Assert.Equal(0, code);
        Assert.Empty(output);
        Assert.Contains("VERBOSE: New-Tensor: no -Seed given; using -Seed", error);
        Assert.Contains("WARNING: careful", error);
        Assert.Contains("Fitting: 50% at 50", error);
        Assert.DoesNotContain("at 55", error); // plain lines only when a new tenth is reached
        Assert.Contains("Fitting: done", error);
    }

    [Fact]
    public void On_a_terminal_the_batch_shows_beside_its_epoch_on_one_bar()
    {
        var path = Path.Combine(_dir, "train.ps1");
        File.WriteAllText(path, $$"""
            $data = Import-Dataset -Path '{{Path.Combine(PowerShellSession.RepositoryRoot, "examples", "data", "iris.csv")}}' -Target species
            $m = New-Chain (New-Dense 4 3 -Seed 1), (New-Softmax)
            $null = Invoke-Training -Model $m -Optimiser (New-Optimiser ADAM) -Loss CrossEntropy -Data $data -Epochs 2 -BatchSize 50 -Seed 1
            $r = [System.Management.Automation.ProgressRecord]::new(3, ('a long activity ' * 20), 'and a long status')
            $Host.UI.WriteProgress(1, $r)
            """);
        StringWriter output = new(), error = new();
        Assert.True(new ScriptRunner(output, error, errorIsTerminal: true).Run(path, []) == 0, error.ToString()); // a line wider than the terminal is cut
        Assert.Contains("\rInvoke-Training [", error.ToString());
        Assert.Matches(@"Invoke-Training \[\.{20}\]   0% epoch 1/2 \| batch 1/3: loss [\d.]+", error.ToString());
        Assert.Contains("\rInvoke-Training [##########..........]  50% epoch 1/2: mean loss", error.ToString());
    }

    [Fact]
    public void The_verbose_switch_of_the_runner_shows_the_verbose_stream()
    {
        var path = Path.Combine(_dir, "v.ps1");
        File.WriteAllText(path, "$null = New-Tensor -Shape 2 -Random");
        StringWriter output = new(), error = new();
        Assert.Equal(0, ScriptRunner.RunCommandLine(["--verbose", path], output, error));
        Assert.Contains("VERBOSE:", error.ToString());
        Assert.DoesNotContain("VERBOSE:", RunFile(path).Error);
    }

    [Fact]
    public void A_missing_script_is_exit_code_1()
    {
        var (code, _, error) = RunFile(Path.Combine(_dir, "missing.ps1"));
        Assert.Equal(1, code);
        Assert.Contains("no script", error);
    }
}
