using Xunit;
using static Flux.Ops;

namespace Flux.Tests.Unit.Core;

/// <summary>The element types: conversions, the one mixing rule, IEEE float32 arithmetic and types carried through gradients, models and optimisers.</summary>
public class ElementTypeTests
{
    private static Tensor F32(params float[] values) => Tensor.FromSingleArray(values, values.Length);

    [Fact]
    public void Tensors_are_float64_unless_made_float32_and_conversions_round_to_nearest()
    {
        var x = Tensor.Vector(0.1, 1e39, -0.0, 3);
        Assert.Equal(ElementType.Float64, x.ElementType);
        var f = x.ToFloat32();
        Assert.Equal(ElementType.Float32, f.ElementType);
        Assert.Equal([0.1f, float.PositiveInfinity, -0.0f, 3f], f.SingleSpan.ToArray());
        Assert.Same(f, f.ToFloat32());
        Assert.Same(x, x.ToFloat64());
        Assert.Equal((double)0.1f, f.ToFloat64()[0]); // widening is exact
        Assert.Equal((double)0.1f, f[0]);
        Assert.Throws<InvalidOperationException>(() => x.SingleSpan.Length);
    }

    [Fact]
    public void Equal_values_of_two_types_are_not_equal_tensors()
    {
        var x = Tensor.Vector(1, 2);
        Assert.NotEqual(x, x.ToFloat32());
        Assert.Equal(x.ToFloat32(), Tensor.FromSingleArray([1f, 2f], 2));
        Assert.True(x.AllClose(x.ToFloat32()));
    }

    [Fact]
    public void Tensors_of_two_types_do_not_mix_and_the_message_names_both_and_the_operation()
    {
        var a = Tensor.Vector(1, 2, 3);
        var b = a.ToFloat32();
        var eager = Assert.Throws<ArgumentException>(() => a + b);
        Assert.Contains("Add", eager.Message);
        Assert.Contains("Float64 (shape (3,))", eager.Message);
        Assert.Contains("Float32 (shape (3,))", eager.Message);
        Assert.Contains("ToFloat32()", eager.Message);
        var traced = Assert.Throws<ArgumentException>(() => Mul(new Param("p", b), a));
        Assert.Contains("Float32", traced.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Matrix(new double[,] { { 1, 2 } }) * b);
    }

    [Fact]
    public void A_number_or_scalar_takes_the_other_operands_type_and_float32_wins_among_scalars()
    {
        var x = F32(1, 2, 3);
        Assert.Equal(ElementType.Float32, (x * 0.5).ElementType);
        Assert.Equal(ElementType.Float32, (2.0 - x).ElementType);
        Assert.Equal(ElementType.Float32, (x + Tensor.Scalar(1)).ElementType);
        var p = new Param("x", x);
        var loss = Sum(Square(p)) / 3.0;
        Assert.Equal(ElementType.Float32, loss.Value.ElementType);
        Assert.Equal(ElementType.Float32, (Tensor.Scalar(2).ToFloat32() * Tensor.Scalar(3)).ElementType);
        Assert.Equal(ElementType.Float64, (Tensor.Scalar(2) * Tensor.Scalar(3)).ElementType);
    }

    [Fact]
    public void Float32_arithmetic_is_ieee_binary32_bit_for_bit()
    {
        var random = new Random(7);
        var a = Enumerable.Range(0, 1000).Select(_ => (float)(random.NextDouble() * 20 - 10)).ToArray();
        var b = Enumerable.Range(0, 1000).Select(_ => (float)(random.NextDouble() * 20 + 0.1)).ToArray();
        Tensor ta = F32(a), tb = F32(b);
        Assert.Equal(a.Zip(b, (x, y) => x + y), (ta + tb).SingleSpan.ToArray());
        Assert.Equal(a.Zip(b, (x, y) => x - y), (ta - tb).SingleSpan.ToArray());
        Assert.Equal(a.Zip(b, (x, y) => x * y), ta.Mul(tb).SingleSpan.ToArray());
        Assert.Equal(a.Zip(b, (x, y) => x / y), ta.Div(tb).SingleSpan.ToArray());
        Assert.Equal(b.Select(MathF.Sqrt), Sqrt(tb).Value.SingleSpan.ToArray());
        Assert.Equal(a.Select(x => x * 0.1f), (ta * 0.1).SingleSpan.ToArray()); // the number rounds to float first, as in PyTorch
    }

    [Fact]
    public void A_float32_sum_is_accumulated_in_double_and_rounded_once()
    {
        // 1 followed by 2¹² copies of 2⁻²⁴: a float accumulator rounds each addition back to 1; the stated sum is 1 + 2⁻¹².
        var x = Enumerable.Repeat(1f, 1).Concat(Enumerable.Repeat(1f / (1 << 24), 1 << 12)).ToArray();
        var exact = 1.0 + (1 << 12) / (double)(1 << 24);
        Assert.Equal((float)exact, (float)F32(x).Sum());
        var naive = 0f;
        foreach (var v in x) naive += v;
        Assert.NotEqual(naive, (float)F32(x).Sum());
        Assert.Equal((float)exact, Sum(F32(x)).Value.SingleSpan[0]);
    }

    [Fact]
    public void Gradients_have_their_parameters_types_even_through_a_float64_scalar()
    {
        var w = new Param("w", F32(1, -2, 3));
        var s = new Param("s", Tensor.Scalar(0.5));
        var g = Gradient.Of(() => Sum(Square(w * s)), Params.Of(w, s));
        Assert.Equal(ElementType.Float32, g[w].ElementType);
        Assert.Equal(ElementType.Float64, g[s].ElementType);
        Assert.Equal([0.5f, -1f, 1.5f], g[w].SingleSpan.ToArray());
        Assert.Equal(ElementType.Float32, Grads.Zero(Params.Of(w))[w].ElementType);
    }

    [Fact]
    public void A_model_converts_in_one_call_keeping_identities_so_state_and_paths_follow()
    {
        var m = Layers.Chain(Layers.Dense(4, 3, Activation.Tanh, seed: 1), Layers.Dense(3, 2, seed: 2));
        var f = m.ToFloat32();
        Assert.All(f.Params(), p => Assert.Equal(ElementType.Float32, p.ElementType));
        Assert.Equal(m.Params().Select(p => p.Id), f.Params().Select(p => p.Id));
        Assert.Equal(m.Params().Paths.ToArray(), f.Params().Paths.ToArray());
        Assert.Same(f, f.ToFloat32());
        Assert.Equal(m.Params().Select(p => p.Value.ToFloat32()), f.Params().Select(p => p.Value));
        Assert.Equal(f.Params().Select(p => p.Value.ToFloat64()), f.ToFloat64().Params().Select(p => p.Value));
        var dense = Layers.Dense(4, 3, seed: 1, elementType: ElementType.Float32);
        Assert.Equal(((Dense)m.Layers[0]).W.Value.ToFloat32(), dense.W.Value);
        Assert.Equal(ElementType.Float32, dense.Predict(Tensor.Ones(4, 2).ToFloat32()).ElementType);
    }

    [Fact]
    public void Optimiser_state_follows_its_parameters_into_another_type_and_steps_stay_float32()
    {
        var m = Layers.Dense(3, 2, seed: 3);
        var opt = Optimisers.ADAM();
        var x = Tensor.Randn(new Seed(4), 3, 5);
        var state = opt.Init(m.Params());
        var (value, grads) = Gradient.ValueAndGradient(() => Losses.Mse(m.Apply(x), Tensor.Zeros(2, 5)), m.Params());
        (state, m) = opt.Step(state, m, grads);
        var f = m.ToFloat32();
        var converted = opt.ConvertedFor(state, f.Params());
        Assert.All(converted.ToNode().Slots, s => Assert.Equal(ElementType.Float32, s.Value.ElementType));
        Assert.Equal(state.ToNode().Slots.Select(s => s.Value.ToFloat32()), converted.ToNode().Slots.Select(s => s.Value));
        var x32 = x.ToFloat32();
        var g32 = Gradient.Of(() => Losses.Mse(f.Apply(x32), Tensor.Zeros(2, 5).ToFloat32()), f.Params());
        var (next, stepped) = opt.Step(converted, f, g32);
        Assert.All(stepped.Params(), p => Assert.Equal(ElementType.Float32, p.ElementType));
        Assert.All(next.ToNode().Slots, s => Assert.Equal(ElementType.Float32, s.Value.ElementType));
        Assert.True(value > 0);
    }

    [Fact]
    public void A_parameter_keeps_its_type_when_given_a_value_of_the_other()
    {
        var p = new Param("p", F32(1, 2));
        var q = p.With(Tensor.Vector(0.1, 0.2));
        Assert.Equal(ElementType.Float32, q.ElementType);
        Assert.Equal(p.Id, q.Id);
        Assert.Equal([0.1f, 0.2f], q.Value.SingleSpan.ToArray());
        Assert.Equal(ElementType.Float64, p.ToFloat64().ElementType);
        Assert.Equal(p.Id, p.ToFloat64().Id);
    }

    [Fact]
    public void The_gradient_check_uses_the_float_tolerance_for_float32_parameters_and_still_catches_a_wrong_derivative()
    {
        var x = Tensor.Randn(new Seed(5), 4, 3).ToFloat32();
        Assert.True(GradientCheck.Primitive(e => Tanh(e), x).ThrowIfFailed().Passed);
        Assert.Equal(GradientTolerance.Single, GradientCheck.Primitive(e => Tanh(e), x).Tolerance);
        // exp with a pullback twice too steep
        Assert.False(GradientCheck.Primitive(e => Expr.Primitive("twiceTooSteep", Exp(e).Value, (node, dy, _) => (node.Value * 2.0).Mul(dy), e), x).Passed);
    }

    [Fact]
    public void A_float32_training_epoch_runs_in_float32_widening_no_large_tensor_to_double()
    {
        var model = Layers.Chain(Layers.Dense(784, 128, Activation.Relu, seed: 1, elementType: ElementType.Float32), Layers.Dense(128, 10, seed: 2, elementType: ElementType.Float32));
        var data = new Dataset(Tensor.Rand(new Seed(3), 784, 256), Labels.OneHot([.. Enumerable.Range(0, 256).Select(i => i % 10)], 10)).ToFloat32();
        var before = Tensor.LargeWideningCount;
        var run = Training.Train(model, Optimisers.ADAM(), (m, x, y) => Losses.LogitCrossEntropy(m.Apply(x), y), data, epochs: 1, batchSize: 64, seed: 1);
        Assert.Equal(TrainingStop.Completed, run.Stop);
        Assert.Equal(0, Tensor.LargeWideningCount - before);
        Assert.All(run.Model.Params(), p => Assert.Equal(ElementType.Float32, p.ElementType));
        Assert.All(run.State.ToNode().Slots, s => Assert.Equal(ElementType.Float32, s.Value.ElementType));
    }

    [Fact]
    public void Slicing_concatenation_extrema_clamp_xlogy_and_leaky_relu_run_in_float32_without_widening_a_large_tensor()
    {
        var w = new Param("w", Tensor.Rand(new Seed(11), 40, 40).ToFloat32()); // 1,600 elements: above the widening counter's floor
        var losses = new (string Name, Func<Expr> Loss)[]
        {
            ("Rows", () => Sum(Rows(w, 3, 30))), ("Columns", () => Sum(Columns(w, 5, 33))), ("Element", () => Element(w, 7, 9)),
            ("VCat", () => Sum(VCat(w, w))), ("HCat", () => Sum(HCat(w, w))), ("Clamp", () => Sum(Clamp(w, 0.2, 0.7))),
            ("XLogY", () => Sum(XLogY(w, w + 1.0))), ("Maximum", () => Maximum(w)), ("Minimum along 1", () => Sum(Minimum(w, 1))),
            ("Maximum along 2", () => Sum(Maximum(w, 2))), ("Max", () => Sum(Max(w, w * 0.5))),
            ("LeakyRelu", () => Sum(LeakyRelu(w - 0.5, 0.1))),
        };
        foreach (var (name, loss) in losses)
        {
            var before = Tensor.LargeWideningCount;
            var value = loss().Value;
            var grad = Gradient.Of(loss, Params.Of(w))[w];
            Assert.True(Tensor.LargeWideningCount == before, $"{name} widened a large float32 tensor");
            Assert.Equal(ElementType.Float32, value.ElementType);
            Assert.True(grad.ElementType == ElementType.Float32, $"{name}'s gradient is {grad.ElementType}");
        }
    }

    [Fact]
    public void Every_eager_operation_on_float32_gives_float32()
    {
        var x = Tensor.Randn(new Seed(8), 3, 4).ToFloat32();
        var v = Tensor.Randn(new Seed(9), 3).ToFloat32();
        var results = new (string Name, Tensor Value)[]
        {
            ("transpose", x.Transpose()), ("select", x.Select(Math.Abs)), ("negate", -x), ("x + v", x + v), ("x - 1", x - 1),
            ("1 - x", 1.0 - x), ("x / 2", x / 2), ("xᵀ·v", x.Transpose() * v), ("mul", x.Mul(x)), ("div", x.Div(x + 10)),
            ("ScalarRule.Sigmoid", ScalarRule.Sigmoid.Evaluate(x)), ("Activation.Tanh", Activation.Tanh.Apply(x)),
            ("Activation.LeakyRelu", Activation.LeakyRelu.Apply(x)), ("softmax layer", Layers.Softmax.Predict(x)),
            ("Muon.Orthogonalise", Muon.Orthogonalise(x)), ("Dense.Predict", Layers.Dense(3, 2, seed: 1, elementType: ElementType.Float32).Predict(x)),
            ("Sum(x, 1)", Sum(x, 1).Value), ("Mean(x, 2)", Mean(x, 2).Value), ("Maximum", Maximum(x).Value), ("LogSoftmax", LogSoftmax(x).Value),
            ("Rows", Rows(x, 1, 2).Value), ("VCat", VCat(x, x).Value), ("Clamp", Clamp(x, -0.5, 0.5).Value), ("XLogY", XLogY(x, Abs(x)).Value),
        };
        Assert.All(results, r => Assert.True(r.Value.ElementType == ElementType.Float32, $"{r.Name} gave {r.Value.ElementType}"));
        Assert.Equal((float)x.Sum(), x.Sum());
        Assert.Equal(x, Tensor.FromMatrix(x.ToSingleMatrix()));
        Assert.Equal(v, Tensor.FromVector(v.ToSingleVector()));
        Assert.Equal(ElementType.Float32, Tensor.FromMatrix(MathNet.Numerics.LinearAlgebra.Matrix<float>.Build.Dense(2, 2, 1f)).ElementType);
    }
}
