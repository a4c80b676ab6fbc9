using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// Reverse-mode differentiation of a traced scalar loss (Flux's
/// <c>Tracker.gradient(() -> loss(x, y), Params([W, b]))</c>), as a pure function: no tape, no
/// mutable <c>grad</c> fields, no global state. Two threads may take gradients of one shared
/// model at once. Beyond first order: <see cref="Traced"/> (the gradient as expressions),
/// <see cref="Hvp"/>, <see cref="Hessian"/> and <see cref="Jacobian"/>; checking: <see cref="GradientCheck"/>.
/// </summary>
public static partial class Gradient
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

    /// <summary>
    /// As <see cref="ValueAndGradient(Func{Expr}, Params)"/>, with the reverse sweep's arrays lent by
    /// <paramref name="sweep"/>: the training fold's form, whose gradients and adjoints it reuses. The
    /// loss itself runs with no pool, so its forward values are its own.
    /// </summary>
    internal static (double Loss, Grads Grads) ValueAndGradient(Func<Expr> loss, Params ps, Kernels.BufferPool? sweep)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(ps);
        Expr root;
        using (Kernels.BufferPool.Lend(null))
            root = loss() ?? throw new InvalidOperationException("Gradient: the loss function returned null instead of an expression.");
        var value = root.Value.ToScalarLoss();
        using (Kernels.BufferPool.Lend(sweep))
            return (value, Backpropagate(root, ps));
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
    /// visits inputs left to right, reversed. Adjoints of shared nodes add up before they are used;
    /// only the adjoints of the sweep's frontier are held, each let go once it is used.
    /// </summary>
    private static Grads Backpropagate(Expr root, Params ps)
    {
        var gradients = new Tensor?[ps.Count];
        var order = TopologicalOrder(root);
        var adjoints = new NodeMap<Tensor>();
        if (order.Count > 0) adjoints[root] = Tensor.Fill(1.0, root.Shape, root.Value.ElementType);
        for (var n = order.Count - 1; n >= 0; n--)
        {
            var node = order[n];
            if (!adjoints.Remove(node, out var adjoint)) continue;
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
                // A pullback's adjoint has its input's element type, whatever the pullback computed in.
                var contribution = node.Backward!(node, adjoint, i).ToElementType(inputs[i].Value.ElementType);
                adjoints[inputs[i]] = adjoints.TryGetValue(inputs[i], out var acc) ? acc + contribution : contribution;
            }
        }
        for (var i = 0; i < gradients.Length; i++) gradients[i] ??= ps[i].Value.ZerosLike();
        return Grads.ForParams(ps, gradients!);
    }

    // Post-order of the nodes that need a gradient: inputs before the nodes that use them, the root last.
    private static List<Expr> TopologicalOrder(Expr root)
    {
        var order = new List<Expr>();
        if (!root.RequiresGrad) return order;
        var visited = new NodeSet();
        visited.Add(root);
        var stack = new Stack<(Expr Node, int Next)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            var inputs = node.Inputs;
            while (next < inputs.Length && (!inputs[next].RequiresGrad || visited.Contains(inputs[next]))) next++;
            if (next == inputs.Length) { order.Add(node); continue; }
            stack.Push((node, next + 1));
            visited.Add(inputs[next]);
            stack.Push((inputs[next], 0));
        }
        return order;
    }

    // Small graphs (a seed-sized loss) are faster to search than to hash; large ones switch to a
    // hash table. The set uses HashSet's 16-byte entries, so a graph of some thousands of nodes
    // still stays off the large-object heap, whose allocations cost a full collection.
    private const int ScanLimit = 32;

    /// <summary>A set of nodes by reference.</summary>
    private sealed class NodeSet
    {
        private readonly List<Expr> _few = [];
        private HashSet<Expr>? _many;

        public bool Contains(Expr node)
        {
            if (_many is not null) return _many.Contains(node);
            foreach (var e in _few)
                if (ReferenceEquals(e, node)) return true;
            return false;
        }

        public void Add(Expr node)
        {
            if (_many is not null) { _many.Add(node); return; }
            _few.Add(node);
            if (_few.Count > ScanLimit) _many = new HashSet<Expr>(_few, ReferenceEqualityComparer.Instance);
        }
    }

    /// <summary>A map from nodes by reference; it holds the sweep's frontier, usually a few nodes.</summary>
    private sealed class NodeMap<T> where T : class
    {
        private readonly List<KeyValuePair<Expr, T>> _few = [];
        private Dictionary<Expr, T>? _many;

        public bool TryGetValue(Expr node, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value)
        {
            if (_many is not null) return _many.TryGetValue(node, out value);
            var i = IndexOf(node);
            value = i >= 0 ? _few[i].Value : null;
            return i >= 0;
        }

        public T this[Expr node]
        {
            set
            {
                if (_many is not null) { _many[node] = value; return; }
                var i = IndexOf(node);
                if (i >= 0) { _few[i] = new(node, value); return; }
                _few.Add(new(node, value));
                if (_few.Count > ScanLimit) { _many = new Dictionary<Expr, T>(_few, ReferenceEqualityComparer.Instance); _few.Clear(); }
            }
        }

        public bool Remove(Expr node, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value)
        {
            if (_many is not null) return _many.Remove(node, out value);
            var i = IndexOf(node);
            if (i < 0) { value = null; return false; }
            value = _few[i].Value;
            _few[i] = _few[^1]; // order inside the map never matters: the sweep's order comes from the list
            _few.RemoveAt(_few.Count - 1);
            return true;
        }

        private int IndexOf(Expr node)
        {
            for (var i = 0; i < _few.Count; i++)
                if (ReferenceEquals(_few[i].Key, node)) return i;
            return -1;
        }
    }
}
