using BenchmarkDotNet.Attributes;
using Flux.Kernels;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux.Benchmarks;

/// <summary>
/// The memory-bandwidth floor of w3: one pass over 10,000,000 elements that reads what an ADAM step
/// reads (p, g, m, v) and writes what it writes (p', m', v'), into arrays allocated once, with next
/// to no arithmetic, through the same chunked loops as the optimiser kernels. No ADAM step can be
/// faster on this machine; w3's figure over this one is how far it is from the floor.
/// </summary>
[Config(typeof(FluxConfig))]
public class BandwidthFloorBenchmark
{
    private const int Count = 10_000_000;
    private double[] _p = null!, _g = null!, _m = null!, _v = null!, _p2 = null!, _m2 = null!, _v2 = null!;

    /// <summary>Reads four lanes, writes three: o = p + g, a' = a, b' = b.</summary>
    private readonly struct Copy : IFormula2<double>
    {
        public void Apply(V p, V g, V a, V b, out V o, out V a2, out V b2) { o = p + g; a2 = a; b2 = b; }
    }

    [GlobalSetup]
    public void Setup()
    {
        double[] Filled(int seed) => Tensor.Rand(new Seed(seed), Count).ToArray();
        (_p, _g, _m, _v) = (Filled(1), Filled(2), Filled(3), Filled(4));
        (_p2, _m2, _v2) = (new double[Count], new double[Count], new double[Count]);
    }

    [Benchmark(Description = "floor: one pass over w3's bytes (read 4 × 10M, write 3 × 10M)")]
    public double[] Pass()
    {
        Fused.Run(default(Copy), _p, _g, _m, _v, _p2, _m2, _v2);
        (_p, _p2, _m, _m2, _v, _v2) = (_p2, _p, _m2, _m, _v2, _v); // the next pass reads what this one wrote, as steps do
        return _p;
    }
}
