using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// A model that maps an input to an output: a <see cref="Dense"/> layer, a <see cref="Chain"/>,
/// <see cref="Layers.Softmax"/>, or a user's own layer. Inputs are features × batch (or a single
/// feature vector); outputs are the same way round.
/// </summary>
/// <remarks>
/// To write a layer: hold the parameters in <see cref="Param"/>s, trace the forward pass in
/// <see cref="Apply"/> from <see cref="Ops"/>, compute it eagerly in <see cref="Predict"/>,
/// list the parameters in <see cref="IModel.Params"/> and rebuild from new values in
/// <see cref="IModel.With"/>. <see cref="Predict"/> should equal <c>Apply(x).Value</c>.
/// </remarks>
public interface ILayer : IModel
{
    /// <summary>The forward pass, traced so that <see cref="Gradient.Of(Func{Expr}, Params)"/> can differentiate it.</summary>
    [Pure]
    Expr Apply(Expr x);

    /// <summary>The forward pass for inference: the same values as <see cref="Apply"/>, without keeping a traced tree.</summary>
    [Pure]
    Tensor Predict(Tensor x);
}
