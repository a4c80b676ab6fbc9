namespace Flux;

// The fused dense node's pullback (Ops.Dense) in traced operations: the unfused composition
// σ(Add(MatMul(W, x), b)) pulled back as its own traced pullbacks do it. ∂z = σ′ .* ȳ is the
// activation's (relu's and leaky relu's fixed masks, the rules' traced derivatives), b̄ is the
// broadcast's ReduceTo(∂z), W̄ = ∂z·xᵀ and x̄ = Wᵀ·∂z are MatMul's; ∂z is built once per ȳ and
// shared by the three inputs, as the activation node's adjoint is shared by Add's two operands.
public static partial class Gradient
{
    private static Expr TracedDense(Expr node, Expr dy, int i)
    {
        var pullback = (Ops.DensePullback)node.Backward!.Target!;
        Expr w = node.Inputs[0], x = node.Inputs[1], b = node.Inputs[2];
        var dz = pullback.TracedSlope(dy, i, () => pullback.Activation.Kind switch
        {
            DenseActivationKind.Identity => dy,
            // x̄ = ȳ where z > 0, else +0; y > 0 exactly there (see DensePullback.SignSource).
            DenseActivationKind.Relu => Ops.Gate(dy, pullback.SignSource(node).Select(v => v > 0 ? 1.0 : 0.0)),
            DenseActivationKind.LeakyRelu => Ops.Mul(dy, LeakySlopes(pullback.SignSource(node), pullback.Activation.Alpha)),
            // σ′ and tanh′ are written in the output y alone; softplus′ = σ(z) in z = W·x .+ b, retraced.
            DenseActivationKind.Sigmoid => Ops.Mul(ScalarRule.Sigmoid.TracedDerivative!(node, node), dy),
            DenseActivationKind.Tanh => Ops.Mul(ScalarRule.Tanh.TracedDerivative!(node, node), dy),
            DenseActivationKind.Softplus => Ops.Mul(ScalarRule.Softplus.TracedDerivative!(Ops.Add(Ops.MatMul(w, x), b), node), dy),
            _ => throw new System.Diagnostics.UnreachableException($"Gradient.Traced: no traced form of the dense activation {pullback.Activation}."),
        });
        return i switch
        {
            0 => Ops.Reshape(Ops.MatMul(Ops.Reshape(dz, Shape.Matrix(node.Shape.Rows, node.Shape.Cols)), Ops.Transpose(x)), w.Shape),
            1 => Ops.Reshape(Ops.MatMul(Ops.Transpose(w), dz), x.Shape),
            _ => ReduceTo(dz, b.Shape),
        };
    }
}
