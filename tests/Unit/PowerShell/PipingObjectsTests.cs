using System.Management.Automation;
using Xunit;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>
/// Outputs that pipe: every column a view shows is a property that Select-Object, Export-Csv and
/// ConvertTo-Json see; tensors show their values; results convert to JSON; the loss history is
/// objects; outputs are read-only.
/// </summary>
public sealed class PipingObjectsTests : IDisposable
{
    private readonly PowerShellSession _ps = new();

    public void Dispose() => _ps.Dispose();

    private const string Setup = """
        $W = New-Param -Name W -Value (New-Tensor -Shape 2, 2 -Value 1, 2, 3, 4)
        $b = New-Param -Name b -Value (New-Tensor -Shape 2 -Value 0.5, -0.5)
        $x = New-Tensor -Shape 2 -Value 1, 1
        $g = Get-Gradient -Loss { ($W * $x + $b).Square().Sum() } -Param $W, $b

        """;

    private const string Trained = """
        $data = Import-Dataset -Path (Join-Path $root 'examples/data/iris.csv') -Target species
        $m = New-Chain (New-Dense 4 3 -Seed 1), (New-Softmax)
        $result = Invoke-Training -Model $m -Optimiser (New-Optimiser ADAM) -Loss CrossEntropy -Data $data -Epochs 2 -BatchSize 50 -Seed 1

        """;

    private PowerShellSession Session => _ps.Set("root", PowerShellSession.RepositoryRoot);

    [Fact]
    public void The_gradient_view_columns_are_properties()
    {
        var rows = _ps.Run(Setup + "$g | Select-Object Param, Shape, Norm | ForEach-Object { '{0} {1} {2:G6}' -f $_.Param, $_.Shape, $_.Norm }").Output;
        Assert.Equal(["W (2, 2) 20.0998", "b (2,) 14.2127"], rows.Select(r => r.ToString()));
    }

    [Fact]
    public void An_optimiser_step_has_the_step_its_view_shows()
    {
        var step = _ps.Eval(Setup + "Invoke-Optimiser -Optimiser (New-Optimiser SGD) -Param $W, $b -Gradient $g | Select-Object -ExpandProperty Step");
        Assert.Equal(1L, Assert.Single(step));
    }

    [Fact]
    public void A_tensor_shows_its_values_to_ConvertTo_Json_and_Export_Csv()
    {
        var json = (string)Assert.Single(_ps.Eval(Setup + "$W.Value | ConvertTo-Json -Compress"));
        Assert.Contains("\"Values\":[1.0,2.0,3.0,4.0]", json);
        var csv = _ps.Eval(Setup + "$W.Value | ConvertTo-Csv | Select-Object -Skip 1").Cast<string>().Single();
        Assert.Contains("\"1 2 3 4\"", csv);
        Assert.Equal("20.0998", _ps.Eval(Setup + "($g | ConvertTo-Json -Depth 1 | ConvertFrom-Json)[0].Norm.ToString('G6')").Single());
    }

    [Fact]
    public void A_training_result_converts_to_json_and_its_history_is_objects()
    {
        var json = (string)Assert.Single(Session.Eval(Trained + "$result | ConvertTo-Json -Depth 3"));
        Assert.Contains("\"Step\": 6", json);
        Assert.Contains("\"FinalLoss\":", json);
        var rows = Session.Eval(Trained + "$result.History | Select-Object Step, Epoch, Batch | ForEach-Object { '{0} {1} {2}' -f $_.Step, $_.Epoch, $_.Batch }");
        Assert.Equal(["1 1 1", "2 1 2", "3 1 3", "4 2 1", "5 2 2", "6 2 3"], rows.Cast<string>());
        var sum = Session.Eval(Trained + "($result.History | Measure-Object -Property Loss -Sum).Sum - ($result.Losses | Measure-Object -Sum).Sum").Single();
        Assert.Equal(0.0, (double)sum);
        var csv = Session.Eval(Trained + "$result.History | Sort-Object Loss | ConvertTo-Csv | Select-Object -First 1").Single();
        Assert.Equal("\"Step\",\"Epoch\",\"Batch\",\"Loss\"", csv);
        Assert.Equal(3, Session.Eval(Trained + "$result | Select-Object Step, Epochs, FirstLoss, FinalLoss, Stop | ForEach-Object { $_.Epochs + 1 }").Single());
    }

    [Theory]
    [InlineData("$result.Step = 999")]
    [InlineData("$result.Model = $null")]
    [InlineData("$result.History[0].Loss = 0")]
    public void A_training_result_cannot_be_changed_by_assignment(string assignment)
    {
        var (_, errors) = Session.Run(Trained + assignment);
        var error = Assert.Single(errors);
        Assert.Equal("PropertyAssignmentException", error.FullyQualifiedErrorId);
        Assert.Contains("is a ReadOnly property", error.Exception.Message);
    }

    [Theory]
    [InlineData("$result.Losses[0] = 0")]
    [InlineData("$result.EpochLosses[0] = 0")]
    public void The_loss_histories_cannot_be_changed_element_by_element(string assignment)
    {
        var (before, _) = Session.Run(Trained + "$result.Losses[0]; $result.EpochLosses[0]");
        var (after, errors) = Session.Run(Trained + assignment + "; $result.Losses[0]; $result.EpochLosses[0]");
        Assert.NotEmpty(errors);
        Assert.Equal(before.Select(o => o.BaseObject), after.Select(o => o.BaseObject));
        Assert.Equal(2, after.Count);
    }

    [Fact]
    public void An_optimiser_step_cannot_be_changed_by_assignment()
    {
        var (_, errors) = _ps.Run(Setup + "$s = Invoke-Optimiser -Optimiser (New-Optimiser SGD) -Param $W, $b -Gradient $g\n$s.State = $null");
        Assert.Single(errors);
    }
}
