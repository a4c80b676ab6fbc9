namespace Flux;

// The pullbacks of slicing and concatenation in traced operations. A slice's pullback pads ȳ with zeros
// and a pad's pullback slices ȳ (each is the other's transpose), so both are linear, exact copies, and
// differentiable to any order; concatenation's pullback is a slice of ȳ per operand.
public static partial class Gradient
{
    private static Expr? TracedSlice(Expr node, Expr dy, int i)
    {
        var x = node.Inputs[i];
        return node.Backward!.Target switch
        {
            // Rows, Columns, Element, Block: x̄ is zero but the slice at (row, col), which holds ȳ.
            Ops.SlicePullback s => Ops.Pad(dy, x.Shape, s.Row, s.Col),
            // Pad: x̄ is ȳ's block at (row, col), of the block's shape.
            Ops.PadPullback p => Ops.Block(dy, x.Shape, p.Row, p.Col),
            // VCat, HCat: operand i's rows (or columns) of ȳ.
            Ops.ConcatPullback c => c.Vertical ? Ops.Block(dy, x.Shape, c.Offset(i), 0) : Ops.Block(dy, x.Shape, 0, c.Offset(i)),
            _ => null,
        };
    }
}
