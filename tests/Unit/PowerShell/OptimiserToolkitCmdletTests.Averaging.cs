using Xunit;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>-Lookahead, -Average and -StochasticWeightAverage of New-Optimiser: the library's Lookahead, EMA and SWA, in the recipe's order.</summary>
public sealed partial class OptimiserToolkitCmdletTests
{
    [Fact]
    public void Lookahead_steps_like_the_library_and_alpha_defaults_to_one_half()
    {
        var expected = Optimisers.Lookahead(Optimisers.ADAM(eta: 0.1), 2, 0.25);
        const string script = "New-Optimiser ADAM -Eta 0.1 -Lookahead 2, 0.25";
        Assert.Equal(expected, _ps.Single<IOptimiser>(script));
        var (state, ps) = Library(expected, 5);
        var step = Steps(script, 5);
        SameValues(ps, step);
        Assert.Equal(state.ToNode(), ((OptimiserState)step.State).ToNode());
        Assert.Equal(Optimisers.Lookahead(Optimisers.ADAM(), 3, 0.5), _ps.Single<IOptimiser>("New-Optimiser ADAM -Lookahead 3"));
    }

    [Fact]
    public void Average_keeps_the_moving_average_and_gives_the_averaged_parameters()
    {
        var expected = Optimisers.EMA(Optimisers.Momentum(eta: 0.1), 0.5);
        const string script = "New-Optimiser Momentum -Eta 0.1 -Average 0.5";
        Assert.Equal(expected, _ps.Single<IOptimiser>(script));
        var (state, ps) = Library(expected, 3);
        var step = Steps(script, 3);
        SameValues(ps, step);
        Assert.Equal(state.ToNode(), ((OptimiserState)step.State).ToNode());
        var averaged = _ps.Eval("$opt.Averaged($step.State, [Flux.Params]::Of([Flux.Param[]]$step.Param))");   // enumerated: one Param each
        Assert.Equal(expected.Averaged(state, ps).Select(p => p.Value), averaged.Cast<Param>().Select(p => p.Value));
    }

    [Fact]
    public void StochasticWeightAverage_keeps_the_equal_weight_average_as_the_evaluation_parameters()
    {
        var expected = Optimisers.SWA(Optimisers.Momentum(eta: 0.1), 2, 1);
        const string script = "New-Optimiser Momentum -Eta 0.1 -StochasticWeightAverage 2";
        Assert.Equal(expected, _ps.Single<IOptimiser>(script));
        var (state, ps) = Library(expected, 4);
        var step = Steps(script, 4);
        SameValues(ps, step);
        Assert.Equal(state.ToNode(), ((OptimiserState)step.State).ToNode());
        Assert.Equal(Optimisers.SWA(Optimisers.ADAM(), 10, 5), _ps.Single<IOptimiser>("New-Optimiser ADAM -StochasticWeightAverage 10, 5"));
        Assert.Contains("not both", _ps.Error("New-Optimiser ADAM -Average 0.9 -StochasticWeightAverage 3").Exception.Message);
        Assert.IsAssignableFrom<System.Management.Automation.ParameterBindingException>(_ps.Error("New-Optimiser ADAM -StochasticWeightAverage 0").Exception);
    }

    [Fact]
    public void The_wrappers_compose_in_the_recipes_order()
    {
        var expected = Optimisers.EMA(Optimisers.FiniteOnly(Optimisers.AccumGrad(Optimisers.Lookahead(Optimisers.ADAM(), 2, 0.5), 2)), 0.9);
        Assert.Equal(expected, _ps.Single<IOptimiser>("New-Optimiser ADAM -Average 0.9 -SkipNonFinite -AccumulateGradients 2 -Lookahead 2"));
    }

    [Theory]
    [InlineData("New-Optimiser ADAM -Lookahead 1.5", "-Lookahead")]
    [InlineData("New-Optimiser ADAM -Lookahead 0", "-Lookahead")]
    [InlineData("New-Optimiser ADAM -Lookahead 2, 0", "alpha")]
    [InlineData("New-Optimiser ADAM -Average 1", "beta")]
    public void A_lookahead_or_average_out_of_range_is_an_error_naming_it(string script, string named)
    {
        var error = _ps.Error(script);
        Assert.Contains(named, error.Exception.Message + error.ErrorDetails?.Message);
    }
}
