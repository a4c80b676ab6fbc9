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
        var big = new Param("big", Tensor.Randn(1, n));
        var gradient = Tensor.Randn(2, n);
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
