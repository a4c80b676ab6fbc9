using System.Collections;
using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// Layers applied in sequence (Flux's <c>Chain(Dense(10, 5, σ), Dense(5, 2), softmax)</c>):
/// <c>m(x) = (ℓₙ ∘ … ∘ ℓ₁)(x)</c>. Indexable (<c>m[0]</c>, <c>m[1..]</c>), with its layers as
/// <see cref="Layers"/>; a chain may hold chains.
/// </summary>
/// <remarks>
/// Immutable: <see cref="With(Params)"/> returns a new chain whose layers have been rebuilt, so an
/// optimiser step over a chain returns a chain. <see cref="Params"/> lists each layer's
/// parameters in layer order. Two chains are equal when their layers are equal in order.
/// A chain is one model, not a collection: it does not implement <see cref="IEnumerable"/>, so
/// PowerShell's pipeline and a function's return keep it whole instead of unrolling its layers.
/// Enumerate <see cref="Layers"/> to visit them.
/// </remarks>
public sealed record Chain : ILayer
{
    private readonly ImmutableArray<ILayer> _layers;

    // Listed once, when the chain is made: its layers never change, and a training step reads the
    // list several times (the gradient, the step, the checks of the fold).
    private readonly Params _params;

    /// <summary>A chain of <paramref name="layers"/>, applied first to last.</summary>
    /// <exception cref="ArgumentException">A layer is null, or two layers share a parameter.</exception>
    public Chain(IEnumerable<ILayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = layers.ToImmutableArray();
        for (var i = 0; i < _layers.Length; i++)
            if (_layers[i] is null) throw new ArgumentException($"Chain: layer {i} is null.", nameof(layers));
        try { _params = ListParams(_layers); }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Chain: two layers share a parameter, which a chain cannot rebuild unambiguously. {e.Message}", nameof(layers), e);
        }
    }

    /// <summary>The layers, first to last.</summary>
    public ImmutableArray<ILayer> Layers => _layers;

    /// <summary>Number of layers (a nested chain counts as one).</summary>
    public int Count => _layers.Length;

    /// <summary>Layer <paramref name="index"/>.</summary>
    public ILayer this[int index] => _layers[index];

    /// <summary>The layers in <paramref name="range"/>, as a chain (Flux's <c>m[1:2]</c>).</summary>
    public Chain this[Range range] => new(_layers[range]);

    /// <summary>Each layer applied in turn to <paramref name="x"/>, traced.</summary>
    [Pure]
    public Expr Apply(Expr x)
    {
        ArgumentNullException.ThrowIfNull(x);
        foreach (var layer in _layers) x = layer.Apply(x);
        return x;
    }

    /// <summary>Each layer's <see cref="ILayer.Predict"/> in turn.</summary>
    [Pure]
    public Tensor Predict(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        foreach (var layer in _layers) x = layer.Predict(x);
        return x;
    }

    /// <summary>
    /// Every layer's parameters, layer by layer (Flux's <c>params(m)</c>), each at its path:
    /// <c>layers[i].</c> and its path in layer i (<c>layers[0].W</c>, <c>layers[2].layers[0].b</c>).
    /// </summary>
    [Pure]
    public Params Params() => _params;

    private static Params ListParams(ImmutableArray<ILayer> layers)
    {
        var members = new List<(string, Param)>();
        for (var i = 0; i < layers.Length; i++)
        {
            var ps = layers[i].Params();
            for (var j = 0; j < ps.Count; j++) members.Add(($"layers[{i}].{ps.PathOf(j)}", ps[j]));
        }
        return Flux.Params.Named(members);
    }

    /// <summary>A chain with every layer rebuilt from <paramref name="ps"/> (see <see cref="IModel.With"/>).</summary>
    /// <exception cref="InvalidOperationException">A layer's <c>With</c> returned something that is not a layer.</exception>
    [Pure]
    public Chain With(Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        var builder = ImmutableArray.CreateBuilder<ILayer>(_layers.Length);
        var changed = false;
        for (var i = 0; i < _layers.Length; i++)
        {
            var rebuilt = _layers[i].With(ps) as ILayer
                ?? throw new InvalidOperationException($"Chain.With: layer {i} ({_layers[i].GetType().Name}) returned a model that is not an ILayer from With.");
            changed |= !ReferenceEquals(rebuilt, _layers[i]);
            builder.Add(rebuilt);
        }
        return changed ? new Chain(builder.MoveToImmutable()) : this;
    }

    IModel IModel.With(Params ps) => With(ps);

    /// <summary>True when both chains hold equal layers in the same order.</summary>
    public bool Equals(Chain? other) =>
        other is not null && (ReferenceEquals(this, other) || _layers.SequenceEqual(other._layers));

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var layer in _layers) hash.Add(layer);
        return hash.ToHashCode();
    }

    /// <summary>Flux's form: <c>Chain(Dense(4 => 16, relu), Dense(16 => 3), softmax)</c>.</summary>
    public override string ToString() => $"Chain({string.Join(", ", _layers)})";
}
