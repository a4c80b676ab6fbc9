using Xunit;

namespace Flux.Tests.Unit;

/// <summary>Parameters have paths in their model (layers[0].W, as PyTorch's state_dict keys), usable for lookup and labels.</summary>
public class ParamPathTests
{
    private static Chain Model() => Layers.Chain(
        Layers.Dense(4, 6, Activation.Relu, seed: 1),
        Layers.Chain(Layers.Dense(6, 5, seed: 2), Layers.Dense(5, 3, seed: 3)),
        Layers.Softmax);

    [Fact]
    public void A_chain_names_each_parameter_by_its_layer_and_nested_chains_add_their_own()
    {
        Assert.Equal(["layers[0].W", "layers[0].b", "layers[1].layers[0].W", "layers[1].layers[0].b", "layers[1].layers[1].W", "layers[1].layers[1].b"],
            Model().Params().Paths.ToArray());
        Assert.Equal(["W", "b"], Layers.Dense(2, 2, seed: 1).Params().Paths.ToArray());
        Assert.Equal(["x"], Params.Of(new Param("x", Tensor.Zeros(2))).Paths.ToArray());
    }

    [Fact]
    public void A_path_finds_its_parameter_and_an_ambiguous_name_says_which_paths_to_use()
    {
        var m = Model();
        var ps = m.Params();
        Assert.Same(((Dense)((Chain)m[1])[1]).W, ps["layers[1].layers[1].W"]);
        var ambiguous = Assert.Throws<InvalidOperationException>(() => ps["W"]);
        Assert.Contains("layers[0].W, layers[1].layers[0].W, layers[1].layers[1].W", ambiguous.Message);
        Assert.Contains("layers[1].b", Assert.Throws<KeyNotFoundException>(() => ps["layers[9].W"]).Message);
    }

    [Fact]
    public void Paths_survive_updates_and_optimiser_steps()
    {
        var m = Model();
        var grads = Gradient.Of(() => Losses.CrossEntropy(m.Apply(Tensor.Rand(new Seed(1), 4, 3)), Labels.OneHot([0, 1, 2], 3)), m.Params());
        var (_, next) = Optimisers.ADAM().Step(Optimisers.ADAM().Init(m), m, grads);
        Assert.Equal(m.Params().Paths.ToArray(), next.Params().Paths.ToArray());
        Assert.Equal(m.Params().Paths.ToArray(), m.Params().Select(p => p.With(p.Value * 2)).Paths.ToArray());
    }

    [Fact]
    public void Labels_by_path_give_each_layer_its_own_rule()
    {
        var m = Model();
        var labels = ParamLabels.ByPath(m, path => path.StartsWith("layers[0].", StringComparison.Ordinal) ? "first" : "rest");
        var opt = Optimisers.Partition(labels, ("first", Optimisers.SGD(0.5)), ("rest", Optimisers.SGD(0)));
        var grads = Gradient.Of(() => Losses.CrossEntropy(m.Apply(Tensor.Rand(new Seed(1), 4, 3)), Labels.OneHot([0, 1, 2], 3)), m.Params());
        var (_, next) = opt.Step(opt.Init(m), m, grads);
        Assert.NotEqual(m.Params()["layers[0].W"].Value, next.Params()["layers[0].W"].Value);
        Assert.Equal(m.Params()["layers[1].layers[1].W"].Value, next.Params()["layers[1].layers[1].W"].Value);
        var stranger = new Param("W", Tensor.Zeros(2));
        Assert.Contains("layers[0].W", Assert.Throws<ArgumentException>(() => labels(stranger)).Message);
    }

    [Fact]
    public void Two_parameters_at_one_path_are_refused()
    {
        var (a, b) = (new Param("a", Tensor.Zeros(1)), new Param("b", Tensor.Zeros(1)));
        Assert.Contains("\"p\"", Assert.Throws<ArgumentException>(() => Params.Named([("p", a), ("p", b)])).Message);
        Assert.Contains("empty path", Assert.Throws<ArgumentException>(() => Params.Named([(" ", a)])).Message);
    }
}
