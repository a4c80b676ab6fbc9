using Xunit;
using static Flux.Ops;

namespace Flux.Tests.Unit.Core;

/// <summary>
/// Second order through Pow, XLogY, the piecewise primitives (LeakyRelu, Clamp, Max, Min and the extrema)
/// and slicing and concatenation: the traced pullbacks take the first-order subgradients at ties and
/// kinks, and their Hessians are the closed forms.
/// </summary>
public class HigherOrderPrimitiveTests
{
    // The gradient of L = sum(w .* f(x…)²) by both sweeps, at points chosen on the kinks.
    private static (Tensor[] Traced, Tensor[] First) BothSweeps(Func<Expr[], Expr> f, params Tensor[] at)
    {
        var ps = Params.Of(at.Select((x, i) => new Param($"x{i}", x)));
        var w = Tensor.Uniform(new Seed(5), 0.5, 1.5, f([.. ps.Select(p => (Expr)p)]).Shape.Dims);
        Expr Loss() => Sum(Mul(Square(f([.. ps.Select(p => (Expr)p)])), w));
        var first = Gradient.Of(Loss, ps);
        return ([.. Gradient.Traced(Loss, ps).Select(g => g.Value)], [.. ps.Select(p => first[p])]);
    }

    private static Tensor V(params double[] v) => Tensor.Vector(v);

    private static Tensor M(double[,] m) => Tensor.Matrix(m);

    [Fact]
    public void At_ties_and_kinks_the_traced_pullbacks_equal_the_first_order_ones_bit_for_bit()
    {
        var cases = new (string Name, Func<Expr[], Expr> F, Tensor[] At)[]
        {
            ("Relu at 0", xs => Relu(xs[0]), [V(-1, 0, 0, 2, -0.0)]),
            ("LeakyRelu at 0 and −0", xs => LeakyRelu(xs[0], 0.1), [V(-1, 0, 2, -0.0)]),
            ("Clamp on its bounds", xs => Clamp(xs[0], -0.5, 0.7), [V(-0.5, 0.7, -1, 1, 0.2)]),
            ("Max at ties", xs => Max(xs[0], xs[1]), [V(1, 2, 3, -1), V(1, 0, 3, 4)]),
            ("Min at ties", xs => Min(xs[0], xs[1]), [V(1, 2, 3, -1), V(1, 0, 3, 4)]),
            ("Maximum at a repeated maximum", xs => Maximum(xs[0]), [V(3, 1, 3, -2)]),
            ("Minimum at a repeated minimum", xs => Minimum(xs[0]), [M(new double[,] { { -2, 1 }, { 3, -2 } })]),
            ("Maximum along columns at ties", xs => Maximum(xs[0], 1), [M(new double[,] { { 2, 5, 1 }, { 2, 1, 1 } })]),
            ("Minimum along rows at ties", xs => Minimum(xs[0], 2), [M(new double[,] { { 2, 5, 2 }, { 1, 1, 3 } })]),
            ("Pow", xs => Pow(xs[0], 2.5), [V(0.5, 1, 2)]),
            ("Pow with p = 1 at 0", xs => Pow(xs[0], 1), [V(0, -1, 2)]),
            ("Rows", xs => Rows(xs[0], 1, 2), [Tensor.Randn(new Seed(1), 4, 3)]),
            ("Columns", xs => Columns(xs[0], 1, 2), [Tensor.Randn(new Seed(2), 3, 4)]),
            ("Element", xs => xs[0][2, 1] * xs[0].Element(0), [Tensor.Randn(new Seed(3), 3, 2)]),
            ("VCat", xs => VCat(xs[0], xs[1], xs[0]), [Tensor.Randn(new Seed(4), 2, 3), Tensor.Randn(new Seed(5), 1, 3)]),
            ("HCat", xs => HCat(xs[0], xs[1]), [Tensor.Randn(new Seed(6), 3, 2), Tensor.Randn(new Seed(7), 3)]),
        };
        foreach (var (name, f, at) in cases)
        {
            var (traced, first) = BothSweeps(f, at);
            for (var i = 0; i < at.Length; i++) Assert.True(first[i] == traced[i], $"{name}, x{i}: first order {first[i]}, traced {traced[i]}");
        }
    }

    [Fact]
    public void Where_a_broadcast_is_summed_or_a_logarithm_taken_they_agree_to_rounding()
    {
        // Max against a scalar and a column sums ȳ back (another summation order); XLogY's log(y) is
        // TensorPrimitives' where the first-order pullback calls Math.Log; at x = 0 a zero may differ in sign.
        var cases = new (string Name, Func<Expr[], Expr> F, Tensor[] At)[]
        {
            ("Max against a scalar, at ties", xs => Max(xs[0], xs[1]), [M(new double[,] { { 1, 2 }, { 0.5, 1 } }), Tensor.Scalar(1)]),
            ("Min against a column, at ties", xs => Min(xs[0], xs[1]), [M(new double[,] { { 1, 2 }, { 0.5, 1 } }), V(1, 0.5)]),
            ("XLogY at x = 0 and y = 0", xs => XLogY(xs[0], xs[1]), [V(0, 0, 1, 0.5), V(0, 2, 3, 0.5)]),
        };
        foreach (var (name, f, at) in cases)
        {
            var (traced, first) = BothSweeps(f, at);
            for (var i = 0; i < at.Length; i++)
                for (var k = 0; k < at[i].Length; k++)
                {
                    double a = first[i][k], b = traced[i][k];
                    Assert.True(double.IsNaN(a) ? double.IsNaN(b) : Math.Abs(a - b) <= 1e-15 * Math.Max(1, Math.Abs(a)), $"{name}, x{i}[{k}]: first order {a}, traced {b}");
                }
        }
    }

    private static Tensor Diagonal(params double[] d)
    {
        var h = new double[d.Length * d.Length];
        for (var i = 0; i < d.Length; i++) h[i * d.Length + i] = d[i];
        return Tensor.FromArray(h, d.Length, d.Length);
    }

    private static void Close(Tensor expected, Tensor actual) =>
        Assert.True(actual.AllClose(expected, 1e-12, 1e-12), $"expected {expected}, got {actual}");

    [Fact]
    public void The_Hessian_of_a_sum_of_powers_is_diagonal()
    {
        // ∂²/∂x² sum(x.^p) = p(p − 1)x^(p−2)
        var x = new Param("x", V(0.5, 1.5, 2));
        const double p = 2.5;
        Close(Diagonal([.. x.Value.ToArray().Select(v => p * (p - 1) * Math.Pow(v, p - 2))]), Gradient.Hessian(() => Sum(Pow(x, p)), Params.Of(x)));
    }

    [Fact]
    public void The_Hessians_of_the_piecewise_primitives_are_their_slopes_squared()
    {
        // sum(f(x)²) for a piecewise-linear f has the Hessian diag(2·f′(x)²): the kinks' masks are constants.
        var x = new Param("x", V(-1, 0.2, 0.9, -0.3, 3));
        var ps = Params.Of(x);
        Close(Diagonal(0.02, 2, 2, 0.02, 2), Gradient.Hessian(() => Sum(Square(LeakyRelu(x, 0.1))), ps));
        Close(Diagonal(0, 2, 0, 2, 0), Gradient.Hessian(() => Sum(Square(Clamp(x, -0.5, 0.7))), ps));
        Close(Diagonal(0, 0, 0, 0, 2), Gradient.Hessian(() => Square(Maximum(x)), ps));
        Close(Diagonal(2, 0, 0, 0, 0), Gradient.Hessian(() => Square(Minimum(x)), ps));

        // max(a, b) with a tie at the last element, where the first operand takes it: H over (a, b).
        var a = new Param("a", V(1, -2, 0.5));
        var b = new Param("b", V(0, 1, 0.5));
        Close(Diagonal(2, 0, 2, 0, 2, 0), Gradient.Hessian(() => Sum(Square(Max(a, b))), Params.Of(a, b)));
        Close(Diagonal(0, 2, 2, 2, 0, 0), Gradient.Hessian(() => Sum(Square(Min(a, b))), Params.Of(a, b)));

        // the largest of each column of [1 5; 4 2] is at flat indices 1 and 2
        var m = new Param("m", M(new double[,] { { 1, 5 }, { 4, 2 } }));
        Close(Diagonal(0, 2, 2, 0), Gradient.Hessian(() => Sum(Square(Maximum(m, 1))), Params.Of(m)));
        Close(Diagonal(2, 0, 0, 2), Gradient.Hessian(() => Sum(Square(Minimum(m, 2))), Params.Of(m)));
        Close(Diagonal(0, 1, 0, 1, 0), Gradient.Jacobian(() => Clamp(x, -0.5, 0.7), ps));
    }

    [Fact]
    public void The_Hessian_of_xlogy_is_its_closed_form_also_where_x_is_zero()
    {
        // L = Σ x log y: ∂²L/∂x∂y = 1/y, ∂²L/∂y² = −x/y², ∂²L/∂x² = 0; at x = 0 the mixed term is still 1/y.
        double[] xv = [0, 0.5, 2], yv = [2, 0.5, 3];
        var x = new Param("x", V(xv));
        var y = new Param("y", V(yv));
        var expected = new double[36];
        for (var i = 0; i < 3; i++)
        {
            expected[(i + 3) * 6 + i] = expected[i * 6 + i + 3] = 1 / yv[i];
            expected[(i + 3) * 6 + i + 3] = -xv[i] / (yv[i] * yv[i]);
        }
        Close(Tensor.FromArray(expected, 6, 6), Gradient.Hessian(() => Sum(XLogY(x, y)), Params.Of(x, y)));

        // where x = 0 and y = 0 the term is the constant 0 (the convention): finite, no NaN from 0/0
        var z = new Param("z", V(0, 2));
        Close(Diagonal(0, -0.25), Gradient.Hessian(() => Sum(XLogY(V(0, 1), z)), Params.Of(z)));
    }

    [Fact]
    public void The_Hessians_through_slices_and_concatenations_count_each_element_s_uses()
    {
        var x = new Param("x", Tensor.Randn(new Seed(1), 4));
        var ps = Params.Of(x);
        Close(Diagonal(0, 2, 2, 0), Gradient.Hessian(() => Sum(Square(Rows(x, 1, 2))), ps));
        // sum(x[0:2] .* x[2:4]): the Hessian pairs element i with element i + 2
        var pairs = new double[16];
        pairs[0 * 4 + 2] = pairs[2 * 4 + 0] = pairs[1 * 4 + 3] = pairs[3 * 4 + 1] = 1;
        Close(Tensor.FromArray(pairs, 4, 4), Gradient.Hessian(() => Sum(Mul(Rows(x, 0, 2), Rows(x, 2, 2))), ps));

        var m = new Param("m", Tensor.Randn(new Seed(2), 2, 3));
        Close(Diagonal(0, 0, 2, 2, 0, 0), Gradient.Hessian(() => Sum(Square(Columns(m, 1, 1))), Params.Of(m)));
        Close(Diagonal(0, 2, 0, 0, 0, 0), Gradient.Hessian(() => Square(((Expr)m)[1, 0]), Params.Of(m)));

        var a = new Param("a", Tensor.Randn(new Seed(3), 2));
        var b = new Param("b", Tensor.Randn(new Seed(4), 1));
        var c = new Param("c", Tensor.Randn(new Seed(5), 2));
        Close(Diagonal(4, 4, 2), Gradient.Hessian(() => Sum(Square(VCat(a, b, a))), Params.Of(a, b)));
        Close(Diagonal(2, 2, 4, 4), Gradient.Hessian(() => Sum(Square(HCat(a, c, c))), Params.Of(a, c)));
    }

    [Fact]
    public void Slices_and_powers_differentiate_to_third_order()
    {
        // L = Σ x[0:2]⁴; ∇L = 4x³ on the slice; the Hessian of Σ ∇L is diag(24x) there: a Hessian of a traced gradient.
        var x = new Param("x", V(0.5, -1, 2));
        var ps = Params.Of(x);
        Expr Loss() => Sum(Pow(Rows(x, 0, 2), 4));
        Close(Diagonal(12, -24, 0), Gradient.Hessian(() => Sum(Gradient.Traced(Loss, ps)[0]), ps));

        // through the masks too: L = Σ clamp(x)⁴ + Σ max(x, 0.6)⁴ gives diag(24x) where each passes x
        var y = new Param("y", V(0.5, -1, 0.65));
        Expr Masked() => Sum(Pow(Clamp(y, -0.5, 0.7), 4)) + Sum(Pow(Max(y, 0.6), 4));
        Close(Diagonal(12, 0, 2 * 24 * 0.65), Gradient.Hessian(() => Sum(Gradient.Traced(Masked, Params.Of(y))[0]), Params.Of(y)));
    }
}
