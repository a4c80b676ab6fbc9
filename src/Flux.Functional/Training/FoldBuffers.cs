using Flux.Kernels;

namespace Flux;

/// <summary>
/// The arrays a training fold owns between its first and its last step: the batches it gathers, the
/// gradients and adjoints of its sweeps, and the parameters and optimiser state it makes and then
/// replaces. Once a step is accepted, every such array that the new model and state do not hold
/// goes back to be reused, so a steady-state step allocates nothing in proportion to the model.
/// </summary>
/// <remarks>
/// Only the fold sees these values: a progress or stop callback gets a report of numbers, and what
/// the fold returns (its last model and state) is never taken back. The model and batch that the
/// loss function receives are lent for that call. The caller's own model and state, and every
/// forward value the loss computes, are never lent arrays, so they are never reused. If the model
/// or state give out copies instead of the arrays they hold (two reads disagree), the fold stops
/// reusing for the rest of the run rather than trust identities it cannot see.
/// </remarks>
internal sealed class FoldBuffers
{
    private readonly BufferPool _pool = new();
    private bool _reusing = true;

    /// <summary>The pool to lend from in the fold's phases, or none once reuse is off.</summary>
    public BufferPool? Pool => _reusing ? _pool : null;

    /// <summary>Arrays currently lent: after <see cref="Reclaim(IModel, OptimiserState)"/>, those the model and state hold.</summary>
    public int Lent => _pool.LentCount;

    /// <summary>Runs <paramref name="phase"/> with this fold's arrays lent to it.</summary>
    public T Lending<T>(Func<T> phase)
    {
        using (BufferPool.Lend(Pool)) return phase();
    }

    /// <summary>After an accepted step: takes back every lent array that <paramref name="model"/> and <paramref name="state"/> do not hold.</summary>
    public void Reclaim(IModel model, OptimiserState state) => Reclaim(model.Params, state);

    /// <summary>As <see cref="Reclaim(IModel, OptimiserState)"/>, for a parameter list read by <paramref name="parameters"/>.</summary>
    public void Reclaim(Func<Params> parameters, OptimiserState state)
    {
        if (!_reusing) return;
        using var _ = BufferPool.Lend(null); // reading the state must not borrow
        var held = Held(parameters(), state);
        if (!SameArrays(held, Held(parameters(), state)))
        {
            _reusing = false;
            _pool.Forget();
            return;
        }
        _pool.TakeBackAllBut(new HashSet<Array>(held, ReferenceEqualityComparer.Instance));
    }

    /// <summary>
    /// Gives up for good the arrays of <paramref name="model"/>'s parameters, before the model is
    /// handed to a caller (an epoch's evaluation) who may keep it: they are never reused.
    /// </summary>
    public void Release(IModel model)
    {
        using var _ = BufferPool.Lend(null);
        var arrays = new List<Array>();
        foreach (var p in model.Params()) Add(arrays, p.Value);
        _pool.Forget(arrays);
    }

    // The arrays worth lending that the model's parameters and the state's slots hold, in a fixed order.
    private static List<Array> Held(Params ps, OptimiserState state)
    {
        var arrays = new List<Array>();
        foreach (var p in ps) Add(arrays, p.Value);
        var nodes = new Stack<StateNode>();
        nodes.Push(state.ToNode());
        while (nodes.Count > 0)
        {
            var node = nodes.Pop();
            foreach (var slot in node.Slots) Add(arrays, slot.Value);
            foreach (var child in node.Children) nodes.Push(child);
        }
        return arrays;
    }

    private static void Add(List<Array> arrays, Tensor t)
    {
        if (t.Length >= BufferPool.MinLength) arrays.Add(t.Buffer);
    }

    private static bool SameArrays(List<Array> a, List<Array> b)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
            if (!ReferenceEquals(a[i], b[i])) return false;
        return true;
    }
}
