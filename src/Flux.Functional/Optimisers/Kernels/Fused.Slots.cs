namespace Flux.Kernels;

/// <summary>The fused loops over tensors and a rule's slots: each writes the output and returns the new slots, in the order given.</summary>
internal static partial class Fused
{
    /// <summary>A formula without slots over <paramref name="p"/> and <paramref name="g"/>.</summary>
    public static ImmutableArray<Tensor> Stateless<F>(F f, Tensor p, Tensor g, double[] output) where F : struct, IFormula0
    {
        Run(f, p.Span, g.Span, output);
        return [];
    }

    /// <summary>A formula with one slot.</summary>
    public static ImmutableArray<Tensor> OneSlot<F>(F f, Tensor p, Tensor g, ImmutableArray<Tensor> slots, double[] output) where F : struct, IFormula1
    {
        var a = NewArray(p.Length);
        Run(f, p.Span, g.Span, slots[0].Span, output, a);
        return [Tensor.Own(p.Shape, a)];
    }

    /// <summary>A formula with two slots.</summary>
    public static ImmutableArray<Tensor> TwoSlots<F>(F f, Tensor p, Tensor g, ImmutableArray<Tensor> slots, double[] output) where F : struct, IFormula2
    {
        var (a, b) = (NewArray(p.Length), NewArray(p.Length));
        Run(f, p.Span, g.Span, slots[0].Span, slots[1].Span, output, a, b);
        return [Tensor.Own(p.Shape, a), Tensor.Own(p.Shape, b)];
    }

    /// <summary>A formula with three slots.</summary>
    public static ImmutableArray<Tensor> ThreeSlots<F>(F f, Tensor p, Tensor g, ImmutableArray<Tensor> slots, double[] output) where F : struct, IFormula3
    {
        var (a, b, c) = (NewArray(p.Length), NewArray(p.Length), NewArray(p.Length));
        Run(f, p.Span, g.Span, slots[0].Span, slots[1].Span, slots[2].Span, output, a, b, c);
        return [Tensor.Own(p.Shape, a), Tensor.Own(p.Shape, b), Tensor.Own(p.Shape, c)];
    }

    /// <summary>The step <c>Δ = factor * g</c> of the scaling transforms (InvDecay, ExpDecay, ClipNorm).</summary>
    public static ImmutableArray<Tensor> Scaled<TEmit>(double factor, Tensor p, Tensor g, double[] output) where TEmit : struct, IEmit =>
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
