using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux.Kernels;

// How the fused loops read and write their elements. A formula always sees four doubles (V);
// float32 arrays are widened on load and rounded once on store, so a float32 step is its float64
// step on the same inputs, rounded to float32 (and moves half the bytes). typeof(T) tests are
// constants to the JIT, so each instantiation keeps only its own branch.
internal static partial class Fused
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Load<T>(ReadOnlySpan<T> s, int i) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
            return Vector256.LoadUnsafe(ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(s)), (nuint)i);
        var f = Vector128.LoadUnsafe(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(s)), (nuint)i);
        return Avx.IsSupported ? Avx.ConvertToVector256Double(f) : Vector256.Create(Vector128.WidenLower(f), Vector128.WidenUpper(f));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(Span<T> s, int i, V v) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            v.StoreUnsafe(ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(s)), (nuint)i);
            return;
        }
        var f = Avx.IsSupported ? Avx.ConvertToVector128Single(v) : Vector128.Narrow(v.GetLower(), v.GetUpper());
        f.StoreUnsafe(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(s)), (nuint)i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Get<T>(ReadOnlySpan<T> s, int i) where T : unmanaged =>
        typeof(T) == typeof(double) ? Unsafe.As<T, double>(ref Unsafe.AsRef(in s[i])) : Unsafe.As<T, float>(ref Unsafe.AsRef(in s[i]));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Set<T>(Span<T> s, int i, V v) where T : unmanaged
    {
        if (typeof(T) == typeof(double)) Unsafe.As<T, double>(ref s[i]) = v.ToScalar();
        else Unsafe.As<T, float>(ref s[i]) = (float)v.ToScalar();
    }
}
