using FsCheck.Xunit;
using Flux.Kernels;
using Xunit;

namespace Flux.Tests.Optimisation;

/// <summary>
/// Every elementwise row of the table steps each element of a parameter exactly as it steps that
/// element alone, for sizes on both sides of every threshold of the fused kernels: the vector width
/// (four doubles, eight floats), the parallel threshold (2¹⁶) and the chunk boundaries, with every
/// remainder modulo 64, in both element types (the subclasses below).
/// </summary>
/// <remarks>
/// The chunks depend on the number of cores, so CI runs this class under
/// <c>DOTNET_PROCESSOR_COUNT</c> = 1, 2 and 16 as well as the machine's own count, and once with
/// fresh arrays poisoned (NaN), where an element a kernel never writes cannot pass for a result.
/// Large sizes compare the probed elements against the same elements stepped together in one small
/// parameter (the serial path); small sizes compare every element against itself stepped alone, so
/// the two together say that every element of a large parameter steps as it does alone.
/// </remarks>
public abstract class ThresholdProperties(ElementType type)
{
    private const int Steps = 3;

    private static IEnumerable<OptimiserCase> Elementwise => OptimiserTable.All.Where(r => !r.Coupled);

    /// <summary>Sizes above the parallel threshold, with every remainder modulo 64.</summary>
    public static TheoryData<int> LargeBases => [1 << 16, 199_936];

    private (Tensor Value, Tensor[] Gradients) Problem(int seed, int n)
    {
        var d = new Draw(seed);
        return (d.Tensor([n], () => d.Uniform(-3, 3)).ToElementType(type), [.. Enumerable.Range(0, Steps).Select(_ => d.Tensor([n], d.NonZero).ToElementType(type))]);
    }

    private static Tensor Stepped(IOptimiser rule, Tensor value, IEnumerable<Tensor> gradients)
    {
        var ps = Params.Of(new Param("W", value));
        var state = rule.Init(ps);
        foreach (var g in gradients) (state, ps) = rule.Step(state, ps, Grads.Of((ps[0], g)));
        return ps[0].Value;
    }

    // Elements read back exactly (a float widens exactly) and stored in the type under test again.
    private Tensor Gather(Tensor t, int[] at) => Tensor.FromArray([.. at.Select(i => t[i])], at.Length).ToElementType(type);

    private static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    // Both ends, both sides of every chunk boundary for 1 to 64 chunks and for this machine's count.
    private static int[] Probes(int n)
    {
        var probes = new SortedSet<int>();
        void Around(int i) { for (var k = i - 4; k < i + 4; k++) if (k >= 0 && k < n) probes.Add(k); }
        Around(0);
        for (var k = Math.Max(0, n - 70); k < n; k++) probes.Add(k);
        foreach (var chunks in new[] { 1, 2, 3, 4, 8, 16, 64, Workers.Chunks })
        {
            var size = Fused.ChunkSize(n, chunks);
            for (var c = 1; c <= chunks; c++) Around(c * size);
        }
        return [.. probes];
    }

    [Theory]
    [MemberData(nameof(LargeBases))]
    public void LargeParametersStepAsTheirElementsDoInASmallOne(int @base)
    {
        for (var r = 0; r < 64; r++)
        {
            var n = @base + r;
            var (value, gradients) = Problem(n, n);
            var probes = Probes(n);
            foreach (var row in Elementwise)
            {
                var together = Stepped(row.Optimiser, value, gradients);
                var small = Stepped(row.Optimiser, Gather(value, probes), gradients.Select(g => Gather(g, probes)));
                for (var k = 0; k < probes.Length; k++)
                    if (!SameBits(small[k], together[probes[k]]))
                        throw new Xunit.Sdk.XunitException(
                            $"{row.Name} in {type}, n = {n} on {Environment.ProcessorCount} cores: element {probes[k]} is {together[probes[k]]:R} in the large parameter, {small[k]:R} in a small one.");
            }
        }
    }

    [Property(MaxTest = 40)]
    public void SmallParametersStepAsEachElementAlone(int seed)
    {
        var n = 1 + (int)((uint)seed % 140);   // across the vector width, every remainder modulo 64
        var (value, gradients) = Problem(seed, n);
        foreach (var row in Elementwise)
        {
            var together = Stepped(row.Optimiser, value, gradients);
            for (var i = 0; i < n; i++)
            {
                var alone = Stepped(row.Optimiser, Gather(value, [i]), gradients.Select(g => Gather(g, [i])));
                if (!SameBits(alone[0], together[i]))
                    throw new Xunit.Sdk.XunitException($"{row.Name} in {type}, n = {n}: element {i} is {together[i]:R} with the others, {alone[0]:R} alone.");
            }
        }
    }
}

/// <summary>The thresholds in float64: four lanes a vector.</summary>
public sealed class ThresholdPropertiesFloat64() : ThresholdProperties(ElementType.Float64);

/// <summary>The thresholds in float32: eight lanes a vector, the float arithmetic of the rules.</summary>
public sealed class ThresholdPropertiesFloat32() : ThresholdProperties(ElementType.Float32);
