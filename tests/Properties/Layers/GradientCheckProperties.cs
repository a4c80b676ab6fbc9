using FsCheck.Xunit;

namespace Flux.Tests.Properties;

/// <summary>
/// Finite-difference checks (the public <see cref="GradientCheck"/> kit) through every layer, every
/// activation and every loss, in each element type (the subclasses below); the chains use the
/// closure form, as a user writes a loss for Gradient.Of.
/// </summary>
public abstract class GradientCheckProperties(ElementType type)
{
    private const int Cases = 25;

    private Tensor In(Tensor t) => t.ToElementType(type);

    // batch 0: x is a single feature vector.
    private void CheckDense(int seed, Activation activation, int batch = 5)
    {
        var layer = Layers.Dense(3, 4, activation, seed: seed, elementType: type);
        // A nonzero bias so that it matters, and inputs as a parameter so ∂x is checked too.
        layer = layer.With(Params.Of(layer.b.With(In(Tensor.Randn(new Seed(seed + 1), 4)) * 0.5)));
        var x = new Param("x", In(batch == 0 ? Tensor.Randn(new Seed(seed + 2), 3) : Tensor.Randn(new Seed(seed + 2), 3, batch)));
        var c = In(batch == 0 ? Tensor.Randn(new Seed(seed + 3), 4) : Tensor.Randn(new Seed(seed + 3), 4, batch));
        if (activation is Activation.ReluCase or Activation.LeakyReluCase)
        {
            var z = (layer.W.Value * x.Value + layer.b.Value).ToArray();
            if (z.Any(v => Math.Abs(v) < Math.Max(1e-3, 10 * GradientTolerance.For(type).Step))) return; // too near the kink for a difference quotient
        }
        var ps = Params.Of(layer.Params().Append(x));
        GradientCheck.Check(q => Ops.Sum(Ops.Mul(layer.With(q).Apply(q[x]), c)), ps).ThrowIfFailed();
    }

    [Property(MaxTest = Cases)] public void Dense_identity(int seed) => CheckDense(seed, Activation.Identity);
    [Property(MaxTest = Cases)] public void Dense_sigmoid(int seed) => CheckDense(seed, Activation.Sigmoid);
    [Property(MaxTest = Cases)] public void Dense_relu(int seed) => CheckDense(seed, Activation.Relu);
    [Property(MaxTest = Cases)] public void Dense_leakyrelu(int seed) => CheckDense(seed, Activation.LeakyRelu);
    [Property(MaxTest = Cases)] public void Dense_leakyrelu_of_a_slope(int seed) => CheckDense(seed, Activation.LeakyReluOf(0.3));
    [Property(MaxTest = Cases)] public void Dense_tanh(int seed) => CheckDense(seed, Activation.Tanh);
    [Property(MaxTest = Cases)] public void Dense_softplus(int seed) => CheckDense(seed, Activation.Softplus);
    [Property(MaxTest = Cases)] public void Dense_leakyrelu_of_a_negative_slope(int seed) => CheckDense(seed, Activation.LeakyReluOf(-0.5));

    // A single feature vector, and a batch of one column, through every activation.
    [Property(MaxTest = Cases)]
    public void Dense_on_a_feature_vector_and_a_batch_of_one(int seed)
    {
        foreach (var activation in new[] { Activation.Identity, Activation.Sigmoid, Activation.Relu, Activation.LeakyRelu, Activation.Tanh, Activation.Softplus })
        {
            CheckDense(seed, activation, batch: 0);
            CheckDense(seed, activation, batch: 1);
        }
    }

    [Property(MaxTest = Cases)]
    public void Softmax_layer(int seed)
    {
        var x = new Param("x", In(Tensor.Randn(new Seed(seed), 4, 3)) * 2.0);
        var c = In(Tensor.Randn(new Seed(seed + 1), 4, 3));
        GradientCheck.Check(q => Ops.Sum(Ops.Mul(Layers.Softmax.Apply(q[x]), c)), Params.Of(x)).ThrowIfFailed();
    }

    [Property(MaxTest = Cases)]
    public void Chain_with_cross_entropy(int seed)
    {
        var m = Layers.Chain(Layers.Dense(3, 4, Activation.Tanh, seed: seed, elementType: type), Layers.Dense(4, 3, Activation.Sigmoid, seed: seed + 1, elementType: type), Layers.Softmax);
        var x = In(Tensor.Randn(new Seed(seed + 2), 3, 6));
        var y = In(Labels.OneHot([0, 1, 2, 2, 1, 0], 3));
        GradientCheck.Check(() => Losses.CrossEntropy(m.Apply(x), y), m.Params()).ThrowIfFailed();
    }

    [Property(MaxTest = Cases)]
    public void Nested_chain_with_logit_cross_entropy(int seed)
    {
        var m = Layers.Chain(Layers.Chain(Layers.Dense(2, 3, Activation.Softplus, seed: seed, elementType: type)), Layers.Dense(3, 2, seed: seed + 1, elementType: type));
        var x = In(Tensor.Randn(new Seed(seed + 2), 2, 4));
        var y = In(Labels.OneHot([1, 0, 1, 1], 2));
        GradientCheck.Check(() => Losses.LogitCrossEntropy(m.Apply(x), y), m.Params()).ThrowIfFailed();
    }

    private Tensor Probabilities(int seed, int rows, int cols) => Ops.Softmax(In(Tensor.Randn(new Seed(seed), rows, cols))).Value;

    private Tensor Open01(int seed, params int[] shape) => In(Tensor.Uniform(new Seed(seed), 0.05, 0.95, shape));

    [Property(MaxTest = Cases)]
    public void Mse_in_both_arguments(int seed)
    {
        var yhat = new Param("ŷ", In(Tensor.Randn(new Seed(seed), 3, 4)));
        var y = new Param("y", In(Tensor.Randn(new Seed(seed + 1), 3, 4)));
        GradientCheck.Check(q => Losses.Mse(q[yhat], q[y]), Params.Of(yhat, y)).ThrowIfFailed();
    }

    [Property(MaxTest = Cases)]
    public void CrossEntropy_in_both_arguments(int seed)
    {
        var yhat = new Param("ŷ", Probabilities(seed, 3, 4));
        var y = new Param("y", Probabilities(seed + 1, 3, 4));
        GradientCheck.Check(q => Losses.CrossEntropy(q[yhat], q[y]), Params.Of(yhat, y)).ThrowIfFailed();
    }

    [Property(MaxTest = Cases)]
    public void LogitCrossEntropy_in_both_arguments(int seed)
    {
        var logits = new Param("x", In(Tensor.Randn(new Seed(seed), 3, 4)) * 3.0);
        var y = new Param("y", Probabilities(seed + 1, 3, 4));
        GradientCheck.Check(q => Losses.LogitCrossEntropy(q[logits], q[y]), Params.Of(logits, y)).ThrowIfFailed();
    }

    [Property(MaxTest = Cases)]
    public void BinaryCrossEntropy_in_both_arguments(int seed)
    {
        var yhat = new Param("ŷ", Open01(seed, 2, 5));
        var y = new Param("y", Open01(seed + 1, 2, 5));
        GradientCheck.Check(q => Losses.BinaryCrossEntropy(q[yhat], q[y]), Params.Of(yhat, y)).ThrowIfFailed();
    }

    [Property(MaxTest = Cases)]
    public void LogitBinaryCrossEntropy_in_both_arguments(int seed)
    {
        var logits = new Param("x", In(Tensor.Randn(new Seed(seed), 2, 5)) * 3.0);
        var y = new Param("y", Open01(seed + 1, 2, 5));
        GradientCheck.Check(q => Losses.LogitBinaryCrossEntropy(q[logits], q[y]), Params.Of(logits, y)).ThrowIfFailed();
    }

    [Property(MaxTest = Cases)]
    public void XLogY_in_both_arguments(int seed)
    {
        var x = new Param("x", In(Tensor.Randn(new Seed(seed), 3, 3)));
        var y = new Param("y", Open01(seed + 1, 3, 3) * 4.0);
        GradientCheck.Check(q => Ops.Sum(Ops.XLogY(q[x], q[y])), Params.Of(x, y)).ThrowIfFailed();
    }

    [Property(MaxTest = Cases)]
    public void User_written_layer(int seed)
    {
        var layer = new Flux.Tests.Properties.Scale(new Param("α", In(Tensor.Randn(new Seed(seed), 3))), new Param("β", In(Tensor.Randn(new Seed(seed + 1), 3))));
        var m = Layers.Chain(layer, Layers.Dense(3, 2, Activation.Tanh, seed: seed, elementType: type));
        var x = In(Tensor.Randn(new Seed(seed + 2), 3, 4));
        GradientCheck.Check(() => Losses.Mse(m.Apply(x), In(Tensor.Zeros(2, 4))), m.Params()).ThrowIfFailed();
    }
}

/// <summary>The layer and loss checks in float64.</summary>
public sealed class GradientCheckPropertiesFloat64() : GradientCheckProperties(ElementType.Float64);

/// <summary>The layer and loss checks in float32, with the float tolerance.</summary>
public sealed class GradientCheckPropertiesFloat32() : GradientCheckProperties(ElementType.Float32);

/// <summary>A user-written layer, <c>y = α .* x .+ β</c>.</summary>
public sealed record Scale(Param Alpha, Param Beta) : ILayer
{
    public Expr Apply(Expr x) => Ops.Add(Ops.Mul(Alpha, x), Beta);
    public Tensor Predict(Tensor x) => Alpha.Value.Mul(x) + Beta.Value;
    public Params Params() => Flux.Params.Of(Alpha, Beta);
    public IModel With(Params ps) => new Scale(ps.Contains(Alpha) ? ps[Alpha] : Alpha, ps.Contains(Beta) ? ps[Beta] : Beta);
}
