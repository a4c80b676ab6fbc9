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

    // A slot's new value of magnitude below the smallest normal double (2.2e-308) is stored as a zero
    // of its sign. A first moment whose gradient stays zero (a dead unit, a pixel that is always
    // blank) decays by β₁ each step into the subnormal range and sticks there, since 0.9 of a few
    // units in the last place rounds back to itself; every later step would then pay the CPU's slow
    // path for subnormal operands on most of the tensor (a 784-128-10 ADAM step ran 4× slower
    // after 40,000 steps). The step it changes is below 10⁻³⁰⁰ of the parameter: no parameter's
    // bits change in practice, only the slot's.
    private static readonly V SmallestNormal = Vector256.Create(BitConverter.Int64BitsToDouble(0x0010_0000_0000_0000));
    private static readonly V SignBit = Vector256.Create(-0.0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V FlushSubnormal(V v) =>
        Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(v), SmallestNormal), v & SignBit, v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreSlot<T>(Span<T> s, int i, V v) where T : unmanaged => Store(s, i, FlushSubnormal(v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SetSlot<T>(Span<T> s, int i, V v) where T : unmanaged => Set(s, i, FlushSubnormal(v));
}
