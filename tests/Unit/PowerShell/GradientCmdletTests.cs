using Xunit;
using System.Management.Automation;

namespace Flux.Tests.Unit.PowerShell;

public sealed class GradientCmdletTests : IDisposable
{
    private readonly PowerShellSession _ps = new();
    private readonly Param _w = new("W", Tensor.Rand(new Seed(1), 2, 5)), _b = new("b", Tensor.Rand(new Seed(2), 2));
    private readonly Tensor _x = Tensor.Rand(new Seed(3), 5), _y = Tensor.Rand(new Seed(4), 2);

    public GradientCmdletTests() => _ps.Set("W", _w).Set("b", _b).Set("x", _x).Set("y", _y);

    public void Dispose() => _ps.Dispose();

    private Grads Expected() => Gradient.Of(() => (_w * _x + _b - _y).Square().Sum(), Params.Of(_w, _b));

    [Fact]
    public void The_seed_loss_traces_in_a_script_block_and_matches_the_library()
    {
        var g = _ps.Single<Grads>("Get-Gradient -Loss { ($W * $x + $b - $y).Square().Sum() } -Param $W, $b");
        var expected = Expected();
        Assert.Equal(expected[_w], g[_w]);
        Assert.Equal(expected[_b], g[_b]);
    }

    [Fact]
    public void Grads_are_indexable_by_the_param_in_the_script()
    {
        var t = _ps.Single<Tensor>("$g = Get-Gradient -Loss { ($W * $x + $b - $y).Square().Sum() } -Param $W, $b; $g[$W]");
        Assert.Equal(Expected()[_w], t);
    }

    [Fact]
    public void Params_bind_from_the_pipeline()
    {
        var g = _ps.Single<Grads>("$W, $b | Get-Gradient -Loss { ($W * $x + $b - $y).Square().Sum() }");
        Assert.Equal([_w.Id, _b.Id], g.Keys.Select(p => p.Id));
        Assert.Equal(Expected()[_b], g[_b]);
    }

    [Theory]
    [InlineData("$y - $W * $x + $b")]
    [InlineData("0.1 * $W")]
    [InlineData("-$W")]
    [InlineData("-($W * $x)")]
    [InlineData("1 - $b")]
    [InlineData("$y * 2 + $W.Value * $x - $b")]
    [InlineData("($W * $x / 2).Sigmoid().Mean()")]
    [InlineData("2 * $W + $W * 3 - 1")]
    public void Operators_with_params_trace_whatever_sits_on_the_left(string expression)
    {
        Assert.IsType<Expr>(Assert.Single(_ps.Eval(expression)));
    }

    [Fact]
    public void Operators_on_tensors_alone_stay_eager()
    {
        Assert.Equal(0.1 * _x, _ps.Single<Tensor>("0.1 * $x"));
        Assert.Equal(-_x, _ps.Single<Tensor>("-$x"));
        Assert.Equal(_y - _y, _ps.Single<Tensor>("$y - $y"));
    }

    [Fact]
    public void Gradients_of_negation_and_scaling_are_right()
    {
        var g = _ps.Single<Grads>("Get-Gradient -Loss { (-$b).Sum() + (0.5 * $b).Sum() } -Param $b");
        Assert.Equal(Tensor.Fill(-0.5, 2), g[_b]);
    }

    [Fact]
    public void A_loss_that_is_not_a_scalar_is_an_error_naming_its_shape()
    {
        var error = _ps.Error("Get-Gradient -Loss { $W * $x + $b } -Param $W");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.IsType<ScriptBlock>(error.TargetObject);
        Assert.Contains("(2,)", error.Exception.Message);
    }

    [Fact]
    public void A_loss_returning_something_else_is_an_invalid_operation()
    {
        var error = _ps.Error("Get-Gradient -Loss { 'loss' } -Param $W");
        Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
        Assert.Contains("System.String", error.Exception.Message);
        Assert.Contains("2 objects", _ps.Error("Get-Gradient -Loss { 1; 2 } -Param $W").Exception.Message);
    }

    [Fact]
    public void A_shape_error_inside_the_loss_reports_the_library_message_and_the_session_goes_on()
    {
        var error = _ps.Error("Get-Gradient -Loss { ($x * $W).Sum() } -Param $W");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("(5,)", error.Exception.Message);
        Assert.Contains("(2, 5)", error.Exception.Message);
        Assert.IsType<Grads>(Assert.Single(_ps.Eval("Get-Gradient -Loss { $b.Value.Sum() * 0 + ($b - $y).Square().Sum() } -Param $b")));
    }

    [Fact]
    public void An_empty_param_list_is_rejected_at_binding()
    {
        var error = _ps.Error("Get-Gradient -Loss { $b.Sum() } -Param @()");
        Assert.IsAssignableFrom<ParameterBindingException>(error.Exception);
    }
}
