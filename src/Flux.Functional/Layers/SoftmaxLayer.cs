using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// Flux's <c>softmax</c> used as a layer (<see cref="Layers.Softmax"/>): <c>softmax</c> down each
/// column, turning scores into probabilities that sum to one. It has no parameters.
/// </summary>
public sealed record SoftmaxLayer : ILayer
{
    private SoftmaxLayer() { }

    /// <summary>The one instance.</summary>
    public static SoftmaxLayer Instance { get; } = new();

    /// <summary><c>y_i = exp(x_i − max x) / Σ_j exp(x_j − max x)</c> per column, traced.</summary>
    [Pure]
    public Expr Apply(Expr x) => Ops.Softmax(x);

    /// <summary>As <see cref="Apply"/>, on tensors.</summary>
    [Pure]
    public Tensor Predict(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Ops.Softmax(Expr.Constant(x)).Value;
    }

    /// <summary>No parameters.</summary>
    [Pure]
    public Params Params() => Flux.Params.Empty;

    /// <summary>This layer: there is nothing to replace.</summary>
    [Pure]
    public SoftmaxLayer With(Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        return this;
    }

    IModel IModel.With(Params ps) => With(ps);

    /// <summary><c>softmax</c>.</summary>
    public override string ToString() => "softmax";
}
