using System.Collections.Immutable;
using System.Numerics.Tensors;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>ClipNorm(n)</c>: rescales the whole gradient map so its global L2 norm is at most <c>n</c>
/// (Optax's <c>clip_by_global_norm</c>), as a chain element (<c>Chain(ClipNorm(1), ADAM())</c>).
/// <code>
/// norm = sqrt(Σ over every parameter with a gradient, Σ over its elements, g²)
/// Δ    = g * (n / norm)   if norm &gt; n,   else g
/// </code>
/// Alone, it steps <c>p' = p - Δ</c>.
/// </summary>
/// <remarks><c>n == maxNorm</c>: the bound, finite and &gt; 0. State: the step count only. The
/// norm is taken over the gradients of the parameters being stepped.</remarks>
public sealed record ClipNorm : SlotRule<ClipNormState, NoSlots>
{
    /// <summary>Clipping of the global norm to <paramref name="maxNorm"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not finite and &gt; 0.</exception>
    public ClipNorm(double maxNorm) => MaxNorm = Hyperparameters.Positive("ClipNorm", nameof(maxNorm), maxNorm);

    /// <summary>n, the largest global norm let through.</summary>
    public double MaxNorm { get; }

    private protected override ImmutableArray<(string Name, double Value)> HyperparameterList => [("maxNorm", MaxNorm)];

    private protected override IOptimiser Rebuild(Func<string, double> value) => new ClipNorm(value("maxNorm"));

    private protected override string Kind => ClipNormState.KindName;

    private protected override ClipNormState NewState(long stepCount, ImmutableDictionary<ParamId, NoSlots> slots) => new(stepCount);

    private protected override NoSlots InitSlots(Param p) => default;

    private protected override double GlobalScale(Params ps, Grads grads)
    {
        var sumOfSquares = 0.0;
        foreach (var p in ps)
            if (grads.TryGet(p.Id, out var g)) sumOfSquares += TensorPrimitives.SumOfSquares(g.Span);
        var norm = Math.Sqrt(sumOfSquares);
        return norm > MaxNorm ? MaxNorm / norm : 1.0;
    }

    private protected override NoSlots Kernel<TEmit>(in StepContext context, Tensor p, Tensor g, NoSlots slots, double[] output)
    {
        Run(new Formula<TEmit>(context.Scale), p.Span, g.Span, output);
        return default;
    }

    private readonly struct Formula<TEmit>(double scale) : IFormula0 where TEmit : struct, IEmit
    {
        private readonly V _scale = Splat(scale);

        public void Apply(V p, V g, out V o) => o = TEmit.Out(p, g * _scale);
    }
}

/// <summary>The state of <see cref="ClipNorm"/>: the step count.</summary>
public sealed record ClipNormState : SlotState<NoSlots>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "ClipNorm";

    /// <summary>A state after <paramref name="stepCount"/> steps.</summary>
    public ClipNormState(long stepCount) : base(stepCount, ImmutableDictionary<ParamId, NoSlots>.Empty) { }

    /// <inheritdoc/>
    public override string Kind => KindName;
}
