namespace Flux;

/// <summary>
/// The seed of a random tensor: <c>Tensor.Rand(new Seed(1), 2, 5)</c> is the same 2×5 tensor on
/// every machine and every run. A type of its own, with no conversion from <see cref="int"/>, so a
/// seed can never be read as a dimension or a dimension as a seed.
/// </summary>
/// <param name="Value">Any integer; equal seeds give equal tensors.</param>
public readonly record struct Seed(int Value)
{
    /// <summary>A seed drawn afresh: tensors made from it differ from run to run.</summary>
    public static Seed Fresh() => new(Random.Shared.Next());

    /// <summary>The seed as it is written: <c>Seed(1)</c>.</summary>
    public override string ToString() => $"Seed({Value})";
}
