namespace Flux;

/// <summary>
/// The stable identity of a <see cref="Param"/>. Every updated version of a parameter keeps it, so
/// gradient maps and optimiser state keyed by identity stay valid across steps.
/// </summary>
public readonly record struct ParamId(Guid Value)
{
    /// <summary>A fresh identity, unequal to every other.</summary>
    public static ParamId New() => new(Guid.NewGuid());

    /// <summary>The first eight hex digits, enough to tell identities apart when printed.</summary>
    public override string ToString() => Value.ToString("N")[..8];
}
