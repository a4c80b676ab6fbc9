using System.Runtime.InteropServices;

namespace Flux.Kernels;

/// <summary>The fused loops over tensors and a rule's slots: each writes the output and returns the new slots, in the order given.</summary>
internal static partial class Fused
{
    /// <summary>A formula without slots over <paramref name="p"/> and <paramref name="g"/>.</summary>
    public static ImmutableArray<Tensor> Stateless<F, T>(F f, Tensor p, Tensor g, T[] output) where F : struct, IFormula0<T> where T : unmanaged
    {
        Run(f, Elements<T>(p), Elements<T>(g), output);
        return [];
    }

    /// <summary>A formula with one slot.</summary>
    public static ImmutableArray<Tensor> OneSlot<F, T>(F f, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) where F : struct, IFormula1<T> where T : unmanaged
    {
        var a = NewArray<T>(p.Length);
        Run(f, Elements<T>(p), Elements<T>(g), Elements<T>(slots[0]), output, a);
        return [Own(p.Shape, a)];
    }

    /// <summary>A formula with two slots.</summary>
    public static ImmutableArray<Tensor> TwoSlots<F, T>(F f, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) where F : struct, IFormula2<T> where T : unmanaged
    {
        var (a, b) = (NewArray<T>(p.Length), NewArray<T>(p.Length));
        Run(f, Elements<T>(p), Elements<T>(g), Elements<T>(slots[0]), Elements<T>(slots[1]), output, a, b);
        return [Own(p.Shape, a), Own(p.Shape, b)];
    }

    /// <summary>A formula with three slots.</summary>
    public static ImmutableArray<Tensor> ThreeSlots<F, T>(F f, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) where F : struct, IFormula3<T> where T : unmanaged
    {
        var (a, b, c) = (NewArray<T>(p.Length), NewArray<T>(p.Length), NewArray<T>(p.Length));
        Run(f, Elements<T>(p), Elements<T>(g), Elements<T>(slots[0]), Elements<T>(slots[1]), Elements<T>(slots[2]), output, a, b, c);
        return [Own(p.Shape, a), Own(p.Shape, b), Own(p.Shape, c)];
    }

    /// <summary>
    /// A formula with two slots computed in double whatever the parameter's element type: a float32
    /// step is then its float64 step on the same inputs, rounded once to float (for rules whose
    /// float arithmetic would lose what they promise; see <see cref="Widened2{F}"/>).
    /// </summary>
    public static ImmutableArray<Tensor> TwoSlotsInDouble<F>(F f, Tensor p, Tensor g, ImmutableArray<Tensor> slots, Array output) where F : struct, IFormula2<double> =>
        output is float[] o ? TwoSlots(new Widened2<F>(f), p, g, slots, o) : TwoSlots(f, p, g, slots, (double[])output);

    /// <summary>A formula with three slots computed in double whatever the parameter's element type (see <see cref="TwoSlotsInDouble{F}"/>).</summary>
    public static ImmutableArray<Tensor> ThreeSlotsInDouble<F>(F f, Tensor p, Tensor g, ImmutableArray<Tensor> slots, Array output) where F : struct, IFormula3<double> =>
        output is float[] o ? ThreeSlots(new Widened3<F>(f), p, g, slots, o) : ThreeSlots(f, p, g, slots, (double[])output);

    // A step reads its gradient and slots in the parameter's type (converted if given in the other).
    private static ReadOnlySpan<T> Elements<T>(Tensor t) where T : unmanaged =>
        typeof(T) == typeof(float) ? MemoryMarshal.Cast<float, T>(t.ToFloat32().SingleSpan) : MemoryMarshal.Cast<double, T>(t.Span);

    private static T[] NewArray<T>(int n) where T : unmanaged =>
        typeof(T) == typeof(float) ? (T[])(object)Fresh.SingleArray(n) : (T[])(object)Fresh.Array(n);

    private static Tensor Own<T>(Shape shape, T[] data) where T : unmanaged =>
        data is float[] f ? Tensor.Own(shape, f) : Tensor.Own(shape, (double[])(object)data);

    /// <summary>The array a step writes parameter <paramref name="p"/>'s output into: of its element type.</summary>
    public static Array OutputFor(Tensor p) => p.ElementType == ElementType.Float32 ? Fresh.SingleArray(p.Length) : Fresh.Array(p.Length);

    /// <summary>The step <c>Δ = factor * g</c> of the scaling transforms (InvDecay, ExpDecay, ClipNorm).</summary>
    public static ImmutableArray<Tensor> Scaled<TEmit>(double factor, Tensor p, Tensor g, Array output) where TEmit : struct, IEmit =>
        output is float[] f
            ? Stateless(new ScaleFormula<TEmit, float>(factor), p, g, f)
            : Stateless(new ScaleFormula<TEmit, double>(factor), p, g, (double[])output);

    private readonly struct ScaleFormula<TEmit, T>(double factor) : IFormula0<T> where TEmit : struct, IEmit
    {
        private readonly Vector256<T> _factor = Splat<T>(factor);

        // factor * g and g * factor round alike: IEEE multiplication commutes exactly.
        public void Apply(Vector256<T> p, Vector256<T> g, out Vector256<T> o) => o = TEmit.Out(p, _factor * g);
    }

    /// <summary>Flux's inverse decay <c>s_t = 1 / (1 + decay*(t - 1))</c>; exactly 1 when decay is 0.</summary>
    public static double InverseDecay(double decay, long t) => decay == 0 ? 1.0 : 1.0 / (1.0 + decay * (t - 1));
}
