using Xunit;

namespace Flux.Tests.Unit;

public class ActivationTests
{
    public static TheoryData<Activation> All => new()
    {
        Activation.Identity, Activation.Sigmoid, Activation.Relu, Activation.LeakyRelu,
        Activation.Tanh, Activation.Softplus, Activation.LeakyReluOf(0.2),
    };

    [Theory, MemberData(nameof(All))]
    public void The_tensor_form_equals_the_traced_form(Activation f)
    {
        var x = Tensor.Randn(new Seed(5), 4, 6) * 3.0;
        Assert.Equal(f.Apply((Expr)x).Value, f.Apply(x));
    }

    [Fact]
    public void Cases_are_values_with_Julia_names()
    {
        Assert.Equal(Activation.Relu, Activation.Relu);
        Assert.Equal(Activation.LeakyRelu, Activation.LeakyReluOf(0.01));
        Assert.NotEqual(Activation.LeakyRelu, Activation.LeakyReluOf(0.2));
        Assert.Equal(["identity", "σ", "relu", "leakyrelu", "tanh", "softplus"],
            new[] { Activation.Identity, Activation.Sigmoid, Activation.Relu, Activation.LeakyRelu, Activation.Tanh, Activation.Softplus }.Select(a => a.ToString()));
        Assert.Equal(0.2, ((Activation.LeakyReluCase)Activation.LeakyReluOf(0.2)).Alpha);
        Assert.Throws<ArgumentException>(() => Activation.LeakyReluOf(double.NaN));
    }

    [Fact]
    public void LeakyRelu_of_a_slope_scales_negative_inputs()
    {
        var y = Activation.LeakyReluOf(0.2).Apply(Tensor.Vector(-2.0, 3.0));
        Assert.Equal(Tensor.Vector(-0.4, 3.0), y);
    }

    [Fact]
    public void A_switch_over_the_cases_is_exhaustive_by_construction()
    {
        static string Describe(Activation a) => a switch
        {
            Activation.IdentityCase => "linear",
            Activation.SigmoidCase or Activation.TanhCase => "saturating",
            Activation.ReluCase or Activation.LeakyReluCase or Activation.SoftplusCase => "rectifying",
            _ => throw new System.Diagnostics.UnreachableException(),
        };
        Assert.Equal("saturating", Describe(Activation.Tanh));
        Assert.Equal("rectifying", Describe(Activation.Softplus));
    }
}
