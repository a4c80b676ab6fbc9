namespace Flux.Tests.Optimisation;

/// <summary>Hyperparameters of every rule at once (each rule reads the ones it has).</summary>
public sealed record Hyper(double Eta, double Rho, double Beta1, double Beta2, double Epsilon, double Decay);

/// <summary>
/// Random inputs derived from an FsCheck-generated seed: the property is over the seed, so a
/// failure reports the seed that reproduces it.
/// </summary>
public sealed class Draw(int seed)
{
    private readonly Random _random = new(seed);

    public double Uniform(double low, double high) => low + (high - low) * _random.NextDouble();

    public int Int(int low, int highInclusive) => _random.Next(low, highInclusive + 1);

    public bool Coin() => _random.Next(2) == 0;

    /// <summary>A value with magnitude in [0.01, 10] (log-uniform) and a random sign: never zero.</summary>
    public double NonZero() => (Coin() ? 1 : -1) * Math.Pow(10, Uniform(-2, 1));

    public double[] Values(int n, Func<double> f) => [.. Enumerable.Range(0, n).Select(_ => f())];

    /// <summary>A shape among scalar, vector and matrix, small, with lengths that exercise both the vector loop (four doubles, eight floats) and its tail.</summary>
    public int[] Shape() => Int(0, 2) switch { 0 => [], 1 => [Int(1, 19)], _ => [Int(1, 5), Int(1, 4)] };

    public Tensor Tensor(int[] shape, Func<double> f) => Flux.Tensor.FromArray(Values(shape.Aggregate(1, (a, b) => a * b), f), shape);

    public Hyper Hyper(bool withDecay = true) => new(
        Eta: Math.Pow(10, Uniform(-4, -0.5)),
        Rho: Coin() ? Uniform(0, 0.99) : 0.9,
        Beta1: Coin() ? Uniform(0, 0.99) : 0.9,
        Beta2: Coin() ? Uniform(0, 0.999) : 0.999,
        Epsilon: Coin() ? Math.Pow(10, Uniform(-10, -3)) : 1e-8,
        Decay: withDecay && Coin() ? Uniform(0, 0.5) : 0);
}

/// <summary>Comparisons with a tolerance relative to a scale (what the numbers were made of), and bit-exact ones.</summary>
public static class Compare
{
    public static void Close(double expected, double actual, double scale, double relative, string what)
    {
        if (!(Math.Abs(expected - actual) <= relative * Math.Max(scale, Math.Abs(expected))))
            throw new Xunit.Sdk.XunitException($"{what}: expected {expected:R}, got {actual:R} (scale {scale:G3}, relative tolerance {relative:G2}).");
    }

    public static void Bits(Tensor expected, Tensor actual, string what)
    {
        if (!expected.Equals(actual))
            throw new Xunit.Sdk.XunitException($"{what}: not bit for bit equal.\nexpected {expected}\nactual   {actual}");
    }
}
