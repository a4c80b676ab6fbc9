using Xunit;
using System.Management.Automation;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>New-Dense, New-Softmax, New-Chain, Get-Param, Invoke-Model, and Get-Gradient -Model on real models.</summary>
public sealed class LayerCmdletTests : IDisposable
{
    private readonly PowerShellSession _ps = new();

    public void Dispose() => _ps.Dispose();

    private const string SeedChain =
        "New-Chain -Layer (New-Dense -In 10 -Out 5 -Activation Sigmoid -Seed 1), (New-Dense -In 5 -Out 2 -Seed 2), (New-Softmax)";

    [Fact]
    public void NewDense_is_the_library_layer_under_the_same_seed()
    {
        var dense = _ps.Single<Dense>("New-Dense -In 10 -Out 5 -Activation Sigmoid -Seed 1");
        var expected = Layers.Dense(10, 5, Activation.Sigmoid, seed: 1);
        Assert.Equal((10, 5, Activation.Sigmoid), (dense.Inputs, dense.Outputs, dense.Activation));
        Assert.Equal(expected.W.Value, dense.W.Value);
        Assert.Equal(expected.b.Value, dense.b.Value);
    }

    [Theory]
    [InlineData("Identity")] [InlineData("Sigmoid")] [InlineData("Relu")] [InlineData("LeakyRelu")] [InlineData("Tanh")] [InlineData("Softplus")]
    public void Every_activation_binds_by_name_and_position(string name)
    {
        var expected = (Activation)typeof(Activation).GetProperty(name)!.GetValue(null)!;
        Assert.Equal(expected, _ps.Single<Dense>($"New-Dense 3 2 {name.ToLowerInvariant()} -Seed 1").Activation);
    }

    [Fact]
    public void NewDense_without_a_seed_reports_the_seed_it_drew()
    {
        var (output, _) = _ps.Run("New-Dense 3 2 -Verbose 4>&1");
        Assert.Matches(@"using -Seed \d+", ((VerboseRecord)Assert.Single(output, o => o.BaseObject is VerboseRecord).BaseObject).Message);
    }

    [Theory]
    [InlineData("New-Dense -In 0 -Out 2", "In")]
    [InlineData("New-Dense -In 2 -Out -1", "Out")]
    [InlineData("New-Dense 2 2 -Activation Swish", "Activation")]
    public void NewDense_rejects_bad_sizes_and_activations_at_binding(string script, string parameter)
    {
        var error = _ps.Error(script);
        Assert.IsAssignableFrom<ParameterBindingException>(error.Exception);
        Assert.Contains(parameter, error.Exception.Message);
    }

    [Fact]
    public void NewSoftmax_is_the_softmax_layer()
    {
        Assert.Same(Layers.Softmax, _ps.Single<SoftmaxLayer>("New-Softmax"));
    }

    [Fact]
    public void NewChain_chains_the_seed_model()
    {
        var chain = _ps.Single<Chain>(SeedChain);
        Assert.Equal("Chain(Dense(10 => 5, σ), Dense(5 => 2), softmax)", chain.ToString());
        Assert.Equal(Layers.Dense(10, 5, Activation.Sigmoid, seed: 1).W.Value, ((Dense)chain[0]).W.Value);
    }

    [Fact]
    public void NewChain_binds_layers_from_the_pipeline_in_order()
    {
        var chain = _ps.Single<Chain>("(New-Dense 4 16 Relu -Seed 1), (New-Dense 16 3 -Seed 2), (New-Softmax) | New-Chain");
        Assert.Equal("Chain(Dense(4 => 16, relu), Dense(16 => 3), softmax)", chain.ToString());
    }

    [Fact]
    public void NewChain_of_layers_sharing_a_parameter_is_an_error_and_the_session_goes_on()
    {
        var error = _ps.Error("$d = New-Dense 2 2 -Seed 1; New-Chain -Layer $d, $d");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(2, Assert.IsAssignableFrom<ILayer[]>(error.TargetObject).Length);
        Assert.Contains("share a parameter", error.Exception.Message);
        Assert.Single(_ps.Eval("New-Chain (New-Dense 2 2 -Seed 1), (New-Dense 2 2 -Seed 1)"));
    }

    [Fact]
    public void NewChain_rejects_a_null_layer_at_binding()
    {
        Assert.IsAssignableFrom<ParameterBindingException>(_ps.Error("New-Chain -Layer $null").Exception);
    }

    [Fact]
    public void GetParam_is_params_of_m_in_layer_order()
    {
        var chain = _ps.Single<Chain>(SeedChain);
        var ps = _ps.Set("m", chain).Eval("Get-Param -Model $m").Cast<Param>().ToList();
        Assert.Equal(chain.Params().Select(p => p.Id), ps.Select(p => p.Id));
        Assert.Equal(["W", "b", "W", "b"], ps.Select(p => p.Name));
    }

    [Fact]
    public void GetParam_binds_models_from_the_pipeline()
    {
        var chain = _ps.Single<Chain>(SeedChain);
        // A chain piped from a variable arrives as its layers: the same parameters in the same order.
        Assert.Equal(chain.Params().Select(p => p.Id), _ps.Set("m", chain).Eval("$m | Get-Param").Cast<Param>().Select(p => p.Id));
        Assert.Equal(2, _ps.Eval("New-Dense 4 16 -Seed 1 | Get-Param").Count);
        Assert.Empty(_ps.Eval("New-Softmax | Get-Param"));
    }

    [Fact]
    public void InvokeModel_is_predict_and_binds_inputs_from_the_pipeline()
    {
        var chain = _ps.Single<Chain>(SeedChain);
        var x = Tensor.Rand(new Seed(3), 10);
        _ps.Set("m", chain).Set("x", x);
        Assert.Equal(chain.Predict(x), _ps.Single<Tensor>("Invoke-Model -Model $m -Input $x"));
        Assert.Equal(chain.Predict(x), _ps.Single<Tensor>("$x | Invoke-Model $m"));
        var batch = Tensor.Rand(new Seed(4), 10, 7);
        Assert.Equal(Shape.Matrix(2, 7), _ps.Set("X", batch).Single<Tensor>("Invoke-Model $m $X").Shape);
    }

    [Fact]
    public void InvokeModel_with_an_input_of_the_wrong_size_names_the_expected_rows()
    {
        var x = Tensor.Rand(new Seed(3), 4);
        var error = _ps.Set("m", _ps.Single<Chain>(SeedChain)).Set("x", x).Error("Invoke-Model -Model $m -Input $x");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Same(x, error.TargetObject);
        Assert.Contains("10 rows", error.Exception.Message);
        Assert.Contains("(4,)", error.Exception.Message);
    }

    [Fact]
    public void GetGradient_over_a_model_matches_the_library()
    {
        var chain = _ps.Single<Chain>(SeedChain);
        Tensor x = Tensor.Rand(new Seed(3), 10), y = Tensor.FromArray([1, 0], 2);
        var g = _ps.Set("m", chain).Set("x", x).Set("y", y)
            .Single<Grads>("Get-Gradient -Model $m -Loss { param($model) [Flux.Losses]::CrossEntropy($model.Apply($x), $y) }");
        var expected = Gradient.Of(() => Losses.CrossEntropy(chain.Apply(x), y), chain.Params());
        Assert.All(chain.Params(), p => Assert.Equal(expected[p], g[p]));
    }

    [Fact]
    public void GetGradient_binds_a_model_from_the_pipeline_and_InvokeOptimiser_steps_it()
    {
        var dense = Layers.Dense(3, 2, seed: 1);
        var x = Tensor.Rand(new Seed(2), 3);
        var g = _ps.Set("d", dense).Set("x", x).Single<Grads>("$d | Get-Gradient -Loss { param($m) $m.Apply($x).Square().Sum() }");
        var expected = Gradient.Of(() => Ops.Sum(Ops.Square(dense.Apply(x))), dense.Params());
        Assert.Equal(expected[dense.W], g[dense.W]);
        var moved = Assert.IsType<Dense>(Assert.Single(_ps.Set("g", g).Eval("(Invoke-Optimiser -Optimiser (New-Optimiser SGD -Eta 0.1) -Model $d -Gradient $g).Model")));
        Assert.Equal(dense.W.Value - 0.1 * expected[dense.W], moved.W.Value);
    }
}
