using System.Globalization;
using System.Text.RegularExpressions;
using Flux.Shell;
using Flux.Tests.Unit.PowerShell;
using Xunit;

namespace Flux.Tests.Unit.Data;

/// <summary>
/// examples/fashion-mnist.ps1: without the data it says how to install it and fails; with Debian's
/// dataset-fashion-mnist installed, a small run (1 epoch on 2,000 pictures) trains and tests.
/// </summary>
public sealed class FashionExampleTests : IDisposable
{
    internal const string Installed = "/usr/share/datasets/fashion-mnist";
    private static readonly string Script = Path.Combine(PowerShellSession.RepositoryRoot, "examples", "fashion-mnist.ps1");
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-fashion-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        StringWriter output = new(), error = new();
        var code = ScriptRunner.RunCommandLine([Script, .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Without_the_data_it_says_how_to_install_it_and_exits_non_zero()
    {
        var (code, output, error) = Run("-DataPath", _dir);
        Assert.Equal(2, code);
        Assert.Contains($"Fashion-MNIST is not in {_dir}", error);
        Assert.Contains("apt-get install -y dataset-fashion-mnist", error);
        Assert.DoesNotContain("Exception", error);
        Assert.Empty(output.Trim());
    }

    [Fact]
    public void With_the_data_installed_a_small_run_trains_and_tests()
    {
        if (!File.Exists(Path.Combine(Installed, "train-images-idx3-ubyte.gz")))
        {
            Assert.Contains("apt-get install -y dataset-fashion-mnist", Run("-DataPath", Installed).Error);
            return; // the package is not installed here: the message is what a user sees
        }
        var (code, output, error) = Run("-Epochs", "1", "-Limit", "2000");
        Assert.True(code == 0, $"exit {code}\n{error}");
        Assert.DoesNotContain("Exception", error);
        Assert.Matches(@"\b2000\s+784\s+10\s+T-shirt/top, Trouser", output);  // the dataset view: the first 2,000 training pictures
        Assert.Matches(@"\b10000\s+784\s+10\s+T-shirt/top, Trouser", output); // and every test picture
        Assert.Matches(@"\b32\s+1\s+[\d.]+\s+[\d.]+\s+Completed", output);  // ⌈2000 / 64⌉ steps in one epoch
        Assert.Contains("Chain(Dense(784 => 128, relu), Dense(128 => 10))", output);
        var accuracy = double.Parse(Regex.Match(output, @"test accuracy: (?<a>[\d.]+)").Groups["a"].Value, CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 0.6, $"test accuracy {accuracy} after one epoch on 2,000 pictures");
        var plot = Regex.Match(output, @"plot written to (?<p>\S+\.png)").Groups["p"].Value;
        Assert.Equal((800, 500), Plotting.TrainingPlotTests.PngSize(plot));
    }

    [Fact]
    public void With_the_data_installed_a_small_float32_run_trains_as_well()
    {
        if (!File.Exists(Path.Combine(Installed, "train-images-idx3-ubyte.gz"))) return; // the test above checks the message
        var (code, output, error) = Run("-Epochs", "1", "-Limit", "2000", "-Float32", "-Plot", Path.Combine(_dir, "f32.png"));
        Assert.True(code == 0, $"exit {code}\n{error}");
        Assert.Matches(@"\b2000\s+784\s+10\s+T-shirt/top.*Float32", output);  // the dataset view shows the type
        var accuracy = double.Parse(Regex.Match(output, @"test accuracy: (?<a>[\d.]+)").Groups["a"].Value, CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 0.6, $"float32 test accuracy {accuracy} after one epoch on 2,000 pictures");
    }
}
