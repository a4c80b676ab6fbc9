using Xunit;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>Muon from PowerShell: New-Optimiser builds it by name with its declared hyperparameters, Get-OptimiserRule lists it, and it steps like the library.</summary>
public sealed class MuonCmdletTests : IDisposable
{
    private readonly PowerShellSession _ps = new();

    public void Dispose() => _ps.Dispose();

    [Fact]
    public void New_Optimiser_Muon_binds_its_hyperparameters_and_steps_like_the_library()
    {
        var expected = Optimisers.Muon(eta: 0.01, mu: 0.9, weightDecay: 0.1);
        Assert.Equal(expected, _ps.Single<IOptimiser>("New-Optimiser Muon -Eta 0.01 -Mu 0.9 -DecoupledWeightDecay 0.1"));
        Assert.Equal(Optimisers.Muon(), _ps.Single<IOptimiser>("New-Optimiser muon"));
        var W = new Param("W", Tensor.FromArray([0.5, -1, 2, 0.25, 1, -0.5], 2, 3));
        var b = new Param("b", Tensor.Vector(0.1, -0.2));
        var g = Grads.Of((W, Tensor.FromArray([0.3, 0.1, -0.2, 0.4, -0.5, 0.6], 2, 3)), (b, Tensor.Vector(1, -1)));
        _ps.Set("W", W).Set("b", b).Set("g", g);
        var step = Assert.Single(_ps.Eval("Invoke-Optimiser -Optimiser (New-Optimiser Muon -Eta 0.01 -Mu 0.9 -DecoupledWeightDecay 0.1) -Param $W, $b -Gradient $g"));
        var (state, ps) = expected.Step(expected.Init(Params.Of(W, b)), Params.Of(W, b), g);
        Assert.Equal(ps.Select(p => p.Value), ((Param[])((dynamic)step).Param).Select(p => p.Value));
        Assert.Equal(state.ToNode(), ((OptimiserState)((dynamic)step).State).ToNode());
    }

    [Fact]
    public void Get_OptimiserRule_lists_Muon_and_a_stray_hyperparameter_is_an_error()
    {
        var declaration = _ps.Single<RuleDeclaration>("Get-OptimiserRule Muon");
        Assert.Equal(Muon.Declared, declaration);
        Assert.Contains("-Beta1 does not apply", _ps.Error("New-Optimiser Muon -Beta1 0.9").Exception.Message);
        Assert.Contains("mu", _ps.Error("New-Optimiser Muon -Mu 1").Exception.Message);
        Assert.Equal(Optimisers.Muon(eta: 0.5), Optimisers.ByName("MUON", new Dictionary<string, double> { ["Eta"] = 0.5 }));
        Assert.Equal(Optimisers.ADAM(eta: 0.5), Optimisers.ByName("adam", new Dictionary<string, double> { ["eta"] = 0.5 }));
        Assert.Contains("Muon", Assert.Throws<ArgumentException>(() => Optimisers.ByName("Adamant")).Message);
        Assert.Contains(Muon.Declared, Optimisers.Rules);
    }
}
