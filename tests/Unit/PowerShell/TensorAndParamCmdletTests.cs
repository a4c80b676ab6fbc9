using Xunit;
using System.Management.Automation;

namespace Flux.Tests.Unit.PowerShell;

public sealed class TensorAndParamCmdletTests : IDisposable
{
    private readonly PowerShellSession _ps = new();

    public void Dispose() => _ps.Dispose();

    [Fact]
    public void NewTensor_values_fill_the_shape_column_by_column()
    {
        var t = _ps.Single<Tensor>("New-Tensor -Shape 2, 3 -Value 1, 2, 3, 4, 5, 6");
        Assert.Equal(Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3), t);
        Assert.Equal(3.0, t[0, 1]);
    }

    [Fact]
    public void NewTensor_binds_numbers_from_the_pipeline()
    {
        Assert.Equal(Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3), _ps.Single<Tensor>("1..6 | New-Tensor -Shape 2, 3"));
        Assert.Equal(Tensor.Vector(0.5, 1.5), _ps.Single<Tensor>("0.5, 1.5 | New-Tensor"));
    }

    [Fact]
    public void NewTensor_without_a_shape_is_a_vector_and_an_empty_shape_a_scalar()
    {
        Assert.Equal(Tensor.Vector(1, 2), _ps.Single<Tensor>("New-Tensor -Value 1, 2"));
        Assert.Equal(Tensor.Scalar(2), _ps.Single<Tensor>("New-Tensor -Shape @() -Value 2"));
    }

    [Fact]
    public void NewTensor_random_samples_are_reproducible_under_a_seed()
    {
        Assert.Equal(Tensor.Rand(new Seed(1), 2, 5), _ps.Single<Tensor>("New-Tensor -Shape 2, 5 -Random -Seed 1"));
        Assert.Equal(Tensor.Randn(new Seed(7), 3), _ps.Single<Tensor>("New-Tensor -Shape 3 -Randn -Seed 7"));
        Assert.Equal(Tensor.Zeros(2, 2), _ps.Single<Tensor>("New-Tensor -Shape 2, 2 -Zeros"));
        Assert.Equal(Tensor.Ones(4), _ps.Single<Tensor>("New-Tensor 4 -Ones"));
    }

    [Fact]
    public void NewTensor_without_a_seed_reports_the_seed_it_drew()
    {
        var (output, _) = _ps.Run("New-Tensor -Shape 3 -Random -Verbose 4>&1");
        var verbose = Assert.Single(output, o => o.BaseObject is VerboseRecord);
        Assert.Matches(@"using -Seed \d+", ((VerboseRecord)verbose.BaseObject).Message);
    }

    [Fact]
    public void NewTensor_with_too_few_values_writes_an_error_naming_the_shape_and_the_session_goes_on()
    {
        var error = _ps.Error("New-Tensor -Shape 2, 3 -Value 1, 2");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("InvalidTensorValues,Flux.PowerShell.Commands.NewTensorCommand", error.FullyQualifiedErrorId);
        Assert.Equal([1.0, 2.0], Assert.IsType<double[]>(error.TargetObject));
        Assert.Contains("(2, 3)", error.Exception.Message);
        Assert.Equal(Tensor.Ones(1), _ps.Single<Tensor>("New-Tensor 1 -Ones"));
    }

    [Theory]
    [InlineData("New-Tensor -Shape 2, 3, 4 -Zeros", "Shape")]
    [InlineData("New-Tensor -Shape -1 -Zeros", "Shape")]
    [InlineData("New-Tensor -Shape 2 -Zeros -Random", "")]
    public void NewTensor_rejects_bad_parameters_at_binding(string script, string parameter)
    {
        var error = _ps.Error(script);
        Assert.IsAssignableFrom<ParameterBindingException>(error.Exception);
        Assert.Contains(parameter, error.Exception.Message);
    }

    [Fact]
    public void NewParam_wraps_a_tensor_from_a_parameter_or_the_pipeline()
    {
        var w = _ps.Single<Param>("New-Param -Name W -Value (New-Tensor -Shape 2, 5 -Random -Seed 1)");
        Assert.Equal(("W", Tensor.Rand(new Seed(1), 2, 5)), (w.Name, w.Value));
        var b = _ps.Single<Param>("New-Tensor -Shape 2 -Zeros | New-Param -Name b");
        Assert.Equal(("b", Tensor.Zeros(2)), (b.Name, b.Value));
    }

    [Fact]
    public void NewParam_initialises_from_a_shape_and_a_seed()
    {
        Assert.Equal(Tensor.Randn(new Seed(7), 3, 4), _ps.Single<Param>("New-Param -Name W -Shape 3, 4 -Init Randn -Seed 7").Value);
        Assert.Equal(Tensor.Rand(new Seed(2), 2), _ps.Single<Param>("New-Param W -Shape 2 -Seed 2").Value);
        Assert.Equal(Tensor.Zeros(2, 1), _ps.Single<Param>("New-Param W -Shape 2, 1 -Init Zeros").Value);
    }

    [Theory]
    [InlineData("New-Param -Name '' -Shape 2", "Name")]
    [InlineData("New-Param -Name W -Shape 2 -Init Glorot", "Init")]
    public void NewParam_rejects_bad_parameters_at_binding(string script, string parameter)
    {
        var error = _ps.Error(script);
        Assert.IsAssignableFrom<ParameterBindingException>(error.Exception);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains(parameter, error.Exception.Message);
    }

    [Fact]
    public void UpdateParam_adds_the_delta_and_keeps_the_identity()
    {
        var w = new Param("W", Tensor.Vector(1, 2));
        var updated = _ps.Set("W", w).Single<Param>("Update-Param -Param $W -Delta (New-Tensor -Value 0.5, -1)");
        Assert.True(updated.SameIdentity(w));
        Assert.Equal(Tensor.Vector(1.5, 1), updated.Value);
        Assert.Equal(Tensor.Vector(1, 2), w.Value);
    }

    [Fact]
    public void UpdateParam_takes_a_gradient_step_for_each_parameter_from_the_pipeline()
    {
        Param w = new("W", Tensor.Vector(1, 2)), b = new("b", Tensor.Scalar(3));
        var g = Grads.Of((w, Tensor.Vector(10, 20)), (b, Tensor.Scalar(30)));
        var result = _ps.Set("W", w).Set("b", b).Set("g", g).Eval("$W, $b | Update-Param -Gradient $g -Eta 0.1");
        Assert.Equal([Tensor.Vector(0, 0), Tensor.Scalar(0)], result.Cast<Param>().Select(p => p.Value));
    }

    [Fact]
    public void UpdateParam_with_a_delta_of_another_shape_names_both_shapes()
    {
        var delta = Tensor.Vector(1, 2, 3);
        var error = _ps.Set("W", new Param("W", Tensor.Zeros(2))).Set("d", delta).Error("Update-Param $W $d");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Same(delta, error.TargetObject);
        Assert.Contains("(2,)", error.Exception.Message);
        Assert.Contains("(3,)", error.Exception.Message);
    }

    [Fact]
    public void UpdateParam_without_a_gradient_for_the_parameter_is_not_found()
    {
        var w = new Param("W", Tensor.Zeros(2));
        var error = _ps.Set("W", w).Set("g", Grads.Empty).Error("$W | Update-Param -Gradient $g");
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Same(w, error.TargetObject);
        Assert.Contains("W", error.Exception.Message);
    }
}
