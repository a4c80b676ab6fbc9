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

        public Tensor Forward(Tensor x) => Elementwise.Map(x, new Clamped(lo, hi));

        /// <summary>1 where <c>lo ≤ x ≤ hi</c> (where the adjoint passes), else 0.</summary>
        public Tensor Inside(Tensor x) => Elementwise.Map(x, new Passing(lo, hi));

        public Tensor Pull(Expr node, Tensor dy, int _) => Elementwise.Zip(node.Inputs[0].Value, dy, new PassingAdjoint(lo, hi));

        // Each in double on the element's exact value; a float32 result is rounded once (lo or hi may not be floats).
        private readonly struct Clamped(double lo, double hi) : IUnaryParameterFn { public double Apply(double x) => x < lo ? lo : x > hi ? hi : x; }
        private readonly struct Passing(double lo, double hi) : IUnaryParameterFn { public double Apply(double x) => x >= lo && x <= hi ? 1.0 : 0.0; }
        private readonly struct PassingAdjoint(double lo, double hi) : IBinaryParameterFn { public double Apply(double x, double dy) => x >= lo && x <= hi ? dy : 0.0; }
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
