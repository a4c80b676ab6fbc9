namespace Flux.Kernels;

/// <summary>
/// The one place the library allocates the arrays its kernels write: uninitialised ones whose every
/// element the caller writes (<see cref="Array"/>) and zeroed ones that it accumulates into
/// (<see cref="Zeroed"/>).
/// </summary>
/// <remarks>
/// <para>
/// Uninitialised arrays skip zeroing (<see cref="GC.AllocateUninitializedArray{T}"/>), so an element
/// a kernel forgets to write would hold leftover memory, often a plausible value. Setting the
/// environment variable <c>FLUX_POISON_FRESH_ARRAYS=1</c> before the process starts fills every
/// such array with NaN instead, reused ones included, so an unwritten element shows up in every
/// result that reads it; the test suite runs once in this mode.
/// </para>
/// <para>
/// While a <see cref="BufferPool"/> is active on the thread (inside a training fold's step), large
/// arrays come from it instead of the collector.
/// </para>
/// </remarks>
internal static class Fresh
{
    /// <summary>Whether fresh arrays are filled with NaN: read once, at first use.</summary>
    public static bool Poisoned { get; } = Environment.GetEnvironmentVariable("FLUX_POISON_FRESH_ARRAYS") == "1";

    /// <summary>A new array of <paramref name="n"/> doubles whose every element the caller writes.</summary>
    public static double[] Array(int n) => Uninitialised(n, double.NaN);

    /// <summary>A new array of <paramref name="n"/> zeros.</summary>
    public static double[] Zeroed(int n) => Zeros<double>(n);

    /// <summary>A new array of <paramref name="n"/> floats whose every element the caller writes.</summary>
    public static float[] SingleArray(int n) => Uninitialised(n, float.NaN);

    /// <summary>A new array of <paramref name="n"/> float zeros.</summary>
    public static float[] ZeroedSingle(int n) => Zeros<float>(n);

    private static T[] Uninitialised<T>(int n, T poison) where T : unmanaged
    {
        var a = n >= BufferPool.MinLength && BufferPool.Active is { } pool
            ? pool.Take<T>(n)
            : GC.AllocateUninitializedArray<T>(n);
        if (Poisoned) a.AsSpan().Fill(poison);
        return a;
    }

    private static T[] Zeros<T>(int n) where T : unmanaged
    {
        if (n < BufferPool.MinLength || BufferPool.Active is not { } pool) return new T[n];
        var a = pool.Take<T>(n);
        a.AsSpan().Clear();
        return a;
    }
}
