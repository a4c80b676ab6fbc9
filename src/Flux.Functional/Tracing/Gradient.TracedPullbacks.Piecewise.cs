namespace Flux;

// The pullbacks of the piecewise primitives in traced operations. Each is a fixed linear map of ȳ, chosen
// by the input's values exactly as the first-order pullback chooses (the same subgradient at a tie or a
// kink: the first operand, the first extreme, a clamp's bounds included), so its derivative through the
// mask is zero and its values equal the first-order ones bit for bit (Max and Min: up to the rounding of
// the broadcast's sum).
public static partial class Gradient
{
    private static Expr? TracedPiecewise(Expr node, Expr dy, int i)
    {
        var x = node.Inputs[i];
        return node.Op switch
        {
            // x̄ = ȳ where x > 0, else +0, as the first-order x > 0 ? ȳ : 0.
            "Relu" => Ops.Gate(dy, x.Value.Select(v => v > 0 ? 1.0 : 0.0)),
            // x̄ = ȳ · (x > 0 ? 1 : a): ȳ · 1 and ȳ · a are the first-order ȳ and a · ȳ, NaN and −0 included.
            "LeakyRelu" => Ops.Mul(dy, LeakySlopes(x.Value, ((Ops.LeakyReluPullback)node.Backward!.Target!).Alpha)),
            // x̄ = ȳ where lo ≤ x ≤ hi, else 0.
            "Clamp" => Ops.Gate(dy, ((Ops.ClampPullback)node.Backward!.Target!).Inside(x.Value)),
            // ā = reduce(ȳ where a takes it), b̄ likewise: the masks of the first-order pullback.
            "Max" or "Min" => ReduceTo(Ops.Gate(dy, Ops.ExtremeMask(node, i)), x.Shape),
            // x̄ = ȳ at the first extreme, 0 elsewhere: ȳ padded into x's shape there.
            "Maximum" or "Minimum" => PadAt(dy, x.Shape, Ops.ArgExtreme(x.Value, max: node.Op == "Maximum")),
            // Each output's ȳ at its column's (or row's) first extreme: ȳ broadcast back, then gated.
            "MaximumAlong" or "MinimumAlong" => Ops.Gate(Ops.Mul(dy, Tensor.Fill(1.0, x.Shape, x.Value.ElementType)), ((Ops.ExtremeAlongPullback)node.Backward!.Target!).Mask(x.Shape).ToElementType(x.Value.ElementType)),
            // A gate is linear in its operand: its pullback is the same gate.
            "Gate" => Ops.Gate(dy, node.Inputs[1].Value),
            _ => null,
        };
    }

    private static Tensor LeakySlopes(Tensor x, double alpha) => x.Select(v => v > 0 ? 1.0 : alpha);

    // A scalar ȳ placed at flat (column-major) index k of an otherwise zero tensor of `shape`.
    private static Expr PadAt(Expr dy, Shape shape, int k) => Ops.Pad(dy, shape, k % shape.Rows, k / shape.Rows);
}
