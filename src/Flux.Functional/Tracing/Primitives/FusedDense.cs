namespace Flux;

public static partial class Ops
{
    /// <summary>
    /// A dense layer's <c>y = σ.(W·x .+ b)</c> as one node (what <see cref="Flux.Dense.Apply"/> traces):
    /// <c>W</c> outputs × inputs, <c>x</c> a feature vector or a matrix inputs × batch, <c>b</c> a vector
    /// of length outputs broadcast across the columns, σ one of the <see cref="Activation"/> cases (as <see cref="DenseActivation"/>).
    /// </summary>
    /// <remarks>
    /// <para>Forward: <c>z = W·x</c> (<see cref="MatrixProduct.Multiply(Tensor, bool, Tensor, bool, Shape)"/>),
    /// then one pass over z's own fresh array adds <c>b</c> and applies σ in place
    /// (<see cref="FusedDensePasses.Forward"/>). Softplus, and leaky relu with α &lt; 0, whose slopes read
    /// <c>z .+ b</c>, keep it and write <c>y</c> to a second array.</para>
    /// <para>Pullback: one pass computes <c>∂z = σ′ .* ȳ</c> and, at the same time, <c>b̄ = Σⱼ ∂z[:, j]</c>
    /// (<see cref="FusedDensePasses.Backward"/>); then <c>W̄ = ∂z·xᵀ</c> and, only where x needs a gradient,
    /// <c>x̄ = Wᵀ·∂z</c>, both by the matrix product without forming the transposes. The sweep asks for
    /// W̄, x̄ and b̄ in that order with the same ȳ, so ∂z is computed once and let go after b̄.</para>
    /// <para>The value and every adjoint are bit for bit those of the unfused
    /// <c>σ(Add(MatMul(W, x), b))</c>, in both element types, and the inputs are ordered (W, x, b) so
    /// that the reverse sweep visits everything else in the same order. Its traced pullback (second order)
    /// restates that composition's (Gradient.TracedPullbacks.Dense.cs).</para>
    /// </remarks>
    /// <exception cref="ArgumentException">The inner dimensions differ, or the operands mix element types (named as MatMul and Add name them).</exception>
    internal static Expr Dense(Expr w, Expr x, Expr b, DenseActivation activation)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(b);
        var keep = activation.ReadsPreActivation;
        var (y, pre) = DenseForward(w.Value, x.Value, b.Value, activation, keep);
        return Expr.Node("Dense", y, new DensePullback(activation, pre).Pull, w, x, b);
    }

    /// <summary><c>σ.(W·x .+ b)</c> on tensors (<see cref="Flux.Dense.Predict"/>): the fused forward pass alone, the same bits as <see cref="Dense"/>'s value.</summary>
    internal static Tensor DenseValue(Tensor w, Tensor x, Tensor b, DenseActivation activation) =>
        DenseForward(w, x, b, activation, keepPre: false).Y;

    private static (Tensor Y, Tensor? Pre) DenseForward(Tensor w, Tensor x, Tensor b, DenseActivation activation, bool keepPre)
    {
        var z = MatrixProduct.Multiply(w, false, x, false, Tensor.ProductShape(w.Shape, x.Shape));
        System.Diagnostics.Debug.Assert(b.Shape == Shape.Vector(z.Shape.Rows));
        ElementTypes.Of("Add", z, b); // the unfused Add's refusal of mixed element types, with its message
        var y = FusedDensePasses.Forward(z, b, activation, keepPre);
        return (y, keepPre ? z : null);
    }

    /// <summary>
    /// The pullback of one <see cref="Dense"/> node: its activation, <c>z .+ b</c> where σ′ reads it, and
    /// the latest sweep's <c>(ȳ, ∂z, b̄)</c>, shared by the three calls of that sweep. A node may be swept
    /// by several threads at once: each compares ȳ by reference and recomputes when it is not its own.
    /// </summary>
    internal sealed class DensePullback(DenseActivation activation, Tensor? pre)
    {
        private Adjoints? _latest;
        private TracedAdjoint? _traced;

        /// <summary>σ.</summary>
        public DenseActivation Activation => activation;

        /// <summary>What decides relu's and leaky relu's slope by its sign: <c>z .+ b</c> where kept, else <c>y</c>, positive exactly where <c>z .+ b</c> is.</summary>
        public Tensor SignSource(Expr node) => pre ?? node.Value;

        /// <summary>
        /// <c>W̄ = ∂z·xᵀ</c> (input 0), <c>x̄ = Wᵀ·∂z</c> (input 1), <c>b̄ = Σⱼ ∂z[:, j]</c> (input 2),
        /// with <c>∂z = σ′ .* ȳ</c>.
        /// </summary>
        public Tensor Pull(Expr node, Tensor dy, int input)
        {
            var a = Volatile.Read(ref _latest);
            if (a is null || !ReferenceEquals(a.Dy, dy))
            {
                var (dz, db) = FusedDensePasses.Backward(activation, node.Value, pre, dy, node.Inputs[2].Shape);
                Volatile.Write(ref _latest, a = new Adjoints(dy, dz, db));
            }
            switch (input)
            {
                case 0: return MatrixProduct.Multiply(a.Dz, false, node.Inputs[1].Value, true, node.Inputs[0].Shape);
                case 1: return MatrixProduct.Multiply(node.Inputs[0].Value, true, a.Dz, false, node.Inputs[1].Shape);
                default:
                    Interlocked.CompareExchange(ref _latest, null, a); // b̄ is asked for last: let the sweep's arrays go
                    return a.Db;
            }
        }

        /// <summary>
        /// The traced <c>∂z</c> for the traced <paramref name="dy"/>, made once by <paramref name="make"/> and
        /// shared by the three inputs' traced pullbacks, as the first-order ∂z is (let go after input 2's).
        /// </summary>
        public Expr TracedSlope(Expr dy, int input, Func<Expr> make)
        {
            var t = Volatile.Read(ref _traced);
            if (t is null || !ReferenceEquals(t.Dy, dy)) Volatile.Write(ref _traced, t = new TracedAdjoint(dy, make()));
            if (input == 2) Interlocked.CompareExchange(ref _traced, null, t);
            return t.Dz;
        }

        private sealed record Adjoints(Tensor Dy, Tensor Dz, Tensor Db);

        private sealed record TracedAdjoint(Expr Dy, Expr Dz);
    }
}
