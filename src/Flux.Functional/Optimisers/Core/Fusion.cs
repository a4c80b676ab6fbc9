namespace Flux;

/// <summary>What a fused pass writes for each parameter: its step <c>Δ</c>, or its new value <c>p − Δ</c>.</summary>
internal enum Emit { Delta, Params }

/// <summary>
/// The library's fast path, which the public contract does not mention: one pass that writes either
/// <c>Δ</c> or <c>p − Δ</c> (and the new state) at once, so a step needs no second pass and rules
/// with decoupled decay keep their exact rounding (<c>p − Δ − λp</c>). Composites pass the choice
/// down to the element that writes last.
/// </summary>
internal interface IFusedOptimiser : IOptimiser
{
    /// <summary>The new state and, per parameter with a gradient, what <paramref name="emit"/> asks for.</summary>
    (OptimiserState State, Grads Out) Apply(OptimiserState state, Params ps, Grads grads, Emit emit);
}

/// <summary>Runs any optimiser in either mode: fused where it can be, else <see cref="IOptimiser.Update"/> then <c>p − Δ</c>.</summary>
internal static class Fusion
{
    /// <summary>The public operation a mode serves, for error messages: <c>Step</c> or <c>Update</c>.</summary>
    public static string Operation(this Emit emit) => emit == Emit.Params ? "Step" : "Update";

    public static (OptimiserState State, Grads Out) Apply(IOptimiser optimiser, OptimiserState state, Params ps, Grads grads, Emit emit)
    {
        if (optimiser is IFusedOptimiser fused) return fused.Apply(state, ps, grads, emit);
        var (next, delta) = optimiser.Update(state, ps, grads);
        if (delta is null) throw new InvalidOperationException($"{optimiser.GetType().Name}.Update returned no steps (null).");
        return emit == Emit.Delta ? (next, delta) : (next, Subtract(optimiser, ps, delta));
    }

    /// <summary>The new value <c>p − Δ</c> of every parameter with a step.</summary>
    private static Grads Subtract(IOptimiser optimiser, Params ps, Grads delta)
    {
        var values = new List<KeyValuePair<Param, Tensor>>(ps.Count);
        foreach (var p in ps)
        {
            if (!delta.TryGet(p.Id, out var d)) continue;
            if (d.Shape != p.Shape)
                throw new InvalidOperationException($"{optimiser.GetType().Name}.Update gave {p.Name} a step of shape {d.Shape}; the parameter has shape {p.Shape}.");
            values.Add(new(p, p.Value - d));
        }
        return Grads.Of(values);
    }

    /// <summary><paramref name="ps"/> with each parameter in <paramref name="values"/> given its new value.</summary>
    public static Params WithValues(Params ps, Grads values) =>
        values.Count == 0 ? ps : ps.Select(p => values.TryGet(p.Id, out var v) ? p.With(v) : p);
}
