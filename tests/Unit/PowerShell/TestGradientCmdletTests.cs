using Xunit;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>Test-Gradient, and custom rules defined from PowerShell script blocks.</summary>
public sealed class TestGradientCmdletTests : IDisposable
{
    private const string DefineSoftsign = """
        $softsign = [Flux.ScalarRule]::Define('softsign',
            [Func[double,double]]{ param($x) $x / (1 + [math]::Abs($x)) },
            [Func[double,double,double]]{ param($x, $y) 1 / [math]::Pow(1 + [math]::Abs($x), 2) })
        """;

    private readonly PowerShellSession _ps = new();
    private readonly Param _w = new("W", Tensor.Randn(new Seed(1), 2, 5)), _b = new("b", Tensor.Randn(new Seed(2), 2));

    public TestGradientCmdletTests() => _ps.Set("W", _w).Set("b", _b).Set("x", Tensor.Randn(new Seed(3), 5, 4)).Set("y", Tensor.Randn(new Seed(4), 2, 4));

    public void Dispose() => _ps.Dispose();

    [Fact]
    public void The_seed_loss_passes_and_the_report_is_an_object()
    {
        var r = _ps.Single<GradientCheckResult>("Test-Gradient -Loss { ($W * $x + $b - $y).Square().Sum() } -Param $W, $b");
        Assert.True(r.Passed, r.ToString());
        Assert.Equal(12, r.ElementsChecked);
        Assert.Equal(true, Assert.Single(_ps.Eval("(Test-Gradient { ($W * $x + $b - $y).Square().Mean() } $W, $b).Passed")));
    }

    [Fact]
    public void Params_bind_from_the_pipeline_and_tolerances_can_be_tightened()
    {
        var r = _ps.Single<GradientCheckResult>("$W, $b | Test-Gradient -Loss { ($W * $x + $b - $y).Square().Sum() } -RelativeTolerance 1e-7");
        Assert.Equal(1e-7, r.Tolerance.Relative);
        Assert.Equal(GradientTolerance.Double.Absolute, r.Tolerance.Absolute);
    }

    [Fact]
    public void A_model_is_checked_with_all_its_parameters()
    {
        _ps.Set("m", Layers.Chain(Layers.Dense(5, 3, Activation.Tanh, seed: 1), Layers.Dense(3, 2, seed: 2)));
        var r = _ps.Single<GradientCheckResult>("$m | Test-Gradient -Loss { param($model) ($model.Apply($x) - $y).Square().Mean() }");
        Assert.True(r.Passed, r.ToString());
        Assert.Equal(5 * 3 + 3 + 3 * 2 + 2, r.ElementsChecked);
    }

    [Fact]
    public void A_scalar_rule_from_script_blocks_is_checked_and_used_in_a_loss()
    {
        var r = _ps.Single<GradientCheckResult>(DefineSoftsign + "\n$softsign | Test-Gradient -At (New-Tensor 7, 3 -Randn -Seed 1)");
        Assert.True(r.Passed, r.ToString());
        Assert.Equal("softsign", r.Subject);
        var g = _ps.Single<Grads>(DefineSoftsign + "\nGet-Gradient -Loss { $softsign.Apply($W * $x + $b).Sum() } -Param $W, $b");
        var softsign = ScalarRule.Define("softsign", x => x / (1 + Math.Abs(x)), (x, _) => 1 / Math.Pow(1 + Math.Abs(x), 2));
        var x = Tensor.Randn(new Seed(3), 5, 4);
        var expected = Gradient.Of(() => softsign.Apply(_w * x + _b).Sum(), Params.Of(_w, _b));
        Assert.True(expected[_w].AllClose(g[_w], 1e-12), "the script-block rule agrees with the C# one");
    }

    [Fact]
    public void A_wrong_rule_from_a_script_block_fails_and_names_the_element()
    {
        var r = _ps.Single<GradientCheckResult>("""
            $wrong = [Flux.ScalarRule]::Define('cube', [Func[double,double]]{ param($x) $x * $x * $x }, [Func[double,double,double]]{ param($x, $y) 2 * $x * $x })
            Test-Gradient -Rule $wrong -At (New-Tensor 3 -Value 1, 2, 3)
            """);
        Assert.False(r.Passed);
        Assert.Equal("x0[2]", r.Worst!.Element);
        Assert.Equal(18.0, r.Worst.Analytic, 12);
        Assert.Equal(27.0, r.Worst.Numeric, 6);
        Assert.StartsWith("✗ cube: 3 of 3 elements disagree", r.ToString());
        var error = _ps.Error("$r = Test-Gradient -Rule $wrong -At (New-Tensor 3 -Value 1, 2, 3); $r.ThrowIfFailed()");
        Assert.Contains("∂/∂x0[2]", error.ToString());
    }

    [Fact]
    public void A_primitive_with_a_script_block_pullback_traces_and_differentiates()
    {
        var g = _ps.Single<Grads>("""
            $double = { param($e) [Flux.Expr]::Primitive('double', $e.Value * 2, [Flux.Pullback]{ param($node, $dy, $i) $dy * 2 }, $e) }
            Get-Gradient -Loss { (& $double ($W * $x)).Sum() } -Param $W
            """);
        var x = Tensor.Randn(new Seed(3), 5, 4);
        Assert.Equal(Gradient.Of(() => (_w * x * 2.0).Sum(), Params.Of(_w))[_w], g[_w]);
    }

    [Fact]
    public void The_Hessian_of_a_small_loss_through_a_script_block_rule_is_a_static_call()
    {
        var h = _ps.Single<Tensor>("""
            $softsign = [Flux.ScalarRule]::Define('softsign',
                [Func[double,double]]{ param($x) $x / (1 + [math]::Abs($x)) },
                [Func[double,double,double]]{ param($x, $y) 1 / [math]::Pow(1 + [math]::Abs($x), 2) },
                [Func[Flux.Expr,Flux.Expr,Flux.Expr]]{ param($x, $y) [Flux.Ops]::Div(1, (1 + $x.Abs()).Square()) })
            $v = New-Param v (New-Tensor 3 -Value 0.5, -1, 2)
            [Flux.Gradient]::Hessian([Func[Flux.Expr]]{ $softsign.Apply($v).Sum() }, [Flux.Params]::Of([Flux.Param[]]@($v)))
            """);
        // softsign″(x) = −2 sign(x) / (1 + |x|)³ on the diagonal, zero elsewhere
        double[] x = [0.5, -1, 2];
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
                Assert.Equal(i == j ? -2 * Math.Sign(x[i]) / Math.Pow(1 + Math.Abs(x[i]), 3) : 0, h[i, j], 12);
    }

    [Fact]
    public void A_loss_that_is_not_a_scalar_is_an_error_record()
    {
        var error = _ps.Error("Test-Gradient -Loss { $W * $x } -Param $W");
        Assert.Equal("GradientCheckFailed,Flux.PowerShell.Commands.TestGradientCommand", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void A_report_prints_as_a_table_of_subject_result_and_worst_element()
    {
        var text = string.Concat(_ps.Eval("Test-Gradient -Loss { ($W * $x + $b - $y).Square().Sum() } -Param $W, $b | Out-String").Select(o => o.ToString()));
        Assert.Matches(@"Subject\s+Passed\s+Elements\s+Mismatches\s+Worst", text);
        Assert.Contains("True", text);
    }
}
