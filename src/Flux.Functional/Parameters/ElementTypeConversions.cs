using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// Flux's <c>f32</c> and <c>f64</c>: a model or parameter list with every parameter converted to
/// one element type. Identities stay, so optimiser state, labels and paths still find each
/// parameter; an optimiser's state must be converted with <see cref="OptimiserStateConversions"/>
/// (<c>optimiser.ConvertedFor(state, ps)</c>) or made afresh by <c>Init</c>.
/// </summary>
public static class ElementTypeConversions
{
    /// <summary>The model with every parameter in float32 (<c>f32(m)</c>).</summary>
    [Pure]
    public static TModel ToFloat32<TModel>(this TModel model) where TModel : IModel => model.ToElementType(ElementType.Float32);

    /// <summary>The model with every parameter in float64 (<c>f64(m)</c>).</summary>
    [Pure]
    public static TModel ToFloat64<TModel>(this TModel model) where TModel : IModel => model.ToElementType(ElementType.Float64);

    /// <summary>The model with every parameter in <paramref name="type"/>; the same model when they all have it.</summary>
    /// <exception cref="InvalidOperationException">The model's <c>With</c> returned a model of another type.</exception>
    [Pure]
    public static TModel ToElementType<TModel>(this TModel model, ElementType type) where TModel : IModel
    {
        ArgumentNullException.ThrowIfNull(model);
        var ps = model.Params();
        if (ps.All(p => p.ElementType == type)) return model;
        return model.With(ps.ToElementType(type)) is TModel converted
            ? converted
            : throw new InvalidOperationException($"ToElementType: {typeof(TModel).Name}.With returned a model of another type.");
    }

    /// <summary>The parameters in <paramref name="type"/>, identities and paths kept.</summary>
    [Pure]
    public static Params ToElementType(this Params ps, ElementType type)
    {
        ArgumentNullException.ThrowIfNull(ps);
        return ps.Select(p => p.ToElementType(type));
    }

    /// <summary>The element type every parameter has, or null when they differ or there are none.</summary>
    [Pure]
    public static ElementType? CommonElementType(this Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        var types = ps.Select(p => p.ElementType).Distinct().ToList();
        return types.Count == 1 ? types[0] : null;
    }
}
