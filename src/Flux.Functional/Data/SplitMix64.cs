namespace Flux;

/// <summary>
/// Steele, Lea and Flood's SplitMix64: a tiny generator whose output is fixed by its seed on every
/// machine and runtime, so seeded shuffles are reproducible bit for bit forever.
/// </summary>
internal struct SplitMix64(ulong state)
{
    private ulong _state = state;

    /// <summary>A generator for one (seed, stream) pair: distinct pairs give distinct streams.</summary>
    public static SplitMix64 For(int seed, int stream) => new(((ulong)(uint)seed << 32) | (uint)stream);

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, bound) by Lemire's multiply-shift with rejection (no modulo bias).</summary>
    public int NextInt(int bound)
    {
        System.Diagnostics.Debug.Assert(bound > 0);
        var range = (ulong)bound;
        var threshold = (0UL - range) % range;
        while (true)
        {
            var x = Next();
            var product = Math.BigMul(x, range, out var low);
            if (low >= threshold) return (int)product;
        }
    }

    /// <summary>A uniformly random permutation of 0..n−1 (Fisher–Yates).</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (var i = 0; i < n; i++) p[i] = i;
        for (var i = n - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}
