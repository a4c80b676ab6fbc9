using Xunit;
using System.Management.Automation;

namespace Flux.Tests.Unit.PowerShell;

public sealed class OptimiserCmdletTests : IDisposable
{
    private readonly PowerShellSession _ps = new();
    private readonly Param _w = new("W", Tensor.Vector(1, -2)), _b = new("b", Tensor.Scalar(3));
    private readonly Grads _g;

    public OptimiserCmdletTests()
    {
        _g = Grads.Of((_w, Tensor.Vector(0.5, -1)), (_b, Tensor.Scalar(2)));
        _ps.Set("W", _w).Set("b", _b).Set("g", _g);
    }

    public void Dispose() => _ps.Dispose();

    // Flux.PowerShell.OptimiserStep lives in the module the engine loaded; the tests read it by name.
    private object Step(string script)
    {
        var step = Assert.Single(_ps.Eval(script));
        Assert.Equal("Flux.PowerShell.OptimiserStep", step.GetType().FullName);
        return step;
    }

    [Theory]
    [InlineData("SGD")] [InlineData("Momentum")] [InlineData("Nesterov")] [InlineData("RMSProp")] [InlineData("ADAM")] [InlineData("AdaMax")]
    [InlineData("ADAGrad")] [InlineData("ADADelta")] [InlineData("AMSGrad")] [InlineData("NADAM")] [InlineData("ADAMW")]
    [InlineData("RAdam")] [InlineData("AdaBelief")] [InlineData("OAdam")] [InlineData("Rprop")] [InlineData("Lion")] [InlineData("AdamWTorch")]
    public void Every_rule_is_the_library_factory_with_its_defaults(string type)
    {
        var opt = _ps.Single<IOptimiser>($"New-Optimiser -Type {type}");
        var expected = (IOptimiser)typeof(Optimisers).GetMethod(type)!.Invoke(null, typeof(Optimisers).GetMethod(type)!.GetParameters().Select(p => p.DefaultValue).ToArray())!;
        Assert.Equal(expected, opt);
    }

    [Fact]
    public void Hyperparameters_bind_by_name_and_eta_is_an_alias()
    {
        Assert.Equal(Optimisers.ADAM(eta: 0.05, beta2: 0.99), _ps.Single<IOptimiser>("New-Optimiser ADAM -LearningRate 0.05 -Beta2 0.99"));
        Assert.Equal(Optimisers.Momentum(eta: 0.2, rho: 0.5), _ps.Single<IOptimiser>("New-Optimiser -Type Momentum -Eta 0.2 -Rho 0.5"));
    }

    [Fact]
    public void Composition_clips_and_decays_before_the_rule_and_schedules_after_it()
    {
        var opt = _ps.Single<IOptimiser>("New-Optimiser -Type ADAM -WeightDecay 1e-4 -ClipNorm 1 -InvDecay 0.01");
        var expected = Optimisers.Chain(Optimisers.ClipNorm(1), Optimisers.WeightDecay(1e-4), Optimisers.ADAM(), Optimisers.InvDecay(0.01));
        var ps = Params.Of(_w, _b);
        Assert.Equal(expected.Step(expected.Init(ps), ps, _g).Params.Select(p => p.Value), opt.Step(opt.Init(ps), ps, _g).Params.Select(p => p.Value));
    }

    [Fact]
    public void A_chain_binds_optimisers_from_the_pipeline()
    {
        var chain = _ps.Single<OptimiserChain>("(New-Optimiser SGD), (New-Optimiser ADAM) | New-Optimiser");
        Assert.NotNull(chain);
    }

    [Fact]
    public void A_hyperparameter_the_rule_does_not_take_is_an_error_listing_those_it_takes()
    {
        var error = _ps.Error("New-Optimiser -Type ADAM -Rho 0.9");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("ADAM", error.TargetObject);
        Assert.Contains("-Rho does not apply", error.Exception.Message);
        Assert.Contains("eta, beta1, beta2, epsilon, decay", error.Exception.Message);
    }

    [Fact]
    public void An_out_of_range_hyperparameter_is_the_library_message()
    {
        var error = _ps.Error("New-Optimiser -Type ADAM -LearningRate -1");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("eta", error.Exception.Message);
        Assert.Contains("-1", error.Exception.Message);
    }

    [Fact]
    public void An_unknown_rule_is_rejected_at_binding()
    {
        Assert.IsAssignableFrom<ParameterBindingException>(_ps.Error("New-Optimiser -Type Adagrad2").Exception);
    }

    [Fact]
    public void Invoke_without_state_initialises_one_and_steps_like_the_library()
    {
        dynamic step = Step("Invoke-Optimiser -Optimiser (New-Optimiser ADAM -Eta 0.1) -Param $W, $b -Gradient $g");
        var adam = Optimisers.ADAM(eta: 0.1);
        var ps = Params.Of(_w, _b);
        var (state, next) = adam.Step(adam.Init(ps), ps, _g);
        Assert.Equal(next.Select(p => p.Value), ((Param[])step.Param).Select(p => p.Value));
        Assert.Equal(state.StepCount, (long)step.State.StepCount);
        Assert.Null((object?)step.Model);
    }

    [Fact]
    public void Invoke_threads_the_state_through_steps_and_binds_params_from_the_pipeline()
    {
        dynamic step = Step("""
            $opt = New-Optimiser Momentum
            $s = $W, $b | Invoke-Optimiser -Optimiser $opt -Gradient $g
            $W2, $b2 = $s.Param
            $W2, $b2 | Invoke-Optimiser -Optimiser $opt -Gradient $g -State $s.State
            """);
        Assert.Equal(2L, (long)step.State.StepCount);
        Assert.True(((Param[])step.Param)[0].SameIdentity(_w));
    }

    [Fact]
    public void A_state_of_another_rule_is_an_error_and_the_session_goes_on()
    {
        var error = _ps.Error("""
            $s = (Invoke-Optimiser (New-Optimiser ADAM) -Param $W -Gradient $g).State
            Invoke-Optimiser (New-Optimiser Momentum) -Param $W -Gradient $g -State $s
            """);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.IsAssignableFrom<OptimiserState>(error.TargetObject);
        Assert.Single(_ps.Eval("Invoke-Optimiser (New-Optimiser Momentum) -Param $W -Gradient $g"));
    }
}
