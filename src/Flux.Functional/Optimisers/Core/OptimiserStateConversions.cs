using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>An optimiser's state carried over to parameters of another element type (after <see cref="ElementTypeConversions"/>).</summary>
public static class OptimiserStateConversions
{
    /// <summary>
    /// <paramref name="state"/> with every slot (moments, accumulators, averages) in the element type
    /// of the parameter it belongs to in <paramref name="ps"/>, rebuilt by the optimiser's own
    /// <see cref="IOptimiser.Restore"/>; so training resumes where it stopped, in the new type.
    /// Slots of parameters not in <paramref name="ps"/>, and step counts (<see cref="StateSlot.TakesParameterType"/>), keep their type.
    /// </summary>
    [Pure]
    public static OptimiserState ConvertedFor(this IOptimiser optimiser, OptimiserState state, Params ps)
    {
        ArgumentNullException.ThrowIfNull(optimiser);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(ps);
        var node = state.ToNode().MapSlots(s => s.TakesParameterType && ps.IndexOf(s.Param) is var i and >= 0 ? s.Value.ToElementType(ps[i].ElementType) : s.Value);
        return optimiser.Restore(node);
    }
}
