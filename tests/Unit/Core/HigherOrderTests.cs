using Xunit;
using static Flux.Ops;

namespace Flux.Tests.Unit.Core;

/// <summary>Gradients of gradients: traced gradients, Hessian-vector products, Hessians, Jacobians, a gradient penalty.</summary>
public class HigherOrderTests
{
    private static readonly ScalarRule Softsign = ScalarRule.Define("softsign",
        x => x / (1 + Math.Abs(x)), (x, _) => 1 / Math.Pow(1 + Math.Abs(x), 2),
        (x, _) => Div(1.0, Square(1.0 + Abs(x))));

    [Fact]
    public void The_Hessian_of_a_quadratic_is_its_matrix()
    {
        var a = Tensor.Matrix(new double[,] { { 4, 1, 0.5 }, { 1, 3, -1 }, { 0.5, -1, 2 } });
        var x = new Param("x", Tensor.Vector(0.3, -1.2, 2.0));
        var h = Gradient.Hessian(() => 0.5 * Sum(Mul(x, MatMul(a, x))), Params.Of(x));
        Assert.True(h.AllClose(a, 1e-12, 1e-12), h.ToString());
    }

    [Fact]
    public void Traced_gradients_have_the_values_of_the_first_order_sweep()
    {
        var w = new Param("W", Tensor.Randn(new Seed(1), 3, 4));
        var b = new Param("b", Tensor.Randn(new Seed(2), 3));
        var x = Tensor.Randn(new Seed(3), 4, 5);
        Expr Loss() => Mean(Square(Tanh(w * x + b) - 0.5)) + Sum(Log(Exp(Sigmoid(b)) + Softplus(w).Sum()));
        var ps = Params.Of(w, b);
        var traced = Gradient.Traced(Loss, ps);
        var g = Gradient.Of(Loss, ps);
        Assert.True(traced[0].Value.AllClose(g[w], 1e-12, 1e-14));
        Assert.True(traced[1].Value.AllClose(g[b], 1e-12, 1e-14));
    }

    [Fact]
    public void A_Hessian_vector_product_agrees_with_central_differences_of_the_gradient()
    {
        var w = new Param("W", Tensor.Randn(new Seed(4), 2, 3) * 0.7);
        var b = new Param("b", Tensor.Randn(new Seed(5), 2));
        var x = Tensor.Randn(new Seed(6), 3, 4);
        Expr Loss() => Sum(Square(Sigmoid(w * x + b))) + Sum(Div(Square(b), Sqrt(Square(w).Sum() + 1.0)));
        var ps = Params.Of(w, b);
        var v = Grads.Of((w, Tensor.Randn(new Seed(7), 2, 3)), (b, Tensor.Randn(new Seed(8), 2)));
        // The kit checks ∇(∇L · v) = H·v against central differences of ∇L · v, in one call.
        GradientCheck.Check(() => Sum(Mul(Gradient.Traced(Loss, ps)[0], v[w])) + Sum(Mul(Gradient.Traced(Loss, ps)[1], v[b])), ps).ThrowIfFailed();
        var hv = Gradient.Hvp(Loss, ps, v);
        var h = Gradient.Hessian(Loss, ps);
        var flat = h * Tensor.Vector([.. v[w].ToArray(), .. v[b].ToArray()]);
        Assert.True(Tensor.Vector([.. hv[w].ToArray(), .. hv[b].ToArray()]).AllClose(flat, 1e-10, 1e-12));
        Assert.True(h.AllClose(h.Transpose(), 1e-10, 1e-12), "a Hessian is symmetric");
    }

    [Fact]
    public void The_Hessian_of_a_small_loss_goes_through_a_custom_rule()
    {
        var w = new Param("W", Tensor.Randn(new Seed(1), 2, 2));
        var x = Tensor.Randn(new Seed(2), 2, 3);
        Expr Loss() => Sum(Square(Softsign.Apply(w * x) - 0.25));
        var h = Gradient.Hessian(Loss, Params.Of(w));
        Assert.Equal(Shape.Matrix(4, 4), h.Shape);
        for (var j = 0; j < 4; j++)
        {
            // column j is ∇(∂L/∂W_j): checked against central differences of ∂L/∂W_j by the kit
            var e = new double[4];
            e[j] = 1;
            var ej = Tensor.FromArray(e, 2, 2);
            GradientCheck.Check(() => Sum(Mul(Gradient.Traced(Loss, Params.Of(w))[0], ej)), Params.Of(w)).ThrowIfFailed();
        }
        Assert.True(h.AllClose(h.Transpose(), 1e-10, 1e-12));
    }

    [Fact]
    public void A_gradient_penalty_trains_end_to_end()
    {
        // L(W) = mse(W x, y) + λ‖∇ₓ mse‖², the input gradient's norm in the loss (as WGAN-GP does).
        var w = new Param("W", Tensor.Randn(new Seed(1), 2, 3));
        var xp = new Param("x", Tensor.Randn(new Seed(2), 3, 5));
        var y = Tensor.Randn(new Seed(3), 2, 5);
        var ps = Params.Of(w);
        Expr Penalised(Param wNow)
        {
            var gx = Gradient.Traced(() => Losses.Mse(Tanh(wNow * xp), y), Params.Of(xp))[0];
            return Losses.Mse(Tanh(wNow * xp), y) + 0.1 * Sum(Square(gx));
        }
        GradientCheck.Check(() => Penalised(w), ps).ThrowIfFailed();
        var opt = Optimisers.SGD(0.2);
        var state = opt.Init(ps);
        var first = Penalised(ps[0]).Value.ToScalar();
        for (var step = 0; step < 50; step++)
            (state, ps) = opt.Step(state, ps, Gradient.Of(() => Penalised(ps[0]), ps));
        Assert.True(Penalised(ps[0]).Value.ToScalar() < first);
    }

    [Fact]
    public void The_Jacobian_of_a_linear_map_is_its_matrix()
    {
        var a = Tensor.Randn(new Seed(1), 3, 4);
        var x = new Param("x", Tensor.Randn(new Seed(2), 4));
        Assert.Equal(a, Gradient.Jacobian(() => MatMul(a, x), Params.Of(x)));
        var j = Gradient.Jacobian(() => Tanh(x), Params.Of(x));
        var y = Tanh(x.Value).Value;
        for (var i = 0; i < 4; i++) Assert.Equal(1 - y[i] * y[i], j[i, i], 15);
    }

    [Fact]
    public void A_primitive_without_a_traced_pullback_is_named()
    {
        // Every library primitive has a traced pullback; a custom primitive's pullback works on tensors.
        var x = new Param("x", Tensor.Randn(new Seed(1), 3));
        static Expr Twice(Expr e) => Expr.Primitive("twice", e.Value * 2.0, static (_, dy, _) => dy * 2.0, e);
        Assert.Equal(Tensor.Fill(2.0, 3), Gradient.Of(() => Sum(Twice(x)), Params.Of(x))[x]);
        var e = Assert.Throws<NotSupportedException>(() => Gradient.Hvp(() => Sum(Square(Twice(x))), Params.Of(x), Grads.Of((x, Tensor.Ones(3)))));
        Assert.Contains("twice is a custom primitive", e.Message);
        var plain = ScalarRule.Define("plain", Math.Sin, (x, _) => Math.Cos(x));
        Assert.Contains("plain", Assert.Throws<NotSupportedException>(() => Gradient.Hessian(() => Sum(plain.Apply(x)), Params.Of(x))).Message);
    }
}
