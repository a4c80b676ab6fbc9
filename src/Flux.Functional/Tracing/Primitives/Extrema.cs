using System.Numerics.Tensors;

namespace Flux;

public static partial class Ops
{
    /// <summary>
    /// <c>max.(a, b)</c>: the elementwise maximum, with broadcasting as <see cref="Add"/>. NaN in either
    /// operand gives NaN. Pullback: <c>ā = reduce(ȳ where a ≥ b)</c>, <c>b̄ = reduce(ȳ where a &lt; b)</c>.
    /// At a tie (<c>a = b</c>) the whole adjoint goes to the first operand <paramref name="a"/>, the
    /// subgradient <c>(1, 0)</c>; where an operand is NaN the adjoint goes to it.
    /// </summary>
    public static Expr Max(Expr a, Expr b)
    {
        Check(a, b);
        return Expr.Node("Max", Broadcast.Apply<MaxOp>(a.Value, b.Value), static (node, dy, i) => i == 0
            ? PullExtreme<FirstIfGreaterOrEqual>(node, dy, 0)
            : PullExtreme<SecondIfLess>(node, dy, 1), a, b);
    }

    /// <summary>
    /// <c>min.(a, b)</c>: the elementwise minimum, with broadcasting. Pullback: <c>ā = reduce(ȳ where a ≤ b)</c>,
    /// <c>b̄ = reduce(ȳ where a &gt; b)</c>; at a tie the adjoint goes to the first operand <paramref name="a"/>.
    /// </summary>
    public static Expr Min(Expr a, Expr b)
    {
        Check(a, b);
        return Expr.Node("Min", Broadcast.Apply<MinOp>(a.Value, b.Value), static (node, dy, i) => i == 0
            ? PullExtreme<FirstIfLessOrEqual>(node, dy, 0)
            : PullExtreme<SecondIfGreater>(node, dy, 1), a, b);
    }

    /// <summary>
    /// <c>clamp.(x, lo, hi) = min(max(x, lo), hi)</c> for constants <c>lo ≤ hi</c>. Pullback: <c>x̄ = ȳ</c>
    /// where <c>lo ≤ x ≤ hi</c> (bounds included, as ChainRules), else 0 (also 0 where x is NaN).
    /// </summary>
    /// <exception cref="ArgumentException">A bound is NaN, or <c>lo &gt; hi</c>.</exception>
    public static Expr Clamp(Expr x, double lo, double hi)
    {
        Check(x);
        if (double.IsNaN(lo) || double.IsNaN(hi) || lo > hi)
            throw new ArgumentException($"Clamp: the bounds must satisfy lo ≤ hi; got lo = {lo}, hi = {hi}.", nameof(lo));
        var bounds = new ClampPullback(lo, hi);
        return Expr.Node("Clamp", bounds.Forward(x.Value), bounds.Pull, x);
    }

    /// <summary>Clamp's forward value and pullback, holding its bounds where the traced sweep can read them.</summary>
    internal sealed class ClampPullback(double lo, double hi)
    {
        public double Lo => lo;
        public double Hi => hi;

        public Tensor Forward(Tensor x)
        {
            ReadOnlySpan<double> s = x.Span;
            var d = Fresh.Array(s.Length);
            for (var i = 0; i < d.Length; i++) d[i] = s[i] < lo ? lo : s[i] > hi ? hi : s[i];
            return Tensor.Own(x.Shape, d);
        }

        /// <summary>1 where <c>lo ≤ x ≤ hi</c> (where the adjoint passes), else 0.</summary>
        public Tensor Inside(Tensor x)
        {
            ReadOnlySpan<double> s = x.Span;
            var d = Fresh.Array(s.Length);
            for (var i = 0; i < d.Length; i++) d[i] = s[i] >= lo && s[i] <= hi ? 1.0 : 0.0;
            return Tensor.Own(x.Shape, d, x.ElementType);
        }

        public Tensor Pull(Expr node, Tensor dy, int _)
        {
            ReadOnlySpan<double> xs = node.Inputs[0].Value.Span, g = dy.Span;
            var d = Fresh.Array(g.Length);
            for (var i = 0; i < d.Length; i++) d[i] = xs[i] >= lo && xs[i] <= hi ? g[i] : 0.0;
            return Tensor.Own(node.Shape, d);
        }
    }

    // The adjoint of operand i of an elementwise extremum: ȳ where the mask picks that operand, summed back to its shape.
    private static Tensor PullExtreme<TMask>(Expr node, Tensor dy, int i) where TMask : struct, ITernaryFn
    {
        var a = Elementwise.BroadcastTo(node.Inputs[0].Value, node.Shape);
        var b = Elementwise.BroadcastTo(node.Inputs[1].Value, node.Shape);
        return Broadcast.ReduceTo(Elementwise.Zip<TMask>(a, b, dy).Reshape(node.Shape), node.Inputs[i].Shape);
    }

    /// <summary>1 where operand <paramref name="i"/> of an elementwise extremum takes the adjoint (the pullback's mask, with ȳ = 1), else 0; of the node's shape.</summary>
    internal static Tensor ExtremeMask(Expr node, int i)
    {
        var a = Elementwise.BroadcastTo(node.Inputs[0].Value, node.Shape);
        var b = Elementwise.BroadcastTo(node.Inputs[1].Value, node.Shape);
        var ones = Tensor.Fill(1.0, node.Shape, node.Value.ElementType);
        var mask = (node.Op, i) switch
        {
            ("Max", 0) => Elementwise.Zip<FirstIfGreaterOrEqual>(a, b, ones),
            ("Max", _) => Elementwise.Zip<SecondIfLess>(a, b, ones),
            ("Min", 0) => Elementwise.Zip<FirstIfLessOrEqual>(a, b, ones),
            _ => Elementwise.Zip<SecondIfGreater>(a, b, ones),
        };
        return mask.Reshape(node.Shape);
    }

    private readonly struct FirstIfGreaterOrEqual : ITernaryFn { public static double Apply(double a, double b, double dy) => a >= b || double.IsNaN(a) ? dy : 0.0; }
    private readonly struct SecondIfLess : ITernaryFn { public static double Apply(double a, double b, double dy) => a >= b || double.IsNaN(a) ? 0.0 : dy; }
    private readonly struct FirstIfLessOrEqual : ITernaryFn { public static double Apply(double a, double b, double dy) => a <= b || double.IsNaN(a) ? dy : 0.0; }
    private readonly struct SecondIfGreater : ITernaryFn { public static double Apply(double a, double b, double dy) => a <= b || double.IsNaN(a) ? 0.0 : dy; }
}
