using Xunit;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>New-Optimiser -ReduceOnPlateau: the library's transform after the rule, its hyperparameters from a hashtable, fed the batch losses by Invoke-Training.</summary>
public sealed class ReduceOnPlateauCmdletTests : IDisposable
{
    private readonly PowerShellSession _ps = new();

    public void Dispose() => _ps.Dispose();

    [Fact]
    public void The_hashtable_gives_the_hyperparameters_by_name_in_any_case_and_the_transform_follows_the_rule()
    {
        Assert.Equal(Optimisers.Chain(Optimisers.ADAM(eta: 0.01), Optimisers.ReduceOnPlateau(patience: 3, factor: 0.5, minScale: 0.01)),
            _ps.Single<IOptimiser>("New-Optimiser ADAM -Eta 0.01 -ReduceOnPlateau @{ Patience = 3; factor = 0.5; MINSCALE = 0.01 }"));
        Assert.Equal(Optimisers.Chain(Optimisers.SGD(), Optimisers.InvDecay(0.1), Optimisers.ReduceOnPlateau()),
            _ps.Single<IOptimiser>("New-Optimiser SGD -InvDecay 0.1 -ReduceOnPlateau @{}"));
        Assert.Equal(Optimisers.ReduceOnPlateau(cooldown: 2), _ps.Single<IOptimiser>("New-Optimiser ReduceOnPlateau -Cooldown 2"));
        Assert.Contains("no hyperparameter 'Patients'", _ps.Error("New-Optimiser ADAM -ReduceOnPlateau @{ Patients = 3 }").Exception.Message);
        Assert.Contains("factor", _ps.Error("New-Optimiser ADAM -ReduceOnPlateau @{ Factor = 2 }").Exception.Message);
    }

    [Fact]
    public void Invoke_Training_feeds_it_the_batch_losses()
    {
        var state = _ps.Set("root", PowerShellSession.RepositoryRoot).Single<ChainState>("""
            $data = Import-Dataset -Path (Join-Path $root 'examples/data/iris.csv') -Target species
            $m = New-Chain (New-Dense 4 3 -Seed 1), (New-Softmax)
            $opt = New-Optimiser ADAM -Eta 0.01 -ReduceOnPlateau @{ Patience = 1; Rtol = 0.5; Factor = 0.5 }
            (Invoke-Training -Model $m -Optimiser $opt -Loss CrossEntropy -Data $data -Epochs 2 -BatchSize 30 -Seed 1).State
            """);
        var plateau = Assert.IsType<ReduceOnPlateauState>(state.Elements[1]);
        Assert.True(plateau.Scale < 1, $"scale {plateau.Scale}");
        Assert.Equal(10, plateau.StepCount);
    }

    [Fact]
    public void Invoke_Optimiser_tells_it_the_loss_given()
    {
        var p = new Param("p", Tensor.Vector(1, 2));
        _ps.Set("p", p).Set("g", Grads.Of((p, Tensor.Vector(1, 1))));
        const string plateau = "$opt = New-Optimiser SGD -Eta 0.1 -ReduceOnPlateau @{ Patience = 1; Factor = 0.5 }\n";
        // 2 improves on +∞; 2 again is a plateau of patience 1: the factor halves before the second step.
        var values = _ps.Eval(plateau + """
            $s1 = Invoke-Optimiser $opt -Param $p -Gradient $g -Loss 2
            $s2 = Invoke-Optimiser $opt -Param $s1.Param -Gradient $g -State $s1.State -Loss 2
            $s2.Param[0].Value.ToArray()
            """).Cast<double>().ToArray();
        Assert.Equal([1 - 0.1 - 0.05, 2 - 0.1 - 0.05], values);
        // Without -Loss nothing is observed and the factor stays 1.
        var unobserved = _ps.Eval(plateau + """
            $s1 = Invoke-Optimiser $opt -Param $p -Gradient $g
            (Invoke-Optimiser $opt -Param $s1.Param -Gradient $g -State $s1.State).Param[0].Value.ToArray()
            """).Cast<double>().ToArray();
        Assert.Equal([1 - 0.1 - 0.1, 2 - 0.1 - 0.1], unobserved);
    }
}
