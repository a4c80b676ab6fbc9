using Xunit;
using System.Management.Automation;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>The toolkit from PowerShell, continued: adjusting, states and wrappers.</summary>
public sealed partial class OptimiserToolkitCmdletTests
{
    [Fact]
    public void The_wrappers_apply_to_a_chain_from_the_pipeline()
    {
        var opt = _ps.Single<FiniteOnly>("(New-Optimiser Momentum), (New-Optimiser SGD) | New-Optimiser -SkipNonFinite");
        Assert.IsType<OptimiserChain>(opt.Inner);
    }

    [Fact]
    public void PerLayer_gives_each_layer_its_optimiser_and_steps_like_the_library()
    {
        var results = _ps.Eval("""
            $m = New-Chain (New-Dense 2 3 -Seed 1), (New-Dense 3 1 -Seed 2), (New-Softmax)
            $opt = (New-Optimiser ADAM -Eta 0.1), (New-Optimiser SGD -Eta 0.01), (New-Optimiser SGD) | New-Optimiser -Model $m
            ,$m; $opt
            """);
        var chain = Assert.IsType<Chain>(results[0]);
        var opt = Assert.IsType<Partition>(results[1]);
        var grads = Grads.Of([.. chain.Params().Select(p => (p, Tensor.Zeros(p.Shape) + 0.5))]);
        var expected = Optimisers.PerLayer(chain, Optimisers.ADAM(eta: 0.1), Optimisers.SGD(eta: 0.01), Optimisers.SGD());
        var (_, model) = expected.Step(expected.Init(chain), chain, grads);
        _ps.Set("m", chain).Set("opt", opt).Set("mg", grads);
        dynamic step = Assert.Single(_ps.Eval("Invoke-Optimiser -Optimiser $opt -Model $m -Gradient $mg"));
        Assert.Equal(model.Params().Select(p => p.Value), ((IModel)step.Model).Params().Select(p => p.Value));
    }

    [Fact]
    public void PerLayer_with_the_wrong_number_of_optimisers_is_an_error()
    {
        var error = _ps.Error("""
            $m = New-Chain (New-Dense 2 3 -Seed 1), (New-Dense 3 1 -Seed 2)
            New-Optimiser -PerLayer (New-Optimiser SGD) -Model $m
            """);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("2 layers", error.Exception.Message);
    }

    [Fact]
    public void Set_OptimiserHyperparameter_changes_eta_and_keeps_the_moments()
    {
        var adam = Optimisers.ADAM(eta: 0.1);
        var (state, _) = Library(adam, 3);
        var (expectedOpt, expectedState) = adam.Adjust(state, "eta", 0.01);
        _ps.Set("opt", adam).Set("state", state);
        dynamic adjusted = Assert.Single(_ps.Eval("Set-OptimiserHyperparameter -Optimiser $opt -State $state -Name eta -Value 0.01"));
        Assert.Equal("Flux.PowerShell.AdjustedOptimiser", ((object)adjusted).GetType().FullName);
        Assert.Equal(expectedOpt, (IOptimiser)adjusted.Optimiser);
        Assert.Equal(Optimisers.ADAM(eta: 0.01), (IOptimiser)adjusted.Optimiser);
        Assert.Equal(state.ToNode(), ((OptimiserState)adjusted.State).ToNode());   // the moments and the step count are kept
        Assert.Equal(expectedState.ToNode(), ((OptimiserState)adjusted.State).ToNode());
    }

    [Fact]
    public void Set_OptimiserHyperparameter_binds_the_state_from_Invoke_Optimiser_and_the_run_continues()
    {
        dynamic step = Assert.Single(_ps.Eval("""
            $opt = New-Optimiser Momentum -Eta 0.1
            $s = Invoke-Optimiser $opt -Param $W, $b -Gradient $g
            $next = $s | Set-OptimiserHyperparameter -Optimiser $opt -Name rho -Value 0.5
            $W2, $b2 = $s.Param
            Invoke-Optimiser $next.Optimiser -Param $W2, $b2 -Gradient $g -State $next.State
            """));
        var momentum = Optimisers.Momentum(eta: 0.1);
        var (state, ps) = Library(momentum);
        var (adjusted, adjustedState) = momentum.Adjust(state, "rho", 0.5);
        var (_, expected) = adjusted.Step(adjustedState, ps, _g);
        SameValues(expected, step);
    }

    [Fact]
    public void Set_OptimiserHyperparameter_reaches_inside_the_wrappers()
    {
        dynamic adjusted = Assert.Single(_ps.Eval("""
            $opt = New-Optimiser ADAM -ClipNorm 1 -SkipNonFinite
            $s = Invoke-Optimiser $opt -Param $W, $b -Gradient $g
            Set-OptimiserHyperparameter $opt -State $s.State -Name beta1 -Value 0.8
            """));
        Assert.Equal(Optimisers.FiniteOnly(Optimisers.Chain(Optimisers.ClipNorm(1), Optimisers.ADAM(beta1: 0.8))), (IOptimiser)adjusted.Optimiser);
    }

    [Fact]
    public void An_unknown_hyperparameter_name_is_an_error_listing_those_the_optimiser_has()
    {
        var error = _ps.Error("""
            $opt = New-Optimiser ADAM
            Set-OptimiserHyperparameter $opt -State (Invoke-Optimiser $opt -Param $W -Gradient $g).State -Name rho -Value 0.5
            """);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("rho", error.TargetObject);
        Assert.Contains("beta1", error.Exception.Message);
    }

    [Theory]
    [InlineData("New-Optimiser ADAM", "-Name eta -Value -1", "eta")]
    [InlineData("New-Optimiser ADAM -Schedule (New-Schedule -Constant 0.1)", "-Name eta -Value 0.01", "eta")]
    public void A_value_out_of_range_or_a_scheduled_hyperparameter_is_an_error(string optimiser, string change, string named)
    {
        var error = _ps.Error($"""
            $opt = {optimiser}
            Set-OptimiserHyperparameter $opt -State (Invoke-Optimiser $opt -Param $W -Gradient $g).State {change}
            """);
        Assert.Contains(named, error.Exception.Message);
    }

    [Fact]
    public void Wrapper_states_and_adjusted_optimisers_print_through_their_views()
    {
        var output = PowerShellSession.PrintedByTheRunner("""
            $W = New-Param W (New-Tensor -Value 1, 2); $g = Get-Gradient -Loss { (2 * $W).Sum() } -Param $W
            $opt = New-Optimiser ADAM -SkipNonFinite -AccumulateGradients 2
            $s = Invoke-Optimiser $opt -Param $W -Gradient $g
            $s.State
            Set-OptimiserHyperparameter $opt -State $s.State -Name eta -Value 0.01
            """);
        Assert.Contains("FiniteOnly", output);
        Assert.Contains("consecutive = 0, total = 0", output);
        Assert.Contains("AccumGrad (1)", output);
        Assert.Matches(@"1\s+FiniteOnly\s+FiniteOnly", output);   // the adjusted optimiser: step, state kind, optimiser
    }
}
