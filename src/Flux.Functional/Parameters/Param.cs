using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// A trainable parameter (Flux's <c>param(x)</c>): a name, a <see cref="Tensor"/> value and a stable
/// <see cref="Id"/>. It is immutable; <see cref="Update"/> and <see cref="With"/> return a new
/// version with the same identity.
/// </summary>
/// <remarks>
/// Two <see cref="Param"/> values are equal when identity, name and value agree (the value bit for
/// bit). Use <see cref="SameIdentity"/> to ask only whether they are versions of one parameter.
/// </remarks>
public sealed partial record Param
{
    /// <summary>A new parameter with a fresh identity.</summary>
    /// <exception cref="ArgumentException">The name is empty or white space.</exception>
    public Param(string name, Tensor value) : this(ParamId.New(), name, value) { }

    /// <summary>A parameter with a given identity, for deserialisation and rebuilding models.</summary>
    public Param(ParamId id, string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException($"a parameter needs a name; got \"{name}\".", nameof(name));
        Id = id;
        Name = name;
        Value = value;
    }

    /// <summary>The identity every version of this parameter shares.</summary>
    public ParamId Id { get; }

    /// <summary>The name, for messages, printing and lookup in <see cref="Params"/>.</summary>
    public string Name { get; }

    /// <summary>The current value.</summary>
    public Tensor Value { get; }

    /// <summary>The shape of <see cref="Value"/>.</summary>
    public Shape Shape => Value.Shape;

    /// <summary>
    /// Flux's <c>update!(p, Δ)</c> without the mutation: a new version whose value is
    /// <c>p + Δ</c>, with the same identity. This parameter is unchanged.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="delta"/> has another shape.</exception>
    [Pure]
    public Param Update(Tensor delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.Shape != Shape)
            throw new ArgumentException($"Update: parameter {Name} has shape {Shape} but the delta has shape {delta.Shape}.", nameof(delta));
        return With(Value + delta);
    }

    /// <summary>A new version with value <paramref name="value"/>, in this parameter's element type (converted if need be), and the same identity and name.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> has another shape.</exception>
    [Pure]
    public Param With(Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Shape != Shape)
            throw new ArgumentException($"With: parameter {Name} has shape {Shape} but the new value has shape {value.Shape}.", nameof(value));
        return new Param(Id, Name, value.ToElementType(Value.ElementType));
    }

    /// <summary>The element type of <see cref="Value"/>.</summary>
    public ElementType ElementType => Value.ElementType;

    /// <summary>The same parameter (same identity, so optimiser state and labels follow it) with its value in float32 (Flux's <c>f32</c>).</summary>
    [Pure]
    public Param ToFloat32() => ToElementType(ElementType.Float32);

    /// <summary>The same parameter with its value in float64 (Flux's <c>f64</c>).</summary>
    [Pure]
    public Param ToFloat64() => ToElementType(ElementType.Float64);

    /// <summary>The same parameter with its value in <paramref name="type"/>; this one when it has that type already.</summary>
    [Pure]
    public Param ToElementType(ElementType type) => type == ElementType ? this : new Param(Id, Name, Value.ToElementType(type));

    /// <summary>True when <paramref name="other"/> is a version of the same parameter.</summary>
    [Pure]
    public bool SameIdentity(Param other) => other is not null && other.Id == Id;

    /// <summary>The name, the shape and the values.</summary>
    public override string ToString() => $"Param {Name} {Shape} #{Id}\n{Value}";
}
