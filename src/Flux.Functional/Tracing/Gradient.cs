using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// Reverse-mode differentiation of a traced scalar loss (Flux's
/// <c>Tracker.gradient(() -> loss(x, y), Params([W, b]))</c>), as a pure function: no tape, no
/// mutable <c>grad</c> fields, no global state. Two threads may take gradients of one shared
/// model at once.
/// </summary>
public static class Gradient
{
    /// <summary>
    /// Runs <paramref name="loss"/>, which traces an expression with its forward values, then walks
    /// it once in reverse and returns the gradient of each parameter of <paramref name="ps"/>.
    /// </summary>
    /// <returns>A gradient for every member of <paramref name="ps"/>, of its shape (zeros where it does not influence the loss).</returns>
    /// <exception cref="ArgumentException">The loss is not a scalar; the message names its shape.</exception>
    [Pure]
    public static Grads Of(Func<Expr> loss, Params ps) => ValueAndGradient(loss, ps).Grads;

    /// <summary>As <see cref="Of(Func{Expr}, Params)"/>, also returning the loss.</summary>
    [Pure]
    public static (double Loss, Grads Grads) ValueAndGradient(Func<Expr> loss, Params ps)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(ps);
        var root = loss() ?? throw new InvalidOperationException("Gradient: the loss function returned null instead of an expression.");
        return (root.Value.ToScalarLoss(), Backpropagate(root, ps));
    }

    /// <summary>The gradient of an already traced scalar <paramref name="loss"/>.</summary>
    [Pure]
    public static Grads Of(Expr loss, Params ps)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(ps);
        loss.Value.ToScalarLoss();
        return Backpropagate(loss, ps);
    }

    private static double ToScalarLoss(this Tensor value) => value.Length == 1
        ? value.Data[0]
        : throw new ArgumentException($"Gradient: the loss must be a scalar, but it has shape {value.Shape}; reduce it with Sum or Mean.");

    /// <summary>
    /// One reverse sweep in a fixed order: the post-order of an iterative depth-first walk that
    /// visits inputs left to right, reversed. Adjoints of shared nodes add up before they are used.
    /// </summary>
    private static Grads Backpropagate(Expr root, Params ps)
    {
        var gradients = new Tensor?[ps.Count];
        var (order, position) = TopologicalOrder(root);
        var adjoints = new Tensor?[order.Count];
        if (order.Count > 0) adjoints[^1] = Tensor.Fill(1.0, root.Shape);
        for (var n = order.Count - 1; n >= 0; n--)
        {
            var node = order[n];
            var adjoint = adjoints[n];
            adjoints[n] = null; // let it go as soon as it is used
            if (adjoint is null) continue;
            if (node.Parameter is { } p)
            {
                var member = ps.IndexOf(p.Id);
                if (member < 0) continue;
                if (ps[member].Shape != p.Shape)
                    throw new ArgumentException($"Gradient: parameter {p.Name} has shape {p.Shape} in the loss but {ps[member].Shape} in the Params given.", nameof(ps));
                gradients[member] = gradients[member] is { } sum ? sum + adjoint : adjoint;
                continue;
            }
            var inputs = node.Inputs;
            for (var i = 0; i < inputs.Length; i++)
            {
                if (!inputs[i].RequiresGrad) continue;
                var contribution = node.Backward!(adjoint, i);
                var at = position[inputs[i]];
                adjoints[at] = adjoints[at] is { } acc ? acc + contribution : contribution;
            }
        }
        for (var i = 0; i < gradients.Length; i++) gradients[i] ??= Tensor.Zeros(ps[i].Shape);
        return Grads.ForParams(ps, gradients!);
    }

    // Post-order of the nodes that need a gradient (inputs before the nodes that use them, the
    // root last), with each node's position in it.
    private static (List<Expr> Order, NodePositions Position) TopologicalOrder(Expr root)
    {
        var order = new List<Expr>();
        var position = new NodePositions();
        if (!root.RequiresGrad) return (order, position);
        var stack = new Stack<(Expr Node, int Next)>();
        position[root] = -1; // on the stack, not yet placed
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            var inputs = node.Inputs;
            while (next < inputs.Length && (!inputs[next].RequiresGrad || position.Contains(inputs[next]))) next++;
            if (next == inputs.Length)
            {
                position[node] = order.Count;
                order.Add(node);
                continue;
            }
            stack.Push((node, next + 1));
            position[inputs[next]] = -1;
            stack.Push((inputs[next], 0));
        }
        return (order, position);
    }

    /// <summary>
    /// Each node's position in the sweep, by reference: a scan for the small graphs of a seed-sized
    /// loss, where hashing costs more than it saves, and a dictionary once a graph grows past that.
    /// </summary>
    private sealed class NodePositions
    {
        private const int ScanLimit = 32;
        private readonly List<(Expr Node, int Position)> _few = [];
        private Dictionary<Expr, int>? _many;

        public bool Contains(Expr node) => IndexOf(node) >= 0 || (_many?.ContainsKey(node) ?? false);

        public int this[Expr node]
        {
            get
            {
                if (_many is not null) return _many[node];
                return _few[IndexOf(node)].Position;
            }
            set
            {
                if (_many is not null) { _many[node] = value; return; }
                var at = IndexOf(node);
                if (at >= 0) { _few[at] = (node, value); return; }
                _few.Add((node, value));
                if (_few.Count <= ScanLimit) return;
                _many = new Dictionary<Expr, int>(ReferenceEqualityComparer.Instance);
                foreach (var (n, p) in _few) _many[n] = p;
                _few.Clear();
            }
        }

        private int IndexOf(Expr node)
        {
            for (var i = 0; i < _few.Count; i++)
                if (ReferenceEquals(_few[i].Node, node)) return i;
            return -1;
        }
    }
}
