using System.Numerics;
namespace Flux;

public static partial class Ops
{
    /// <summary>
    /// <c>maximum(x)</c>: the largest element, a scalar (NaN when any element is NaN). Pullback:
    /// <c>x̄ = ȳ</c> at the first maximum in column-major order (the first NaN, if any), 0 elsewhere:
    /// at ties the whole adjoint goes to the first.
    /// </summary>
    /// <exception cref="ArgumentException">x has no elements.</exception>
    public static Expr Maximum(Expr x) => Extreme(x, max: true);

    /// <summary><c>minimum(x)</c>: the smallest element. Pullback: <c>x̄ = ȳ</c> at the first minimum in column-major order, 0 elsewhere.</summary>
    /// <exception cref="ArgumentException">x has no elements.</exception>
    public static Expr Minimum(Expr x) => Extreme(x, max: false);

    /// <summary>
    /// <c>maximum(x, dims=dim)</c>, keeping the dimension as <see cref="Sum(Expr, int)"/> does: along 1 the
    /// largest of each column (1×c), along 2 the largest of each row (r×1). Pullback: each output's
    /// adjoint goes to the first maximum of its column (or row), 0 elsewhere.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is not 1 or 2.</exception>
    public static Expr Maximum(Expr x, int dim) => ExtremeAlong(x, dim, max: true);

    /// <summary><c>minimum(x, dims=dim)</c>, keeping the dimension. Pullback: each output's adjoint goes to the first minimum of its column (or row).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is not 1 or 2.</exception>
    public static Expr Minimum(Expr x, int dim) => ExtremeAlong(x, dim, max: false);

    private static Expr Extreme(Expr x, bool max)
    {
        Check(x);
        var op = max ? "Maximum" : "Minimum";
        if (x.Shape.Length == 0) throw new ArgumentException($"{op}: shape {x.Shape} has no elements.", nameof(x));
        var k = ArgExtreme(x.Value, max);
        return Expr.Node(op, Tensor.Scalar(Storage.At(x.Value, k)), max ? PullMaximum : PullMinimum, x);
    }

    private static readonly Pullback PullMaximum = static (node, dy, _) => OneHot(node.Inputs[0].Value, ArgExtreme(node.Inputs[0].Value, max: true), Storage.At(dy, 0));
    private static readonly Pullback PullMinimum = static (node, dy, _) => OneHot(node.Inputs[0].Value, ArgExtreme(node.Inputs[0].Value, max: false), Storage.At(dy, 0));

    private static Expr ExtremeAlong(Expr x, int dim, bool max)
    {
        Check(x);
        CheckDim(dim);
        var op = (max ? "Maximum" : "Minimum") + "Along";
        if (x.Shape.Length == 0) throw new ArgumentException($"{op}: shape {x.Shape} has no elements.", nameof(x));
        var winners = x.Value.Single is { } f ? Winners(x.Shape, (ReadOnlySpan<float>)f, dim, max) : Winners(x.Shape, x.Value.Span, dim, max);
        var d = Storage.Uninitialised(x.Value.ElementType, winners.Length);
        for (var o = 0; o < winners.Length; o++) Storage.Set(d, o, Storage.At(x.Value, winners[o]));
        return Expr.Node(op, Tensor.Own(Reductions.ReducedShape(x.Shape, dim), d), new ExtremeAlongPullback(winners).Pull, x);
    }

    /// <summary>The pullback of an extremum along a dimension, holding where each output's winner lies (the traced sweep reads them too).</summary>
    internal sealed class ExtremeAlongPullback(int[] winners)
    {
        /// <summary>1 at each output's winner (the first extreme of its column or row), 0 elsewhere; of the input's shape.</summary>
        public Tensor Mask(Shape input)
        {
            var r = new double[input.Length];
            foreach (var w in winners) r[w] = 1.0;
            return Tensor.Own(input, r);
        }

        public Tensor Pull(Expr node, Tensor dy, int _)
        {
            // Each output's winner lies in its own column (or row), so each element of x̄ takes one ȳ.
            var input = node.Inputs[0].Value;
            var r = Storage.Zeros(input.ElementType, input.Length);
            for (var o = 0; o < winners.Length; o++) Storage.Set(r, winners[o], Storage.At(dy, o));
            return Tensor.Own(input.Shape, r);
        }
    }

    /// <summary>The flat index of the first maximum (or minimum) of a whole tensor: where its pullback puts the adjoint.</summary>
    internal static int ArgExtreme(Tensor x, bool max) =>
        x.Single is { } f ? ArgExtreme((ReadOnlySpan<float>)f, 0, x.Length, 1, max) : ArgExtreme(x.Span, 0, x.Length, 1, max);

    // The flat index of the first extreme of each column (dim 1) or each row (dim 2).
    private static int[] Winners<T>(Shape s, ReadOnlySpan<T> x, int dim, bool max) where T : IFloatingPointIeee754<T>
    {
        int rows = s.Rows, cols = s.Cols;
        var winners = new int[dim == 1 ? cols : rows];
        for (var o = 0; o < winners.Length; o++)
            winners[o] = dim == 1 ? ArgExtreme(x, o * rows, rows, 1, max) : ArgExtreme(x, o, cols, rows, max);
        return winners;
    }

    // The flat index of the first maximum (or minimum) of x[start], x[start + stride], …; the first NaN wins over all.
    // Comparisons are exact in either type, so a float32 tensor's winner is its widened copy's.
    private static int ArgExtreme<T>(ReadOnlySpan<T> x, int start, int count, int stride, bool max) where T : IFloatingPointIeee754<T>
    {
        var best = start;
        if (T.IsNaN(x[best])) return best;
        for (int n = 1, i = start + stride; n < count; n++, i += stride)
        {
            var v = x[i];
            if (T.IsNaN(v)) return i;
            if (max ? v > x[best] : v < x[best]) best = i;
        }
        return best;
    }

    // Zeros of x's shape and type but value at index.
    private static Tensor OneHot(Tensor x, int index, double value)
    {
        var r = Storage.Zeros(x.ElementType, x.Length);
        Storage.Set(r, index, value);
        return Tensor.Own(x.Shape, r);
    }
}
