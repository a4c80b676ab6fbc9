using System.Numerics.Tensors;

namespace Flux;

public static partial class Ops
{
    /// <summary><c>x.^2</c>. Pullback: <c>x̄ = 2x·ȳ</c>.</summary>
    public static Expr Square(Expr x)
    {
        Check(x);
        return Expr.Node("Square", x.Value.Mul(x.Value), static (node, dy, _) => Elementwise.Zip<TwiceProduct>(node.Inputs[0].Value, dy), x);
    }

    /// <summary><c>x.^p</c> for a constant p. Pullback: <c>x̄ = p·x^(p−1)·ȳ</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="p"/> is not finite.</exception>
    public static Expr Pow(Expr x, double p)
    {
        Check(x);
        if (!double.IsFinite(p)) throw new ArgumentException($"Pow: the exponent must be finite; got {p}.", nameof(p));
        var y = Tensor.Map(x.Value, p, static (s, p, d) => TensorPrimitives.Pow(s, p, d));
        return Expr.Node("Pow", y, new PowPullback(p).Pull, x);
    }

    /// <summary>Pow's pullback <c>x̄ = p·x^(p−1)·ȳ</c>, holding its exponent where the traced sweep can read it.</summary>
    internal sealed class PowPullback(double p)
    {
        public double P => p;

        public Tensor Pull(Expr node, Tensor dy, int _)
        {
            var slope = Tensor.Map(node.Inputs[0].Value, p - 1, static (s, q, d) => TensorPrimitives.Pow(s, q, d)) * p;
            return slope.Mul(dy);
        }
    }

    /// <summary><c>exp.(x)</c>. Pullback: <c>x̄ = y·ȳ</c>.</summary>
    public static Expr Exp(Expr x)
    {
        Check(x);
        var y = Tensor.Map(x.Value, 0, static (s, _, d) => TensorPrimitives.Exp(s, d));
        return Expr.Node("Exp", y, static (node, dy, _) => node.Value.Mul(dy), x);
    }

    /// <summary><c>log.(x)</c>, natural logarithm. Pullback: <c>x̄ = ȳ / x</c>.</summary>
    public static Expr Log(Expr x)
    {
        Check(x);
        var y = Tensor.Map(x.Value, 0, static (s, _, d) => TensorPrimitives.Log(s, d));
        return Expr.Node("Log", y, static (node, dy, _) => dy.Div(node.Inputs[0].Value), x);
    }

    /// <summary><c>sqrt.(x)</c>. Pullback: <c>x̄ = ȳ / (2y)</c>.</summary>
    public static Expr Sqrt(Expr x)
    {
        Check(x);
        var y = Tensor.Map(x.Value, 0, static (s, _, d) => TensorPrimitives.Sqrt(s, d));
        return Expr.Node("Sqrt", y, static (node, dy, _) => Elementwise.Zip<HalfQuotient>(dy, node.Value), x);
    }

    /// <summary><c>abs.(x)</c>. Pullback: <c>x̄ = sign(x)·ȳ</c> (0 at 0).</summary>
    public static Expr Abs(Expr x)
    {
        Check(x);
        var y = Tensor.Map(x.Value, 0, static (s, _, d) => TensorPrimitives.Abs(s, d));
        return Expr.Node("Abs", y, static (node, dy, _) => Elementwise.Zip<SignProduct>(node.Inputs[0].Value, dy), x);
    }

    private readonly struct TwiceProduct : IBinaryFn { public static double Apply(double x, double dy) => 2 * x * dy; }
    private readonly struct HalfQuotient : IBinaryFn { public static double Apply(double dy, double y) => dy / (2 * y); }
    private readonly struct SignProduct : IBinaryFn { public static double Apply(double x, double dy) => Math.Sign(x) * dy; }
}
