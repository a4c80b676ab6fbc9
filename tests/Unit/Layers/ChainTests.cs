using Xunit;

namespace Flux.Tests.Unit;

public class ChainTests
{
    private static Chain Seed() =>
        Layers.Chain(Layers.Dense(10, 5, Activation.Sigmoid, seed: 1), Layers.Dense(5, 2, seed: 2), Layers.Softmax);

    [Fact]
    public void A_chain_is_the_composition_of_its_layers()
    {
        var m = Seed();
        var x = Tensor.Randn(new Seed(3), 10, 7);
        var composed = m[2].Apply(m[1].Apply(m[0].Apply(x)));
        Assert.Equal(composed.Value, m.Apply(x).Value);
        Assert.Equal(m[2].Predict(m[1].Predict(m[0].Predict(x))), m.Predict(x));
        Assert.Equal(m.Apply(x).Value, m.Predict(x));
        var columnSums = m.Predict(x).Transpose() * Tensor.Ones(2);
        Assert.True(columnSums.AllClose(Tensor.Ones(7), 1e-15, 1e-15));
    }

    [Fact]
    public void Params_lists_each_layers_parameters_in_layer_order()
    {
        var m = Seed();
        var d1 = (Dense)m[0];
        var d2 = (Dense)m[1];
        Assert.Equal([d1.W, d1.b, d2.W, d2.b], m.Params());
        Assert.Equal(50 + 5 + 10 + 2, m.Params().ElementCount);
    }

    [Fact]
    public void With_returns_a_new_chain_and_leaves_the_old_one_untouched()
    {
        var m = Seed();
        var ps = m.Params().Select(p => p.With(p.Value + 1.0));
        var m2 = m.With(ps);
        Assert.IsType<Chain>(((IModel)m).With(ps));
        Assert.Equal(ps, m2.Params());
        Assert.NotEqual(m, m2);
        Assert.Equal(Seed()[0].Params()[0].Value, m.Params()[0].Value);
        Assert.Equal(m, m.With(m.Params()));
        Assert.Same(m, m.With(Params.Empty));
    }

    [Fact]
    public void Chains_nest_index_and_enumerate()
    {
        var inner = Layers.Chain(Layers.Dense(4, 3, Activation.Tanh, seed: 1), Layers.Dense(3, 3, seed: 2));
        var outer = Layers.Chain(inner, Layers.Dense(3, 2, seed: 3), Layers.Softmax);
        Assert.Equal(3, outer.Count);
        Assert.Same(inner, outer[0]);
        Assert.Equal(6, outer.Params().Count);
        Assert.Equal(inner.Params().Concat(outer[1].Params()), outer.Params());
        Assert.Equal([typeof(Chain), typeof(Dense), typeof(SoftmaxLayer)], outer.Layers.Select(l => l.GetType()));
        Assert.Equal(2, outer[..2].Count);

        var x = Tensor.Randn(new Seed(5), 4, 3);
        Assert.Equal(outer[2].Predict(outer[1].Predict(inner.Predict(x))), outer.Predict(x));

        var shifted = outer.With(outer.Params().Select(p => p.With(p.Value * 2.0)));
        Assert.IsType<Chain>(shifted[0]);
        Assert.Equal(((Chain)shifted[0]).Params(), shifted.Params().Take(4));
    }

    [Fact]
    public void Prints_like_Flux()
    {
        Assert.Equal("Chain(Dense(10 => 5, σ), Dense(5 => 2), softmax)", Seed().ToString());
    }

    [Fact]
    public void Two_layers_sharing_a_parameter_are_refused()
    {
        var d = Layers.Dense(3, 3, seed: 1);
        var e = Assert.Throws<ArgumentException>(() => Layers.Chain(d, d));
        Assert.Contains("share", e.Message);
    }

    [Fact]
    public void The_issue_example_traces_and_differentiates()
    {
        var m = Seed();
        var x = Tensor.Randn(new Seed(1), 10, 4);
        var y = Labels.OneHot([0, 1, 1, 0], 2);
        Expr yhat = m.Apply(x);
        Params ps = m.Params();
        var grads = Gradient.Of(() => Losses.CrossEntropy(m.Apply(x), y), ps);
        Assert.Equal(4, grads.Count);
        Assert.All(ps, p => Assert.Equal(p.Shape, grads[p].Shape));
        Assert.Equal(Shape.Matrix(2, 4), yhat.Shape);
    }

    [Fact]
    public void A_user_written_layer_fits_in_a_chain_and_rebuilds()
    {
        var scale = ScaleLayer.Create(4);
        var m = Layers.Chain(scale, Layers.Dense(4, 2, seed: 5));
        Assert.Equal(4, m.Params().Count);
        Assert.Equal("α", m.Params()[0].Name);

        var x = Tensor.Randn(new Seed(2), 4, 3);
        var grads = Gradient.Of(() => Losses.Mse(m.Apply(x), Tensor.Zeros(2, 3)), m.Params());
        var stepped = m.With(m.Params().Select(p => p.Update(-0.1 * grads[p])));
        Assert.IsType<ScaleLayer>(stepped[0]);
        Assert.True(Losses.Mse(stepped.Apply(x), Tensor.Zeros(2, 3)).Value.ToScalar()
                    < Losses.Mse(m.Apply(x), Tensor.Zeros(2, 3)).Value.ToScalar());
        Assert.Equal(m.Apply(x).Value, m.Predict(x));
    }
}
