using Xunit;

namespace Flux.Tests.Unit;

/// <summary>
/// The fused dense node that <see cref="Dense.Apply"/> traces: one node, the unfused composition's
/// errors, second order through it (against the unfused composition), and a node swept more than
/// once or by several threads at once. Its bit-for-bit equality with the unfused composition is the
/// property FusedDenseProperties.
/// </summary>
public class FusedDenseTests
{
    public static TheoryData<string> ActivationNames => new() { "identity", "σ", "relu", "leakyrelu", "leakyrelu(-0.5)", "tanh", "softplus" };

    private static Activation ByName(string name) => name switch
    {
        "identity" => Activation.Identity,
        "σ" => Activation.Sigmoid,
        "relu" => Activation.Relu,
        "leakyrelu" => Activation.LeakyRelu,
        "leakyrelu(-0.5)" => Activation.LeakyReluOf(-0.5),
        "tanh" => Activation.Tanh,
        "softplus" => Activation.Softplus,
        _ => throw new ArgumentException(name),
    };

    private static Expr Unfused(Dense d, Expr x) => d.Activation.Apply(Ops.Add(Ops.MatMul(d.W, x), d.b));

    private static Dense Layer(Activation activation, int seed = 1)
    {
        var d = Layers.Dense(3, 2, activation, seed: seed);
        return d.With(Params.Of(d.b.With(Tensor.Vector(0.3, -0.4))));
    }

    [Fact]
    public void Apply_traces_one_node_whose_inputs_are_W_x_and_b()
    {
        var layer = Layer(Activation.Tanh);
        var x = new Param("x", Tensor.Randn(new Seed(2), 3, 4));
        var y = layer.Apply(x);
        Assert.Equal("Dense", y.Op);
        Assert.Equal(3, y.Inputs.Length);
        Assert.Same(layer.W, y.Inputs[0].Parameter);
        Assert.Same(x, y.Inputs[1].Parameter);
        Assert.Same(layer.b, y.Inputs[2].Parameter);
        Assert.Contains("Dense", Gradient.SecondOrderOps);
    }

    [Fact]
    public void Mixed_element_types_are_refused_with_the_unfused_composition_s_messages()
    {
        var layer = Layer(Activation.Relu);
        var x32 = Tensor.Randn(new Seed(3), 3, 4).ToFloat32();
        var expected = Assert.Throws<ArgumentException>(() => Unfused(layer, x32)).Message;
        Assert.StartsWith("MatMul:", expected);
        Assert.Equal(expected, Assert.Throws<ArgumentException>(() => layer.Apply(x32)).Message);
        Assert.Equal(expected, Assert.Throws<ArgumentException>(() => layer.Predict(x32)).Message);

        var mixed = new Dense(layer.W, new Param("b", Tensor.Vector(0.3, -0.4).ToFloat32()), Activation.Relu);
        var x = Tensor.Randn(new Seed(3), 3, 4);
        var add = Assert.Throws<ArgumentException>(() => Unfused(mixed, x)).Message;
        Assert.StartsWith("Add:", add);
        Assert.Equal(add, Assert.Throws<ArgumentException>(() => mixed.Apply(x)).Message);
        Assert.Equal(add, Assert.Throws<ArgumentException>(() => mixed.Predict(x)).Message);
    }

    [Theory, MemberData(nameof(ActivationNames))]
    public void Traced_gradients_and_the_Hessian_through_the_node_are_the_unfused_composition_s(string activation)
    {
        var layer = Layer(ByName(activation));
        var x = new Param("x", Tensor.Randn(new Seed(4), 3, 5));
        var c = Tensor.Randn(new Seed(5), 2, 5);
        var ps = Params.Of(layer.W, layer.b, x);
        Expr Fused() => Ops.Sum(Ops.Mul(Ops.Square(layer.Apply(x)), c));
        Expr Plain() => Ops.Sum(Ops.Mul(Ops.Square(Unfused(layer, x)), c));

        var traced = Gradient.Traced(Fused, ps);
        var plain = Gradient.Traced(Plain, ps);
        var first = Gradient.Of(Fused, ps);
        for (var i = 0; i < ps.Count; i++)
        {
            Assert.Equal(plain[i].Value, traced[i].Value);
            Assert.True(traced[i].Value.AllClose(first[ps[i]], 1e-12, 1e-14), $"{ps[i].Name}: {traced[i].Value} against {first[ps[i]]}");
        }
        var h = Gradient.Hessian(Fused, ps);
        var expected = Gradient.Hessian(Plain, ps);
        Assert.True(h.AllClose(expected, 1e-12, 1e-13), $"{activation}: largest difference {h.MaxAbsDifference(expected):G3}");
    }

    [Fact]
    public void A_Hessian_vector_product_through_the_node_agrees_with_central_differences()
    {
        var layer = Layer(Activation.Softplus);
        var x = new Param("x", Tensor.Randn(new Seed(6), 3));
        var ps = Params.Of(layer.W, layer.b, x);
        Expr Loss() => Ops.Sum(Ops.Square(layer.Apply(x)));
        var v = GradientCheck.RandomPoint(ps, 7);
        GradientCheck.Check(() => DirectionalGradient(Loss, ps, v), ps, subject: "∇L·v").ThrowIfFailed();
    }

    private static Expr DirectionalGradient(Func<Expr> loss, Params ps, Params v)
    {
        var g = Gradient.Traced(loss, ps);
        Expr total = 0.0;
        for (var i = 0; i < ps.Count; i++) total = Ops.Add(total, Ops.Sum(Ops.Mul(g[i], v[i].Value)));
        return total;
    }

    [Theory, MemberData(nameof(ActivationNames))]
    public void One_traced_expression_swept_again_and_by_several_threads_at_once_gives_the_same_gradient(string activation)
    {
        var layer = Layers.Dense(40, 30, ByName(activation), seed: 8);
        var x = new Param("x", Tensor.Randn(new Seed(9), 40, 33));
        var ps = Params.Of(layer.W, layer.b, x);
        var loss = Ops.Sum(Ops.Square(layer.Apply(x)));
        var once = Gradient.Of(loss, ps);
        var results = new Grads[16];
        Parallel.For(0, results.Length, i => results[i] = Gradient.Of(loss, ps));
        foreach (var g in results.Append(Gradient.Of(loss, ps)))
            foreach (var p in ps) Assert.Equal(once[p], g[p]);
    }

    [Fact]
    public void A_float32_leaky_relu_layer_s_gradient_widens_no_large_tensor_to_double()
    {
        var m = Layers.Chain(Layers.Dense(64, 48, Activation.LeakyRelu, seed: 10, elementType: ElementType.Float32), Layers.Dense(48, 10, seed: 11, elementType: ElementType.Float32));
        var x = Tensor.Randn(new Seed(12), 64, 40).ToFloat32();
        var y = Labels.OneHot([.. Enumerable.Range(0, 40).Select(i => i % 10)], 10).ToFloat32();
        var before = Tensor.LargeWideningCount;
        Gradient.Of(() => Losses.LogitCrossEntropy(m.Apply(x), y), m.Params());
        Assert.Equal(0, Tensor.LargeWideningCount - before);
    }
}
