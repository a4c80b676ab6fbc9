namespace Flux;

// The pullbacks of the smooth primitives in traced operations, and the dispatch to the piecewise
// (Gradient.TracedPullbacks.Piecewise.cs) and slicing (Gradient.TracedPullbacks.Slicing.cs) families.
// Each restates the first-order pullback stated in its primitive's docs, with the same values.
public static partial class Gradient
{
    // x̄ᵢ as an expression: each primitive's pullback (stated in its docs) in traced operations.
    private static Expr TracedPullback(Expr node, Expr dy, int i)
    {
        var inputs = node.Inputs;
        var x = inputs[i];
        if (ScalarRule.Of(node) is { } rule)
            return rule.TracedDerivative is { } d
                ? Ops.Mul(d(inputs[0], node), dy)
                : throw new NotSupportedException($"Gradient.Traced: the scalar rule {rule.Name} has no traced derivative; define it with ScalarRule.Define(name, f, df, tracedDerivative) to differentiate it twice.");
        if (node.Backward?.Method.DeclaringType is not { } t || (t != typeof(Ops) && t.DeclaringType != typeof(Ops)))
            throw new NotSupportedException($"Gradient.Traced: {node.Op} is a custom primitive whose pullback works on tensors, so it cannot be differentiated twice.");
        return node.Op switch
        {
            "Add" => ReduceTo(dy, x.Shape),
            "Subtract" => i == 0 ? ReduceTo(dy, x.Shape) : Ops.Negate(ReduceTo(dy, x.Shape)),
            "Negate" => Ops.Negate(dy),
            "Mul" => ReduceTo(Ops.Mul(dy, inputs[1 - i]), x.Shape),
            "Div" => i == 0
                ? ReduceTo(Ops.Div(dy, inputs[1]), x.Shape)
                : ReduceTo(Ops.Negate(Ops.Div(Ops.Mul(dy, node), inputs[1])), x.Shape),
            "MatMul" => i == 0
                ? Ops.Reshape(Ops.MatMul(Ops.Reshape(dy, Shape.Matrix(node.Shape.Rows, node.Shape.Cols)), Ops.Transpose(inputs[1])), x.Shape)
                : Ops.Reshape(Ops.MatMul(Ops.Transpose(inputs[0]), dy), x.Shape),
            "Transpose" => Ops.Reshape(Ops.Transpose(dy), x.Shape),
            "Reshape" => Ops.Reshape(dy, x.Shape),
            // Constants in the operand's element type, so that a scalar ȳ does not take a float64 type from them.
            "Sum" or "SumAlong" => Ops.Mul(dy, Tensor.Fill(1.0, x.Shape, x.Value.ElementType)),
            "Mean" or "MeanAlong" => Ops.Mul(dy, Tensor.Fill((double)node.Shape.Length / x.Shape.Length, x.Shape, x.Value.ElementType)),
            "Square" => Ops.Mul(Ops.Mul(2.0, x), dy),
            "Pow" => TracedPow(x, ((Ops.PowPullback)node.Backward.Target!).P, dy),
            "Exp" => Ops.Mul(node, dy),
            "Log" => Ops.Div(dy, x),
            "Sqrt" => Ops.Div(dy, Ops.Mul(2.0, node)),
            "XLogY" => TracedXLogY(inputs[0], inputs[1], dy, i),
            // Per column: x̄ = y ⊙ (ȳ − Σ y ⊙ ȳ) for softmax, x̄ = ȳ − exp(y) ⊙ Σ ȳ for its log.
            "Softmax" => Ops.Mul(node, Ops.Subtract(dy, Ops.Sum(Ops.Mul(node, dy), 1))),
            "LogSoftmax" => Ops.Subtract(dy, Ops.Mul(Ops.Exp(node), Ops.Sum(dy, 1))),
            "Dense" => TracedDense(node, dy, i),
            _ => TracedPiecewise(node, dy, i) ?? TracedSlice(node, dy, i) ?? throw new NotSupportedException(
                $"Gradient.Traced: {node.Op} has no pullback in traced operations yet, so it cannot be differentiated twice; supported: {string.Join(", ", SecondOrderOps)} and scalar rules with a traced derivative."),
        };
    }

    // x̄ = (x^(p−1) · p) · ȳ, in the first-order pullback's order of operations. At p = 1 the slope is the
    // constant 1 and x̄ = ȳ exactly; writing it as x⁰ would give x⁰'s derivative 0 · x⁻¹, NaN at x = 0.
    private static Expr TracedPow(Expr x, double p, Expr dy) =>
        p == 1 ? dy : Ops.Mul(Ops.Mul(Ops.Pow(x, p - 1), p), dy);

    // x̄ = log(y) · ȳ; ȳ_y = (x / y) · ȳ, which the first-order pullback sets to 0 where x = 0. There x / y is
    // already 0 but where y is 0 or NaN (0/0); at those elements alone y is replaced by the constant 1, so
    // the value stays 0, no NaN enters the second derivative, and ∂(x / y)/∂x = 1/y holds everywhere else
    // (also at x = 0, where the first-order zero is a value, not a constant).
    private static Expr TracedXLogY(Expr x, Expr y, Expr dy, int i)
    {
        if (i == 0) return Ops.Mul(Ops.Log(y), dy);
        ReadOnlySpan<double> xs = x.Value.Span, ys = y.Value.Span;
        double[] keep = new double[xs.Length], shift = new double[xs.Length];
        var replaced = false;
        for (var k = 0; k < xs.Length; k++)
        {
            var removed = xs[k] == 0 && (ys[k] == 0 || double.IsNaN(ys[k]));
            replaced |= removed;
            keep[k] = removed ? 0.0 : 1.0;
            shift[k] = removed ? -1.0 : 0.0; // y − 0 keeps y's bits (a −0 too); 0 − (−1) = 1
        }
        var type = y.Value.ElementType;
        var safe = replaced ? Ops.Subtract(Ops.Gate(y, Tensor.FromArray(keep, y.Shape.Dims).ToElementType(type)), Tensor.FromArray(shift, y.Shape.Dims).ToElementType(type)) : y;
        return Ops.Mul(Ops.Div(x, safe), dy);
    }

    // The traced form of Broadcast.ReduceTo: the adjoint of a broadcast summed back to the operand's shape.
    private static Expr ReduceTo(Expr dy, Shape target)
    {
        var s = dy.Shape;
        if (s == target) return dy;
        if (s.Length == target.Length) return Ops.Reshape(dy, target);
        if (target.Length == 1) return Ops.Reshape(Ops.Sum(dy), target);
        return Ops.Reshape(Ops.Sum(dy, target.Rows == s.Rows ? 2 : 1), target);
    }
}
