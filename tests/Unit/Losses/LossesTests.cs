using Xunit;

namespace Flux.Tests.Unit;


public class LossesTests
{
    private static readonly Tensor Probabilities = Tensor.Matrix(new[,] { { 0.7, 0.1, 0.2 }, { 0.2, 0.8, 0.3 }, { 0.1, 0.1, 0.5 } });
    private static readonly Tensor OneHot = Labels.OneHot([0, 1, 2], 3);

    [Fact]
    public void Mse_is_the_mean_of_squared_differences()
    {
        var yhat = Tensor.Matrix(new[,] { { 1.0, 2.0 }, { 3.0, 4.0 } });
        var y = Tensor.Matrix(new[,] { { 0.0, 2.5 }, { 3.0, 1.0 } });
        Assert.Equal((1 + 0.25 + 0 + 9) / 4.0, Losses.Mse(yhat, y).Value.ToScalar(), 15);
    }

    [Fact]
    public void CrossEntropy_is_the_batch_mean_of_minus_sum_y_log_yhat()
    {
        var expected = -(Math.Log(0.7) + Math.Log(0.8) + Math.Log(0.5)) / 3;
        Assert.Equal(expected, Losses.CrossEntropy(Probabilities, OneHot).Value.ToScalar(), 14);

        var soft = Tensor.Matrix(new[,] { { 0.5, 0.0, 0.0 }, { 0.5, 1.0, 0.0 }, { 0.0, 0.0, 1.0 } });
        var expectedSoft = -(0.5 * Math.Log(0.7) + 0.5 * Math.Log(0.2) + Math.Log(0.8) + Math.Log(0.5)) / 3;
        Assert.Equal(expectedSoft, Losses.CrossEntropy(Probabilities, soft).Value.ToScalar(), 14);
    }

    [Fact]
    public void CrossEntropy_ignores_a_zero_probability_where_the_target_is_zero()
    {
        var yhat = Tensor.Vector(1.0, 0.0);
        var y = Tensor.Vector(1.0, 0.0);
        var p = new Param("ŷ", yhat);
        var (loss, grads) = Gradient.ValueAndGradient(() => Losses.CrossEntropy(p, y), Params.Of(p));
        Assert.Equal(0.0, loss);
        Assert.True(grads[p].IsFinite());
        Assert.Equal(double.PositiveInfinity, Losses.CrossEntropy(Tensor.Vector(0.0, 1.0), y).Value.ToScalar());
    }

    [Fact]
    public void LogitCrossEntropy_equals_CrossEntropy_of_softmax_and_stays_finite()
    {
        var logits = Tensor.Randn(new Seed(3), 4, 6) * 2.0;
        var y = Labels.OneHot([0, 3, 1, 2, 2, 0], 4);
        var direct = Losses.CrossEntropy(Ops.Softmax(logits), y).Value.ToScalar();
        Assert.Equal(direct, Losses.LogitCrossEntropy(logits, y).Value.ToScalar(), 12);

        var huge = Tensor.Matrix(new[,] { { 1000.0 }, { -1000.0 } });
        Assert.Equal(2000.0, Losses.LogitCrossEntropy(huge, Tensor.Matrix(new[,] { { 0.0 }, { 1.0 } })).Value.ToScalar(), 9);
    }

    [Fact]
    public void BinaryCrossEntropy_by_hand_and_from_logits()
    {
        var yhat = Tensor.Vector(0.9, 0.2, 0.6);
        var y = Tensor.Vector(1.0, 0.0, 1.0);
        var expected = -(Math.Log(0.9) + Math.Log(0.8) + Math.Log(0.6)) / 3;
        Assert.Equal(expected, Losses.BinaryCrossEntropy(yhat, y).Value.ToScalar(), 15);

        var logits = Tensor.Vector(2.0, -1.0, 0.5, -3.0);
        var targets = Tensor.Vector(1.0, 0.0, 0.3, 1.0);
        var viaSigmoid = Losses.BinaryCrossEntropy(Ops.Sigmoid(logits), targets).Value.ToScalar();
        Assert.Equal(viaSigmoid, Losses.LogitBinaryCrossEntropy(logits, targets).Value.ToScalar(), 14);
        Assert.Equal(800.0 / 2, Losses.LogitBinaryCrossEntropy(Tensor.Vector(-800.0, 0.0), Tensor.Vector(1.0, 0.5)).Value.ToScalar(), 0);
        Assert.Equal(0.0, Losses.BinaryCrossEntropy(Tensor.Vector(1.0, 0.0), Tensor.Vector(1.0, 0.0)).Value.ToScalar());
    }

    [Fact]
    public void A_shape_mismatch_names_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Losses.Mse(Tensor.Zeros(3, 2), Tensor.Zeros(2, 3)));
        Assert.Contains("(3, 2)", e.Message);
        Assert.Contains("(2, 3)", e.Message);
        Assert.Contains("Mse", e.Message);
        Assert.Throws<ArgumentException>(() => Losses.CrossEntropy(Tensor.Zeros(3), Tensor.Zeros(3, 1)));
    }

    [Fact]
    public void OneHot_and_OneCold_are_inverse()
    {
        int[] labels = [2, 0, 1, 1];
        var y = Labels.OneHot(labels, 3);
        Assert.Equal(Shape.Matrix(3, 4), y.Shape);
        Assert.Equal(1.0, y[2, 0]);
        Assert.Equal(4.0, y.Sum());
        Assert.Equal(labels, Labels.OneCold(y));

        string[] classes = ["cat", "dog", "emu"];
        var z = Labels.OneHot(["emu", "cat"], classes);
        Assert.Equal(["emu", "cat"], Labels.OneCold(z, classes));
        Assert.Throws<ArgumentOutOfRangeException>(() => Labels.OneHot([3], 3));
        var e = Assert.Throws<ArgumentException>(() => Labels.OneHot(["yak"], classes));
        Assert.Contains("yak", e.Message);
    }

    [Fact]
    public void OneCold_takes_the_first_of_ties_and_skips_NaN()
    {
        Assert.Equal([1, 1], Labels.OneCold(Tensor.Matrix(new[,] { { 0.2, double.NaN }, { 0.5, 0.1 }, { 0.5, 0.0 } })));
        Assert.Equal([0], Labels.OneCold(Tensor.Vector(3.0, 3.0)));
    }

    [Fact]
    public void Accuracy_is_the_fraction_of_matching_argmaxes()
    {
        Assert.Equal(1.0, Metrics.Accuracy(Probabilities, OneHot));
        Assert.Equal(2.0 / 3, Metrics.Accuracy(Probabilities, Labels.OneHot([0, 1, 0], 3)), 15);
        Assert.Throws<ArgumentException>(() => Metrics.Accuracy(Probabilities, Tensor.Zeros(3, 2)));
    }
}
