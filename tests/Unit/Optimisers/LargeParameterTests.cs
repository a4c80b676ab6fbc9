using Xunit;

namespace Flux.Tests.Optimisation;

/// <summary>
/// Large parameters are stepped in chunks on every core; an elementwise rule must give each
/// element exactly the bits it gets when stepped alone, whatever the chunking.
/// </summary>
public class LargeParameterTests
{
    public static TheoryData<string, IOptimiser> Rules => new()
    {
        { "SGD (no slots)", Flux.Optimisers.SGD(0.1) },
        { "Momentum (one slot)", Flux.Optimisers.Momentum() },
        { "ADAM (two slots)", Flux.Optimisers.ADAM() },
        { "AMSGrad (three slots)", Flux.Optimisers.AMSGrad() },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void EveryElementStepsAsItDoesAlone(string name, IOptimiser rule)
    {
        const int n = 200_003; // above the parallel threshold, and not a multiple of the vector width
        var big = new Param("big", Tensor.Randn(new Seed(1), n));
        var gradient = Tensor.Randn(new Seed(2), n);
        var bigPs = Params.Of(big);
        var state = rule.Init(bigPs);
        for (var t = 0; t < 3; t++) (state, bigPs) = rule.Step(state, bigPs, Grads.Of((bigPs[0], gradient)));

        foreach (var start in new[] { 0, 50_001, 100_000, n - 7 })
        {
            var slice = Enumerable.Range(start, 7);
            var small = new Param("small", Tensor.FromArray(slice.Select(i => big.Value[i]).ToArray(), 7));
            var g = Tensor.FromArray(slice.Select(i => gradient[i]).ToArray(), 7);
            var smallPs = Params.Of(small);
            var smallState = rule.Init(smallPs);
            for (var t = 0; t < 3; t++) (smallState, smallPs) = rule.Step(smallState, smallPs, Grads.Of((smallPs[0], g)));
            var expected = smallPs[0].Value.ToArray();
            var actual = slice.Select(i => bigPs[0].Value[i]).ToArray();
            Assert.True(expected.SequenceEqual(actual), $"{name}: elements {start}..{start + 6} differ when stepped in a large parameter");
        }
    }
}

/// <summary>
/// Regression tests for chunks that did not cover the whole parameter: ⌊n / chunks⌋ rounded to the
/// vector width left up to <c>chunks − 1</c> trailing elements unwritten (garbage from an
/// uninitialised array) whenever <c>n % (4 · chunks)</c> was small and non-zero.
/// </summary>
public class ChunkCoverageTests
{
    [Theory]
    [InlineData(65_537)]          // n % 8 == 1: the reported case on two cores
    [InlineData(257 * 257)]       // an odd × odd matrix
    [InlineData(200_001)]
    public void SgdWritesEveryElementOfALargeParameter(int n)
    {
        var ps = Params.Of(new Param("W", Tensor.Zeros(n)));
        var (_, next) = Flux.Optimisers.SGD(0.1).Step(Flux.Optimisers.SGD(0.1).Init(ps), ps, Grads.Of((ps[0], Tensor.Ones(n))));
        var values = next[0].Value.ToArray();
        var wrong = Enumerable.Range(0, n).Where(i => values[i] != -0.1).ToArray();
        Assert.True(wrong.Length == 0, $"n = {n}: {wrong.Length} elements are not -0.1, first at {(wrong.Length > 0 ? wrong[0] : -1)} = {(wrong.Length > 0 ? values[wrong[0]] : 0)}");
    }

    [Fact]
    public void AdamRepeatedFromIdenticalInputsGivesIdenticalBits()
    {
        const int n = 257 * 257;
        var ps = Params.Of(new Param("W", Tensor.Randn(new Seed(3), n)));
        var g = Grads.Of((ps[0], Tensor.Randn(new Seed(4), n)));
        var adam = Flux.Optimisers.ADAM();
        var state = adam.Init(ps);
        var first = adam.Step(state, ps, g);
        for (var k = 0; k < 10; k++)
        {
            var again = adam.Step(state, ps, g);
            Assert.True(first.Params[0].Value.Equals(again.Params[0].Value), $"repeat {k}: parameters differ");
            Assert.True(first.State.Equals(again.State), $"repeat {k}: the moments differ");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(64)]
    public void ChunksCoverEveryElementExactlyOnce(int chunks)
    {
        foreach (var n in new[] { 1, 3, 4, 5, 63, 64, 65, 65_535, 65_536, 65_537, 65_543, 66_049, 200_003 })
        {
            var hits = new int[n];
            Flux.Kernels.Fused.InChunks(n, chunks, (start, length) => { for (var i = start; i < start + length; i++) Interlocked.Increment(ref hits[i]); });
            var bad = Array.FindIndex(hits, h => h != 1);
            Assert.True(bad < 0, $"n = {n}, {chunks} chunks: element {bad} visited {(bad < 0 ? 0 : hits[bad])} times");
        }
    }
}

/// <summary>The poisoned-allocation mode CI runs the suite in: every fresh array starts as NaN.</summary>
public class PoisonModeTests
{
    [Fact]
    public void FreshArraysAreNaNExactlyWhenPoisoningIsAsked()
    {
        var asked = Environment.GetEnvironmentVariable("FLUX_POISON_FRESH_ARRAYS") == "1";
        Assert.Equal(asked, Flux.Kernels.Fresh.Poisoned);
        var fresh = Flux.Kernels.Fresh.Array(37);
        if (asked) Assert.All(fresh, x => Assert.True(double.IsNaN(x)));
    }
}
