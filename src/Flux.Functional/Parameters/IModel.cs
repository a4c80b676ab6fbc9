using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// Anything with trainable parameters (Flux's <c>params(m)</c>): a layer, a chain of layers, or a
/// user's own model. Models are immutable; training produces new models from new parameters.
/// </summary>
public interface IModel
{
    /// <summary>The trainable parameters, in a fixed order (layer by layer for a chain).</summary>
    [Pure]
    Params Params();

    /// <summary>
    /// A model of the same type and structure whose parameters are the members of
    /// <paramref name="ps"/> with the same identities; parameters absent from
    /// <paramref name="ps"/> keep their values. Implementations return their own type.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter in <paramref name="ps"/> has another shape than the model's.</exception>
    [Pure]
    IModel With(Params ps);
}
