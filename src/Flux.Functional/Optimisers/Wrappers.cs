namespace Flux;

/// <summary>Checks shared by the wrappers (<see cref="FiniteOnly"/>, <see cref="AccumGrad"/>, <see cref="Scheduled"/>, <see cref="Partition"/>).</summary>
internal static class Wrappers
{
    /// <summary>The error for a state that is not the wrapper's.</summary>
    public static ArgumentException WrongState(string kind, string operation, OptimiserState state) => new(
        $"{kind}.{operation}: the state is a '{state.Kind}' state ({state.GetType().Name}), not a '{kind}' state; pass the state made by this optimiser's Init, Step or Restore.",
        nameof(state));

    /// <summary>Checks a node's kind, step, child count and that it has exactly the given scalars and no slots.</summary>
    public static void CheckNode(string kind, string kindName, StateNode node, int children, params string[] scalars)
    {
        if (node.Kind != kindName)
            throw new ArgumentException($"{kind}.Restore: the node holds a '{node.Kind}' state, not a '{kindName}' state.", nameof(node));
        if (node.Step < 0)
            throw new ArgumentException($"{kind}.Restore: the step count must be 0 or more; got {node.Step}.", nameof(node));
        if (children >= 0 && node.Children.Length != children)
            throw new ArgumentException($"{kind}.Restore: a '{kindName}' state has {children} children; the node has {node.Children.Length}.", nameof(node));
        foreach (var name in scalars)
            if (!node.Scalars.ContainsKey(name))
                throw new ArgumentException($"{kind}.Restore: the node lacks scalar '{name}'.", nameof(node));
        if (node.Scalars.Keys.FirstOrDefault(k => !scalars.Contains(k)) is { } extra)
            throw new ArgumentException($"{kind}.Restore: unknown scalar '{extra}'; a '{kindName}' state has {(scalars.Length == 0 ? "none" : string.Join(", ", scalars))}.", nameof(node));
    }
}
