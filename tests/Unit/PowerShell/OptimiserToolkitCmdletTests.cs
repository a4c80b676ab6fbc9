using Xunit;
using System.Management.Automation;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>The optimiser toolkit from New-Optimiser: the new rules, the wrappers, per-layer optimisers and Set-OptimiserHyperparameter.</summary>
public sealed partial class OptimiserToolkitCmdletTests : IDisposable
{
    private readonly PowerShellSession _ps = new();
    private readonly Param _w = new("W", Tensor.Vector(1, -2)), _b = new("b", Tensor.Scalar(3));
    private readonly Grads _g, _nan;
    private readonly Params _params;

    public OptimiserToolkitCmdletTests()
    {
        _params = Params.Of(_w, _b);
        _g = Grads.Of((_w, Tensor.Vector(0.5, -1)), (_b, Tensor.Scalar(2)));
        _nan = Grads.Of((_w, Tensor.Vector(double.NaN, -1)), (_b, Tensor.Scalar(2)));
        _ps.Set("W", _w).Set("b", _b).Set("g", _g).Set("nan", _nan);
    }

    public void Dispose() => _ps.Dispose();

    // Steps the library's optimiser n times on _g from its initial state.
    private (OptimiserState State, Params Params) Library(IOptimiser optimiser, int n = 1, Grads? grads = null)
    {
        var (state, ps) = (optimiser.Init(_params), _params);
        for (var i = 0; i < n; i++) (state, ps) = optimiser.Step(state, ps, grads ?? _g);
        return (state, ps);
    }

    // Steps the optimiser the script defines as $opt n times on $g in the engine; returns the last Invoke-Optimiser output.
    private dynamic Steps(string optimiserScript, int n = 1, string gradient = "$g") => Assert.Single(_ps.Eval($$"""
        $opt = {{optimiserScript}}
        $state = $null; $ps = $W, $b
        foreach ($i in 1..{{n}}) { $step = Invoke-Optimiser -Optimiser $opt -Param $ps -Gradient {{gradient}} -State $state; $state = $step.State; $ps = $step.Param }
        $step
        """));

    private static void SameValues(Params expected, dynamic step) =>
        Assert.Equal(expected.Select(p => p.Value), ((Param[])step.Param).Select(p => p.Value));

    public static TheoryData<string, IOptimiser> NewRules() => new()
    {
        { "New-Optimiser RAdam -Eta 0.01 -Threshold 4", Optimisers.RAdam(eta: 0.01, threshold: 4) },
        { "New-Optimiser AdaBelief -Beta2 0.99 -Epsilon 1e-12", Optimisers.AdaBelief(beta2: 0.99, epsilon: 1e-12) },
        { "New-Optimiser OAdam -LearningRate 0.02 -Beta1 0.6", Optimisers.OAdam(eta: 0.02, beta1: 0.6) },
        { "New-Optimiser Rprop -Eta 0.01 -EtaMinus 0.4 -EtaPlus 1.5 -MinStep 1e-5 -MaxStep 10", Optimisers.Rprop(0.01, 0.4, 1.5, 1e-5, 10) },
        { "New-Optimiser Lion -Eta 1e-3 -Beta2 0.98 -DecoupledWeightDecay 0.1", Optimisers.Lion(eta: 1e-3, beta2: 0.98, weightDecay: 0.1) },
        { "New-Optimiser AdamWTorch -Lambda 0.05", Optimisers.AdamWTorch(weightDecay: 0.05) },
    };

    [Theory]
    [MemberData(nameof(NewRules))]
    public void Each_new_rule_binds_its_hyperparameters_and_steps_like_the_library(string script, IOptimiser expected)
    {
        Assert.Equal(expected, _ps.Single<IOptimiser>(script));
        var (state, ps) = Library(expected, 3);
        var step = Steps(script, 3);
        SameValues(ps, step);
        Assert.Equal(state.ToNode(), ((OptimiserState)step.State).ToNode());
    }

    [Fact]
    public void WeightDecay_stays_the_coupled_chain_element_beside_the_decoupled_one()
    {
        var opt = _ps.Single<OptimiserChain>("New-Optimiser Lion -WeightDecay 0.1 -DecoupledWeightDecay 0.2");
        Assert.Equal(2, opt.Elements.Length);
        Assert.Equal(Optimisers.WeightDecay(0.1), opt.Elements[0]);
        Assert.Equal(Optimisers.Lion(weightDecay: 0.2), opt.Elements[1]);
    }

    [Theory]
    [InlineData("New-Optimiser ADAM -DecoupledWeightDecay 0.1", "-DecoupledWeightDecay does not apply", "eta, beta1")]
    [InlineData("New-Optimiser ADAM -Threshold 3", "-Threshold does not apply", "beta1")]
    [InlineData("New-Optimiser Lion -Epsilon 1e-8", "-Epsilon does not apply", "weightDecay (-DecoupledWeightDecay)")]
    [InlineData("New-Optimiser Rprop -Beta1 0.9", "-Beta1 does not apply", "etaMinus")]
    public void A_hyperparameter_a_new_rule_does_not_take_is_an_error_listing_those_it_takes(string script, string stray, string listed)
    {
        var error = _ps.Error(script);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains(stray, error.Exception.Message);
        Assert.Contains(listed, error.Exception.Message);
    }

    [Theory]
    [InlineData("New-Optimiser Rprop -EtaMinus 2", "etaMinus")]
    [InlineData("New-Optimiser Rprop -MinStep 1 -MaxStep 0.5", "maxStep")]
    [InlineData("New-Optimiser Lion -DecoupledWeightDecay -1", "weightDecay")]
    [InlineData("New-Optimiser RAdam -Threshold -1", "threshold")]
    public void An_out_of_range_hyperparameter_of_a_new_rule_is_the_library_message(string script, string name)
    {
        var error = _ps.Error(script);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains(name, error.Exception.Message);
    }

    [Fact]
    public void AccumulateGradients_leaves_the_parameters_until_the_nth_gradient_then_steps_like_AccumGrad()
    {
        var first = Steps("New-Optimiser ADAM -Eta 0.1 -AccumulateGradients 2");
        SameValues(_params, first);
        var (state, ps) = Library(Optimisers.AccumGrad(Optimisers.ADAM(eta: 0.1), 2), 2);
        var second = Steps("New-Optimiser ADAM -Eta 0.1 -AccumulateGradients 2", 2);
        SameValues(ps, second);
        Assert.Equal(state.ToNode(), ((OptimiserState)second.State).ToNode());
        Assert.Equal(Library(Optimisers.ADAM(eta: 0.1)).Params.Select(p => p.Value), ps.Select(p => p.Value));
    }

    [Fact]
    public void SkipNonFinite_skips_a_nan_step_and_counts_it()
    {
        var step = Steps("New-Optimiser ADAM -SkipNonFinite", 2, "$nan");
        SameValues(_params, step);
        var state = Assert.IsType<FiniteOnlyState>((object)step.State);
        Assert.Equal(2, state.ConsecutiveSkips);
        Assert.Equal(Optimisers.FiniteOnly(Optimisers.ADAM()), _ps.Single<IOptimiser>("New-Optimiser ADAM -SkipNonFinite"));
    }

    [Fact]
    public void MaxConsecutiveSkips_bounds_the_skips_in_a_row()
    {
        Assert.Equal(Optimisers.FiniteOnly(Optimisers.ADAM(), 3), _ps.Single<IOptimiser>("New-Optimiser ADAM -SkipNonFinite -MaxConsecutiveSkips 3"));
        var error = _ps.Error("Invoke-Optimiser (New-Optimiser ADAM -SkipNonFinite -MaxConsecutiveSkips 0) -Param $W, $b -Gradient $nan");
        Assert.IsType<NonFiniteGradientException>(error.Exception);
        Assert.Contains("W", error.Exception.Message);
    }

    [Theory]
    [InlineData("New-Optimiser ADAM -MaxConsecutiveSkips 3", "-SkipNonFinite")]
    [InlineData("New-Optimiser ADAM -ScheduledParameter beta1", "-Schedule")]
    [InlineData("New-Optimiser ADAM -AccumulateGradients 0", "AccumulateGradients")]
    [InlineData("New-Optimiser ADAM -SkipNonFinite -MaxConsecutiveSkips -1", "MaxConsecutiveSkips")]
    public void A_wrapper_option_out_of_range_or_without_its_wrapper_is_an_error(string script, string named)
    {
        var error = _ps.Error(script);
        Assert.Contains(named, error.Exception.Message + error.ErrorDetails?.Message);
    }

    [Fact]
    public void Schedule_drives_eta_by_default_and_steps_like_Scheduled()
    {
        var expected = Optimisers.Scheduled(Optimisers.ADAM(), "eta", Schedules.Step(0.1, 0.5, 2));
        const string script = "New-Optimiser ADAM -Schedule (New-Schedule -Step -Init 0.1 -Rate 0.5 -Every 2)";
        Assert.Equal(expected, _ps.Single<IOptimiser>(script));
        var (state, ps) = Library(expected, 5);
        var step = Steps(script, 5);
        SameValues(ps, step);
        Assert.Equal(state.ToNode(), ((OptimiserState)step.State).ToNode());
    }

    [Fact]
    public void ScheduledParameter_names_another_hyperparameter()
    {
        Assert.Equal(Optimisers.Scheduled(Optimisers.Momentum(), "rho", Schedules.Constant(0.5)),
            _ps.Single<IOptimiser>("New-Optimiser Momentum -Schedule (New-Schedule -Constant 0.5) -ScheduledParameter rho"));
    }

    [Fact]
    public void A_ScheduledParameter_the_rule_does_not_have_is_an_error_listing_those_it_has()
    {
        var error = _ps.Error("New-Optimiser ADAM -Schedule (New-Schedule -Constant 0.5) -ScheduledParameter rho");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("'rho'", error.Exception.Message);
        Assert.Contains("beta1", error.Exception.Message);
    }

    [Fact]
    public void Epsilon_zero_is_an_error_naming_the_value_and_the_range()
    {
        // Issue 10, item 2: ADAM -Epsilon 0 used to train Iris into NaN on any zero gradient element.
        var error = _ps.Error("New-Optimiser ADAM -Epsilon 0");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("ADAM: epsilon must be finite and greater than 0; got 0.", error.Exception.Message);
    }

    [Fact]
    public void WarmupCosine_without_End_steps_past_its_end_holding_the_parameters()
    {
        // Issue 10, item 3: the step where the schedule reaches 0 used to fail the run.
        const string script = "New-Optimiser ADAM -Schedule (New-Schedule -WarmupCosine -Peak 0.1 -WarmupSteps 1 -DecaySteps 2)";
        var (_, atEnd) = Library(_ps.Single<IOptimiser>(script), 3);
        var step = Steps(script, 6);
        SameValues(atEnd, step);
        Assert.Equal(6, ((OptimiserState)step.State).StepCount);
    }

    [Fact]
    public void A_freeze_of_another_models_parameters_is_an_error_not_a_silent_full_step()
    {
        // Issue 10, item 5: parameters match by identity, and a rebuilt model has new ones.
        _ps.Set("empty", Grads.Empty);
        var error = _ps.Error("""
            $built = New-Chain (New-Dense 2 3 -Seed 1), (New-Dense 3 1 -Seed 2)
            $rebuilt = New-Chain (New-Dense 2 3 -Seed 1), (New-Dense 3 1 -Seed 2)
            $opt = New-Optimiser ADAM -Freeze $built[0]
            Invoke-Optimiser -Optimiser $opt -Model $rebuilt -Gradient $empty
            """);
        Assert.Contains("none of the 4 parameters given is one of the 2 frozen", error.Exception.Message);
    }

    [Fact]
    public void A_schedule_value_the_rule_refuses_is_an_error()
    {
        var error = _ps.Error("New-Optimiser ADAM -Schedule (New-Schedule -Constant -1)");
        Assert.Contains("eta", error.Exception.Message);
    }

    [Fact]
    public void Freeze_keeps_frozen_parameters_bit_for_bit_and_thaw_resumes_from_the_kept_state()
    {
        var step = Steps("New-Optimiser ADAM -Eta 0.1 -Freeze $W", 3);
        var ps = (Param[])step.Param;
        Assert.Equal(_w.Value, ps[0].Value);
        Assert.NotEqual(_b.Value, ps[1].Value);

        var (frozen, thawed) = (Optimisers.ADAM(eta: 0.1).Freeze([_w]), Optimisers.ADAM(eta: 0.1));
        var (state, lib) = Library(frozen, 3);
        (_, lib) = thawed.Step(state, lib, _g);
        dynamic resumed = Assert.Single(_ps.Eval("""
            $opt = New-Optimiser ADAM -Eta 0.1 -Freeze $W
            $state = $null; $ps = $W, $b
            foreach ($i in 1..3) { $step = Invoke-Optimiser $opt -Param $ps -Gradient $g -State $state; $state = $step.State; $ps = $step.Param }
            Invoke-Optimiser $opt.Thaw([Flux.Param[]] @($W)) -Param $ps -Gradient $g -State $state
            """));
        SameValues(lib, resumed);
    }

    [Fact]
    public void Freeze_takes_a_model_for_its_parameters()
    {
        var frozen = _ps.Single<Frozen>("""
            $m = New-Chain (New-Dense 2 3 -Seed 1), (New-Dense 3 1 -Seed 2)
            New-Optimiser SGD -Freeze $m[0], $b
            """);
        Assert.Equal(3, frozen.Ids.Count);
        Assert.True(frozen.IsFrozen(_b));
    }

    [Fact]
    public void The_wrappers_nest_in_the_documented_order()
    {
        var opt = _ps.Single<Frozen>("New-Optimiser ADAM -ClipNorm 1 -Schedule (New-Schedule -Constant 0.01) -AccumulateGradients 2 -SkipNonFinite -Freeze $W");
        var finite = Assert.IsType<FiniteOnly>(opt.Inner);
        var accum = Assert.IsType<AccumGrad>(finite.Inner);
        var scheduled = Assert.IsType<Scheduled>(accum.Inner);
        Assert.IsType<OptimiserChain>(scheduled.Inner);
    }
}
