namespace Flux.Kernels;

/// <summary>The fused loops over tensors and a rule's slots: each writes the output and returns the new slots, in the order given.</summary>
internal static partial class Fused
{
    /// <summary>A formula without slots over <paramref name="p"/> and <paramref name="g"/>.</summary>
    public static ImmutableArray<Tensor> Stateless<F>(F f, Tensor p, Tensor g, Array output) where F : struct, IFormula0
    {
        if (output is float[] o) Run(f, Single(p), Single(g), o);
        else Run(f, p.Span, g.Span, (double[])output);
        return [];
    }

    /// <summary>A formula with one slot.</summary>
    public static ImmutableArray<Tensor> OneSlot<F>(F f, Tensor p, Tensor g, ImmutableArray<Tensor> slots, Array output) where F : struct, IFormula1
    {
        if (output is float[] o)
        {
            var a = Fresh.SingleArray(p.Length);
            Run(f, Single(p), Single(g), Single(slots[0]), o, a);
            return [Tensor.Own(p.Shape, a)];
        }
        var d = NewArray(p.Length);
        Run(f, p.Span, g.Span, slots[0].Span, (double[])output, d);
        return [Tensor.Own(p.Shape, d)];
    }

    /// <summary>A formula with two slots.</summary>
    public static ImmutableArray<Tensor> TwoSlots<F>(F f, Tensor p, Tensor g, ImmutableArray<Tensor> slots, Array output) where F : struct, IFormula2
    {
        if (output is float[] o)
        {
            var (a, b) = (Fresh.SingleArray(p.Length), Fresh.SingleArray(p.Length));
            Run(f, Single(p), Single(g), Single(slots[0]), Single(slots[1]), o, a, b);
            return [Tensor.Own(p.Shape, a), Tensor.Own(p.Shape, b)];
        }
        var (da, db) = (NewArray(p.Length), NewArray(p.Length));
        Run(f, p.Span, g.Span, slots[0].Span, slots[1].Span, (double[])output, da, db);
        return [Tensor.Own(p.Shape, da), Tensor.Own(p.Shape, db)];
    }

    /// <summary>A formula with three slots.</summary>
    public static ImmutableArray<Tensor> ThreeSlots<F>(F f, Tensor p, Tensor g, ImmutableArray<Tensor> slots, Array output) where F : struct, IFormula3
    {
        if (output is float[] o)
        {
            var (a, b, c) = (Fresh.SingleArray(p.Length), Fresh.SingleArray(p.Length), Fresh.SingleArray(p.Length));
            Run(f, Single(p), Single(g), Single(slots[0]), Single(slots[1]), Single(slots[2]), o, a, b, c);
            return [Tensor.Own(p.Shape, a), Tensor.Own(p.Shape, b), Tensor.Own(p.Shape, c)];
        }
        var (da, db, dc) = (NewArray(p.Length), NewArray(p.Length), NewArray(p.Length));
        Run(f, p.Span, g.Span, slots[0].Span, slots[1].Span, slots[2].Span, (double[])output, da, db, dc);
        return [Tensor.Own(p.Shape, da), Tensor.Own(p.Shape, db), Tensor.Own(p.Shape, dc)];
    }

    // A float32 step reads its gradient and slots as floats too (converted if given in float64).
    private static ReadOnlySpan<float> Single(Tensor t) => t.ToFloat32().Single;

    /// <summary>The array a step writes parameter <paramref name="p"/>'s output into: of its element type.</summary>
    public static Array OutputFor(Tensor p) => p.ElementType == ElementType.Float32 ? Fresh.SingleArray(p.Length) : NewArray(p.Length);

    /// <summary>The step <c>Δ = factor * g</c> of the scaling transforms (InvDecay, ExpDecay, ClipNorm).</summary>
    public static ImmutableArray<Tensor> Scaled<TEmit>(double factor, Tensor p, Tensor g, Array output) where TEmit : struct, IEmit =>
        Stateless(new ScaleFormula<TEmit>(factor), p, g, output);

    private readonly struct ScaleFormula<TEmit>(double factor) : IFormula0 where TEmit : struct, IEmit
    {
        private readonly Vector256<double> _factor = Splat(factor);

        // factor * g and g * factor round alike: IEEE multiplication commutes exactly.
        public void Apply(Vector256<double> p, Vector256<double> g, out Vector256<double> o) => o = TEmit.Out(p, _factor * g);
    }

    /// <summary>Flux's inverse decay <c>s_t = 1 / (1 + decay*(t - 1))</c>; exactly 1 when decay is 0.</summary>
    public static double InverseDecay(double decay, long t) => decay == 0 ? 1.0 : 1.0 / (1.0 + decay * (t - 1));
}
