using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// Factories for the built-in layers, after Flux: <c>Layers.Chain(Layers.Dense(10, 5,
/// Activation.Sigmoid), Layers.Dense(5, 2), Layers.Softmax)</c>.
/// </summary>
public static class Layers
{
    /// <summary>Layers applied in sequence (Flux's <c>Chain(layers...)</c>).</summary>
    [Pure]
    public static Chain Chain(params ILayer[] layers) => new(layers);

    /// <summary>
    /// A fully connected layer <c>σ.(W·x .+ b)</c> (Flux's <c>Dense(in, out, σ)</c>) with
    /// <c>W</c> (outputs × inputs) drawn Glorot-uniform, <c>U(−a, a)</c> with
    /// <c>a = √(6 / (inputs + outputs))</c>, and <c>b</c> zeros. Parameters are named <c>W</c> and
    /// <c>b</c> and get fresh identities.
    /// </summary>
    /// <param name="inputs">Number of input features, 1 or more.</param>
    /// <param name="outputs">Number of outputs, 1 or more.</param>
    /// <param name="activation">σ; <see cref="Activation.Identity"/> when null.</param>
    /// <param name="seed">Seed of the weights' generator; the same seed gives the same weights. When null, a random seed.</param>
    /// <param name="elementType">The parameters' element type (Flux's layers default to Float32; this library to Float64, as its seed did).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputs"/> or <paramref name="outputs"/> is below 1.</exception>
    [Pure]
    public static Dense Dense(int inputs, int outputs, Activation? activation = null, int? seed = null, ElementType elementType = ElementType.Float64)
    {
        if (inputs < 1) throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "Dense: a layer needs at least one input.");
        if (outputs < 1) throw new ArgumentOutOfRangeException(nameof(outputs), outputs, "Dense: a layer needs at least one output.");
        var a = Math.Sqrt(6.0 / (inputs + outputs));
        // Float32 weights are the float64 draw rounded, so a seed gives the same layer in either type up to rounding.
        var W = new Param("W", Tensor.Uniform(new Seed(seed ?? Random.Shared.Next()), -a, a, outputs, inputs).ToElementType(elementType));
        var b = new Param("b", Tensor.Zeros(Shape.Vector(outputs), elementType));
        return new Dense(W, b, activation);
    }

    /// <summary>Softmax down each column as a parameterless layer (Flux's <c>softmax</c> in a chain).</summary>
    public static SoftmaxLayer Softmax => SoftmaxLayer.Instance;
}
