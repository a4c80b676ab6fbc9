using System.Collections;
using System.Management.Automation;
using Xunit;
using static Flux.Ops;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>The issue's "done when" from PowerShell: softsign as a rule, checked, trained, its Hessian; Get-Hessian; a gradient penalty.</summary>
public sealed class HigherOrderCmdletTests : IDisposable
{
    // softsign(x) = x / (1 + |x|), with f′ = 1 / (1 + |x|)² also in traced operations, so it differentiates twice.
    private const string DefineSoftsign = """
        $softsign = [Flux.ScalarRule]::Define('softsign',
            [Func[double,double]]{ param($x) $x / (1 + [math]::Abs($x)) },
            [Func[double,double,double]]{ param($x, $y) 1 / [math]::Pow(1 + [math]::Abs($x), 2) },
            [Func[Flux.Expr,Flux.Expr,Flux.Expr]]{ param($x, $y) [Flux.Ops]::Div(1, (1 + $x.Abs()).Square()) })
        """;

    private readonly PowerShellSession _ps = new();

    public void Dispose() => _ps.Dispose();

    // A script's hashtable holds its values as PSObjects.
    private static T Get<T>(Hashtable outcome, string key) => (T)(outcome[key] is PSObject o ? o.BaseObject : outcome[key])!;

    [Fact]
    public void Softsign_is_defined_checked_trained_in_a_layer_and_its_Hessian_taken()
    {
        var outcome = _ps.Single<Hashtable>(DefineSoftsign + """

            $check = $softsign | Test-Gradient -At (New-Tensor 7, 3 -Randn -Seed 1)
            $W = New-Param -Name W -Value (New-Tensor -Shape 2, 3 -Randn -Seed 2)
            $b = New-Param -Name b -Value (New-Tensor -Shape 2 -Value 0, 0)
            $x = New-Tensor -Shape 3, 8 -Randn -Seed 3
            $y = $softsign.Evaluate((New-Tensor -Shape 2, 3 -Randn -Seed 4) * $x)
            $loss = { ($softsign.Apply($W * $x + $b) - $y).Square().Mean() }
            $layer = Test-Gradient -Loss $loss -Param $W, $b
            $first = (& $loss).Value.ToScalar()
            $opt = New-Optimiser -Type ADAM -LearningRate 0.05
            $state = $null
            foreach ($i in 1..100) {
                $step = Invoke-Optimiser -Optimiser $opt -Param $W, $b -Gradient (Get-Gradient -Loss $loss -Param $W, $b) -State $state
                $state = $step.State; $W, $b = $step.Param
            }
            $v = New-Param -Name v -Value (New-Tensor -Value 0.5, -1, 2)
            @{ Check = $check; Layer = $layer; First = $first; Last = (& $loss).Value.ToScalar()
               Hessian = Get-Hessian -Loss { $softsign.Apply($v).Sum() } -Param $v
               LayerHessian = Get-Hessian -Loss $loss -Param $b }
            """);
        Assert.True(Get<GradientCheckResult>(outcome, "Check").Passed);
        Assert.True(Get<GradientCheckResult>(outcome, "Layer").Passed, Get<GradientCheckResult>(outcome, "Layer").ToString());
        Assert.True(Get<double>(outcome, "Last") < 0.2 * Get<double>(outcome, "First"), $"loss {outcome["First"]} → {outcome["Last"]}");
        // softsign″(x) = −2 sign(x) / (1 + |x|)³ on the diagonal, zero elsewhere
        var h = Get<Tensor>(outcome, "Hessian");
        double[] v = [0.5, -1, 2];
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
                Assert.Equal(i == j ? -2 * Math.Sign(v[i]) / Math.Pow(1 + Math.Abs(v[i]), 3) : 0, h[i, j], 12);
        var layerHessian = Get<Tensor>(outcome, "LayerHessian");
        Assert.Equal(Shape.Matrix(2, 2), layerHessian.Shape);
        Assert.True(layerHessian.AllClose(layerHessian.Transpose(), 1e-12, 1e-14));
    }

    [Fact]
    public void Get_Hessian_with_a_vector_is_the_Hessian_vector_product()
    {
        var v = new Param("v", Tensor.Vector(0.3, -0.7, 1.1));
        var d = Tensor.Vector(1, 2, -1);
        _ps.Set("v", v).Set("d", Grads.Of((v, d)));
        var hv = _ps.Single<Grads>("$v | Get-Hessian -Loss { $v.Square().Exp().Sum() } -Vector $d");
        // L = Σ exp(v²): H = diag((2 + 4v²) exp(v²))
        var expected = v.Value.ToArray().Select((x, i) => (2 + 4 * x * x) * Math.Exp(x * x) * d[i]).ToArray();
        Assert.True(hv[v].AllClose(Tensor.Vector(expected), 1e-12));
        var h = _ps.Single<Tensor>("Get-Hessian { $v.Square().Exp().Sum() } $v");
        Assert.True((h * d).AllClose(hv[v], 1e-12));
    }

    [Fact]
    public void A_gradient_penalty_trains_end_to_end()
    {
        // L(W) = mse(tanh(W x), y) + λ‖∇ₓ mse‖², the input gradient from Get-Gradient -Traced inside the loss.
        var w = new Param("W", Tensor.Randn(new Seed(1), 2, 3));
        var xp = new Param("x", Tensor.Randn(new Seed(2), 3, 5));
        var y = Tensor.Randn(new Seed(3), 2, 5);
        _ps.Set("W", w).Set("xp", xp).Set("y", y);
        var outcome = _ps.Single<Hashtable>("""
            $penalised = {
                $gx = $xp | Get-Gradient -Loss { [Flux.Losses]::Mse($W.MatMul($xp).Tanh(), $y) } -Traced
                [Flux.Losses]::Mse($W.MatMul($xp).Tanh(), $y) + 0.1 * $gx.Square().Sum()
            }
            $check = Test-Gradient -Loss $penalised -Param $W
            $g = Get-Gradient -Loss $penalised -Param $W
            $first = (& $penalised).Value.ToScalar()
            foreach ($i in 1..30) { $W = $W | Update-Param -Gradient (Get-Gradient -Loss $penalised -Param $W) -LearningRate 0.2 }
            @{ Check = $check; Gradient = $g; First = $first; Last = (& $penalised).Value.ToScalar() }
            """);
        Assert.True(Get<GradientCheckResult>(outcome, "Check").Passed, Get<GradientCheckResult>(outcome, "Check").ToString());
        Expr Penalised() => Losses.Mse(Tanh(w * xp), y) + 0.1 * Sum(Square(Gradient.Traced(() => Losses.Mse(Tanh(w * xp), y), Params.Of(xp))[0]));
        Assert.True(Gradient.Of(Penalised, Params.Of(w))[w].AllClose(Get<Grads>(outcome, "Gradient")[w], 1e-12), "the script's gradient is the library's");
        Assert.True(Get<double>(outcome, "Last") < Get<double>(outcome, "First"), $"loss {outcome["First"]} → {outcome["Last"]}");
    }

    [Fact]
    public void A_primitive_without_a_traced_pullback_is_an_error_record_naming_it()
    {
        var error = _ps.Error("""
            $v = New-Param v (New-Tensor -Value 1, 2)
            $double = { param($e) [Flux.Expr]::Primitive('double', $e.Value * 2, [Flux.Pullback]{ param($node, $dy, $i) $dy * 2 }, $e) }
            Get-Hessian -Loss { (& $double $v).Square().Sum() } -Param $v
            """);
        Assert.Equal("HessianFailed,Flux.PowerShell.Commands.GetHessianCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.NotImplemented, error.CategoryInfo.Category);
        Assert.Contains("double is a custom primitive", error.ToString());
    }
}
