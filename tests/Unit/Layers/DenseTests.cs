using Xunit;

namespace Flux.Tests.Unit;

public class DenseTests
{
    private static readonly Tensor W = Tensor.Matrix(new[,] { { 0.5, -1.0, 2.0 }, { -0.25, 0.75, 1.5 } });
    private static readonly Tensor B = Tensor.Vector(0.1, -0.2);
    private static readonly Tensor X = Tensor.Matrix(new[,] { { 1.0, -2.0, 0.5, 3.0 }, { 0.0, 1.0, -1.5, 2.0 }, { -1.0, 0.25, 2.0, -0.5 } });

    public static TheoryData<string> ActivationNames => new() { "identity", "σ", "relu", "leakyrelu", "tanh", "softplus" };

    private static Activation ByName(string name) => name switch
    {
        "identity" => Activation.Identity,
        "σ" => Activation.Sigmoid,
        "relu" => Activation.Relu,
        "leakyrelu" => Activation.LeakyRelu,
        "tanh" => Activation.Tanh,
        "softplus" => Activation.Softplus,
        _ => throw new ArgumentException(name),
    };

    private static double ByHand(string name, double z) => name switch
    {
        "identity" => z,
        "σ" => 1 / (1 + Math.Exp(-z)),
        "relu" => Math.Max(z, 0),
        "leakyrelu" => z > 0 ? z : 0.01 * z,
        "tanh" => Math.Tanh(z),
        "softplus" => Math.Log(1 + Math.Exp(z)),
        _ => throw new ArgumentException(name),
    };

    [Theory, MemberData(nameof(ActivationNames))]
    public void Dense_is_sigma_of_W_x_plus_b_computed_by_hand(string activation)
    {
        var layer = new Dense(new Param("W", W), new Param("b", B), ByName(activation));
        var expected = new double[2, 4];
        for (var i = 0; i < 2; i++)
            for (var j = 0; j < 4; j++)
            {
                var z = B[i];
                for (var k = 0; k < 3; k++) z += W[i, k] * X[k, j];
                expected[i, j] = ByHand(activation, z);
            }
        var applied = layer.Apply(X).Value;
        Assert.True(applied.AllClose(Tensor.Matrix(expected), 1e-14, 1e-15), $"{activation}: {applied} vs {Tensor.Matrix(expected)}");
        Assert.Equal(applied, layer.Predict(X));
    }

    [Theory, MemberData(nameof(ActivationNames))]
    public void Predict_equals_the_traced_value_bit_for_bit(string activation)
    {
        var layer = Layers.Dense(3, 5, ByName(activation), seed: 7);
        var x = Tensor.Randn(new Seed(3), 3, 11);
        Assert.Equal(layer.Apply(x).Value, layer.Predict(x));
    }

    [Fact]
    public void A_feature_vector_gives_an_output_vector()
    {
        var layer = new Dense(new Param("W", W), new Param("b", B), Activation.Tanh);
        var x = Tensor.Vector(1.0, 0.0, -1.0);
        var y = layer.Predict(x);
        Assert.Equal(Shape.Vector(2), y.Shape);
        Assert.Equal(Math.Tanh(0.1 + 0.5 - 2.0), y[0], 15);
    }

    [Fact]
    public void Glorot_uniform_weights_zero_bias_and_reproducible_under_a_seed()
    {
        var a = Layers.Dense(4, 16, Activation.Relu, seed: 42);
        var limit = Math.Sqrt(6.0 / 20);
        Assert.Equal(Shape.Matrix(16, 4), a.W.Shape);
        Assert.All(a.W.Value.ToArray(), w => Assert.InRange(w, -limit, limit));
        Assert.Equal(Tensor.Zeros(16), a.b.Value);
        Assert.Equal("W", a.W.Name);
        Assert.Equal("b", a.b.Name);

        var again = Layers.Dense(4, 16, Activation.Relu, seed: 42);
        Assert.Equal(a.W.Value, again.W.Value);
        Assert.NotEqual(a.W.Id, again.W.Id); // same values, fresh identities
        Assert.NotEqual(a.W.Value, Layers.Dense(4, 16, Activation.Relu, seed: 43).W.Value);
    }

    [Fact]
    public void Glorot_samples_spread_over_the_whole_range()
    {
        var w = Layers.Dense(50, 50, seed: 1).W.Value.ToArray();
        var limit = Math.Sqrt(6.0 / 100);
        Assert.True(w.Min() < -0.9 * limit && w.Max() > 0.9 * limit);
        Assert.InRange(w.Average(), -0.05 * limit, 0.05 * limit);
    }

    [Fact]
    public void Params_are_W_then_b_and_With_rebuilds_from_them()
    {
        var layer = Layers.Dense(3, 2, Activation.Sigmoid, seed: 1);
        var ps = layer.Params();
        Assert.Equal([layer.W, layer.b], ps);
        Assert.Equal(layer, layer.With(ps));

        var newW = layer.W.With(Tensor.Ones(2, 3));
        var updated = layer.With(Params.Of(newW));
        Assert.Equal(Tensor.Ones(2, 3), updated.W.Value);
        Assert.Equal(layer.b, updated.b);                 // absent from ps: kept
        Assert.Equal(layer.W.Id, updated.W.Id);
        Assert.Equal(Activation.Sigmoid, updated.Activation);
        Assert.NotEqual(Tensor.Ones(2, 3), layer.W.Value);  // the original is untouched
        IModel asModel = layer;
        Assert.IsType<Dense>(asModel.With(ps));
    }

    [Fact]
    public void With_ignores_unrelated_parameters()
    {
        var layer = Layers.Dense(3, 2, seed: 1);
        Assert.Same(layer, layer.With(Params.Of(new Param("W", Tensor.Ones(7)))));
    }

    [Fact]
    public void Errors_name_the_shapes()
    {
        var layer = Layers.Dense(3, 2, seed: 1);
        var e = Assert.Throws<ArgumentException>(() => layer.Apply(Tensor.Zeros(4, 5)));
        Assert.Contains("(4, 5)", e.Message);
        Assert.Contains("3 rows", e.Message);
        Assert.Throws<ArgumentException>(() => layer.Predict(Tensor.Zeros(2)));
        var bad = Assert.Throws<ArgumentException>(() => new Dense(new Param("W", Tensor.Zeros(2, 3)), new Param("b", Tensor.Zeros(3))));
        Assert.Contains("(3,)", bad.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Layers.Dense(0, 2));
        var wrongShape = layer.W.Id;
        Assert.Throws<ArgumentException>(() => layer.With(Params.Of(new Param(wrongShape, "W", Tensor.Zeros(3, 2)))));
    }

    [Fact]
    public void Prints_like_Flux()
    {
        Assert.Equal("Dense(4 => 16, relu)", Layers.Dense(4, 16, Activation.Relu, seed: 1).ToString());
        Assert.Equal("Dense(16 => 3)", Layers.Dense(16, 3, seed: 1).ToString());
        Assert.Equal("Dense(10 => 5, σ)", Layers.Dense(10, 5, Activation.Sigmoid, seed: 1).ToString());
    }
}
