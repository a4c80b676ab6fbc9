using System.Diagnostics.Contracts;

namespace Flux;

// Second order: the same reverse sweep, with adjoints that are traced expressions instead of tensors,
// so that the gradient can itself be differentiated (Tracker's `gradient(f, x; nest = true)`). Each
// primitive's pullback is restated in traced operations (Gradient.TracedPullbacks*.cs); the first-order
// sweep never looks there.
public static partial class Gradient
{
    /// <summary>
    /// The gradient of the scalar <paramref name="loss"/> as traced expressions, one per member of
    /// <paramref name="ps"/>, which can be used in a further loss (a gradient penalty <c>‖∇L‖²</c>) and
    /// differentiated again. Their values equal <see cref="Of(Func{Expr}, Params)"/>'s up to rounding.
    /// </summary>
    /// <remarks>
    /// Every built-in primitive (<see cref="SecondOrderOps"/>) has a traced pullback, with the first-order
    /// pullback's subgradient at ties and kinks (its mask is a constant, so its own derivative there is 0).
    /// </remarks>
    /// <exception cref="NotSupportedException">The loss uses a custom primitive (<see cref="Expr.Primitive"/>), whose pullback works on tensors, or a scalar rule without a <see cref="ScalarRule.TracedDerivative"/>; the message names it.</exception>
    [Pure]
    public static ImmutableArray<Expr> Traced(Func<Expr> loss, Params ps)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(ps);
        var root = loss() ?? throw new InvalidOperationException("Gradient: the loss function returned null instead of an expression.");
        root.Value.ToScalarLoss();
        var gradients = new Expr?[ps.Count];
        var order = TopologicalOrder(root);
        var adjoints = new NodeMap<Expr>();
        if (order.Count > 0) adjoints[root] = Expr.Constant(Tensor.Fill(1.0, root.Shape, root.Value.ElementType));
        for (var n = order.Count - 1; n >= 0; n--)
        {
            var node = order[n];
            if (!adjoints.Remove(node, out var adjoint)) continue;
            if (node.Parameter is { } p)
            {
                var member = ps.IndexOf(p.Id);
                if (member >= 0) gradients[member] = gradients[member] is { } sum ? Ops.Add(sum, adjoint) : adjoint;
                continue;
            }
            for (var i = 0; i < node.Inputs.Length; i++)
            {
                if (!node.Inputs[i].RequiresGrad) continue;
                var contribution = TracedPullback(node, adjoint, i);
                adjoints[node.Inputs[i]] = adjoints.TryGetValue(node.Inputs[i], out var acc) ? Ops.Add(acc, contribution) : contribution;
            }
        }
        var result = ImmutableArray.CreateBuilder<Expr>(ps.Count);
        for (var i = 0; i < ps.Count; i++) result.Add(gradients[i] ?? Expr.Constant(ps[i].Value.ZerosLike()));
        return result.MoveToImmutable();
    }

    /// <summary>
    /// The Hessian-vector product <c>H·v = ∇(∇L · v)</c> by reverse over reverse: one traced sweep and one
    /// ordinary one, exact to rounding, never forming H. <paramref name="v"/> holds a tensor for every member of <paramref name="ps"/>.
    /// </summary>
    /// <exception cref="KeyNotFoundException"><paramref name="v"/> lacks a member of <paramref name="ps"/>.</exception>
    [Pure]
    public static Grads Hvp(Func<Expr> loss, Params ps, Grads v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return Of(() => Directional(Traced(loss, ps), ps, v), ps);
    }

    /// <summary>
    /// The Hessian <c>H_jk = ∂²L/∂θ_j∂θ_k</c> over every element of <paramref name="ps"/>, in their order and
    /// each parameter's column-major order: an n×n matrix from n Hessian-vector products, for small n.
    /// </summary>
    [Pure]
    public static Tensor Hessian(Func<Expr> loss, Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        var n = checked((int)ps.ElementCount);
        var h = new double[n * n];
        for (var j = 0; j < n; j++)
        {
            var column = Flatten(Hvp(loss, ps, Unit(ps, j)), ps);
            column.CopyTo(h, j * n);
        }
        return Tensor.FromArray(h, n, n);
    }

    /// <summary>
    /// The Jacobian <c>J_ij = ∂f_i/∂θ_j</c> of a vector- or matrix-valued <paramref name="f"/> (rows: its
    /// elements in column-major order; columns: the elements of <paramref name="ps"/>), one reverse sweep per output element.
    /// </summary>
    [Pure]
    public static Tensor Jacobian(Func<Expr> f, Params ps)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(ps);
        var m = (f() ?? throw new InvalidOperationException("Gradient: the function returned null instead of an expression.")).Shape.Length;
        var n = checked((int)ps.ElementCount);
        var j = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            var row = Flatten(Of(() => Ops.Element(f(), i), ps), ps);
            for (var k = 0; k < n; k++) j[k * m + i] = row[k];
        }
        return Tensor.FromArray(j, m, n);
    }

    /// <summary>The primitives whose pullbacks are written in traced operations, so that they can be differentiated twice: every built-in one.</summary>
    public static IReadOnlyCollection<string> SecondOrderOps { get; } =
        ["Add", "Subtract", "Negate", "Mul", "Div", "MatMul", "Transpose", "Reshape", "Sum", "SumAlong", "Mean", "MeanAlong",
         "Square", "Pow", "Exp", "Log", "Sqrt", "Abs", "XLogY", "Relu", "LeakyRelu", "Softmax", "LogSoftmax", "StopGradient",
         "Sigmoid", "Tanh", "Softplus", "Max", "Min", "Clamp", "Maximum", "Minimum", "MaximumAlong", "MinimumAlong",
         "Rows", "Columns", "Element", "VCat", "HCat", "Dense"];

    private static Expr Directional(ImmutableArray<Expr> g, Params ps, Grads v)
    {
        Expr total = 0.0;
        for (var i = 0; i < ps.Count; i++) total = Ops.Add(total, Ops.Sum(Ops.Mul(g[i], v[ps[i]])));
        return total;
    }

    private static Grads Unit(Params ps, int k)
    {
        var pairs = new (Param, Tensor)[ps.Count];
        for (var i = 0; i < ps.Count; i++)
        {
            var e = new double[ps[i].Value.Length];
            if (k >= 0 && k < e.Length) e[k] = 1;
            k -= e.Length;
            pairs[i] = (ps[i], Tensor.FromArray(e, ps[i].Shape.Dims));
        }
        return Grads.Of(pairs);
    }

    private static double[] Flatten(Grads g, Params ps) => ps.SelectMany(p => g[p].ToArray()).ToArray();
}
