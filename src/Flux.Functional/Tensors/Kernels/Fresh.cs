namespace Flux.Kernels;

/// <summary>
/// The one place the library allocates an array whose every element the caller is about to write.
/// </summary>
/// <remarks>
/// Such arrays skip zeroing (<see cref="GC.AllocateUninitializedArray{T}"/>), so an element a
/// kernel forgets to write would hold leftover memory, often a plausible value. Setting the
/// environment variable <c>FLUX_POISON_FRESH_ARRAYS=1</c> before the process starts fills every
/// fresh array with NaN instead, so an unwritten element shows up in every result that reads it;
/// the test suite runs once in this mode. Arrays that must start at zero (accumulators, the
/// matrix product's output) are allocated with <c>new double[n]</c>, not here.
/// </remarks>
internal static class Fresh
{
    /// <summary>Whether fresh arrays are filled with NaN: read once, at first use.</summary>
    public static bool Poisoned { get; } = Environment.GetEnvironmentVariable("FLUX_POISON_FRESH_ARRAYS") == "1";

    /// <summary>A new array of <paramref name="n"/> doubles whose every element the caller writes.</summary>
    public static double[] Array(int n)
    {
        var a = GC.AllocateUninitializedArray<double>(n);
        if (Poisoned) a.AsSpan().Fill(double.NaN);
        return a;
    }
}
