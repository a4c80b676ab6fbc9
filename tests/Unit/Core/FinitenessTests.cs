using Xunit;

namespace Flux.Tests.Unit.Core;

/// <summary>
/// <see cref="Tensor.IsFinite"/>, which the training fold asks of every parameter after every step:
/// a NaN or an infinity anywhere (in the vector body or the tail, in either type, in any of the parts
/// a long tensor is checked in on the cores) makes it false, and finite values whose sum overflows do not.
/// </summary>
public class FinitenessTests
{
    public static TheoryData<ElementType, int> Cases()
    {
        var data = new TheoryData<ElementType, int>();
        foreach (var type in new[] { ElementType.Float64, ElementType.Float32 })
            foreach (var n in new[] { 1, 7, 8, 9, 33, 1000, Kernels.Finiteness.ParallelLength - 1, Kernels.Finiteness.ParallelLength, 100_003 }) data.Add(type, n);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_tensor_of_ordinary_values_is_finite(ElementType type, int n) =>
        Assert.True(Tensor.Fill(0.5, Shape.Vector(n), type).IsFinite());

    [Theory]
    [MemberData(nameof(Cases))]
    public void One_NaN_or_infinity_anywhere_makes_it_not_finite(ElementType type, int n)
    {
        foreach (var bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            foreach (var at in new[] { 0, n / 2, n - 1, LastChunkStart(n) })
            {
                var values = Enumerable.Repeat(0.5, n).ToArray();
                values[at] = bad;
                Assert.False(Tensor.FromArray(values, n).ToElementType(type).IsFinite(), $"{bad} at {at} of {n} in {type}");
            }
    }

    // Where the check is shared among the cores, the first element of the last part.
    private static int LastChunkStart(int n)
    {
        var chunks = Kernels.Workers.Chunks;
        return n < Kernels.Finiteness.ParallelLength ? 0 : (chunks - 1) * ((n + chunks - 1) / chunks);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Opposite_infinities_are_not_finite(ElementType type, int n)
    {
        if (n < 2) return;
        var values = Enumerable.Repeat(0.5, n).ToArray();
        (values[0], values[n - 1]) = (double.PositiveInfinity, double.NegativeInfinity);
        Assert.False(Tensor.FromArray(values, n).ToElementType(type).IsFinite());
    }

    [Theory]
    [InlineData(ElementType.Float64, double.MaxValue)]
    [InlineData(ElementType.Float32, float.MaxValue)]
    public void Finite_values_whose_sum_overflows_are_finite(ElementType type, double max)
    {
        Assert.True(Tensor.Fill(max, Shape.Vector(17), type).IsFinite());
        Assert.True(Tensor.Fill(max, Shape.Vector(100_003), type).IsFinite());
    }
}
