using Flux.Kernels;
using Xunit;

namespace Flux.Tests.Unit.Core;

/// <summary>
/// The kernels' parallel loop: every item runs exactly once and has run when the call returns,
/// whether the helpers are spinning, parked or busy with another caller's job; an exception reaches
/// the caller after the other items ran; a call from inside an item completes.
/// </summary>
public class WorkersTests
{
    private static int[] RunCounting(int count)
    {
        var runs = new int[count];
        Workers.For(count, i => Interlocked.Increment(ref runs[i]));
        return runs;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(1000)]
    public void EveryItemRunsExactlyOnce(int count)
    {
        for (var repeat = 0; repeat < 200; repeat++)
            Assert.All(RunCounting(count), runs => Assert.Equal(1, runs));
    }

    [Fact]
    public void ItemsRunExactlyOnceAfterTheHelpersHaveParked()
    {
        for (var repeat = 0; repeat < 5; repeat++)
        {
            Thread.Sleep(Workers.SpinTime * 5); // long enough for every helper to park
            Assert.All(RunCounting(16), runs => Assert.Equal(1, runs));
        }
    }

    // Items slow enough that a helper is still in one when the caller runs out of items to take.
    [Fact]
    public void EveryItemHasWrittenItsPartWhenTheCallReturns()
    {
        var output = new int[64 * 16];
        for (var repeat = 1; repeat <= 50; repeat++)
        {
            Workers.For(16, c =>
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (clock.Elapsed.TotalMicroseconds < 100 + 20 * c) Thread.SpinWait(10);
                output.AsSpan(c * 64, 64).Fill(repeat);
            });
            Assert.All(output, x => Assert.Equal(repeat, x));
        }
    }

    [Fact]
    public void CallersOnSeveralThreadsEachGetAllTheirItems()
    {
        var failures = 0;
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            for (var repeat = 0; repeat < 300; repeat++)
                if (RunCounting(9).Any(runs => runs != 1)) Interlocked.Increment(ref failures);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(0, failures);
    }

    [Fact]
    public void ACallFromInsideAnItemCompletes()
    {
        var inner = new int[8 * 5];
        Workers.For(8, i => Workers.For(5, j => Interlocked.Increment(ref inner[i * 5 + j])));
        Assert.All(inner, runs => Assert.Equal(1, runs));
    }

    [Fact]
    public void AnExceptionReachesTheCallerAfterTheOtherItemsRan()
    {
        var runs = new int[32];
        var e = Assert.Throws<InvalidOperationException>(() => Workers.For(32, i =>
        {
            Interlocked.Increment(ref runs[i]);
            if (i == 5) throw new InvalidOperationException("item 5");
        }));
        Assert.Equal("item 5", e.Message);
        Assert.All(runs, r => Assert.Equal(1, r));
        Assert.All(RunCounting(32), r => Assert.Equal(1, r)); // and the loop still works
    }
}
