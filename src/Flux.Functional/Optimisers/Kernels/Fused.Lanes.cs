using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Flux.Kernels;

// How the fused loops read and write their elements: in the array's own type, a vector of lanes
// or one element at a time. typeof(T) tests are constants to the JIT, so each instantiation keeps
// only its own branch.
internal static partial class Fused
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Load<T>(ReadOnlySpan<T> s, int i) where T : unmanaged =>
        Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(s), (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(Span<T> s, int i, Vector256<T> v) where T : unmanaged =>
        v.StoreUnsafe(ref MemoryMarshal.GetReference(s), (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Set<T>(Span<T> s, int i, Vector256<T> v) where T : unmanaged => s[i] = v.ToScalar();

    // A slot's new value of magnitude below the smallest normal number of its type (2.2e-308 in
    // double, 1.2e-38 in float) is stored as a zero of its sign. A first moment whose gradient
    // stays zero (a dead unit, a pixel that is always blank) decays by β₁ each step into the
    // subnormal range and sticks there, since 0.9 of a few units in the last place rounds back to
    // itself; every later step would then pay the CPU's slow path for subnormal operands on most
    // of the tensor (a 784-128-10 ADAM step ran 4× slower after 40,000 steps). The step it changes
    // is below 10⁻³⁰ of the parameter in float (10⁻³⁰⁰ in double): no parameter's bits change in
    // practice, only the slot's.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> FlushSubnormal<T>(Vector256<T> v) =>
        Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(v), SmallestNormal<T>()), v & NegativeZero<T>(), v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> SmallestNormal<T>() =>
        typeof(T) == typeof(float)
            ? Vector256.Create(BitConverter.Int32BitsToSingle(0x0080_0000)).As<float, T>()
            : Vector256.Create(BitConverter.Int64BitsToDouble(0x0010_0000_0000_0000)).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> NegativeZero<T>() =>
        typeof(T) == typeof(float) ? Vector256.Create(-0.0f).As<float, T>() : Vector256.Create(-0.0).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreSlot<T>(Span<T> s, int i, Vector256<T> v) where T : unmanaged => Store(s, i, FlushSubnormal(v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SetSlot<T>(Span<T> s, int i, Vector256<T> v) where T : unmanaged => Set(s, i, FlushSubnormal(v));
}
