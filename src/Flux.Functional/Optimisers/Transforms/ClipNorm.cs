using static Flux.Kernels.Fused;
using System.Numerics.Tensors;

namespace Flux;

/// <summary>
/// <c>ClipNorm</c>: rescales the whole gradient map so its global L2 norm is at most <c>n</c>
/// (Optax's <c>clip_by_global_norm</c>), as a chain element (<c>Chain(ClipNorm(1), ADAM())</c>).
/// <code>
/// norm = sqrt(Σ over every parameter with a gradient, Σ over its elements, g²)
/// Δ    = g * (n / norm)   if norm &gt; n,   else g
/// </code>
/// Alone, it steps <c>p' = p - Δ</c>.
/// </summary>
/// <remarks><c>n == maxNorm</c>: the bound, finite and &gt; 0. State: the step count only. The
/// norm is taken over the gradients of the parameters being stepped.</remarks>
public sealed record ClipNorm : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("ClipNorm", "scales the whole gradient down to a norm of at most n", [], new Hyperparameter("maxNorm", "n", null, HyperparameterRange.Positive, "the largest norm"));

    /// <summary>ClipNorm with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public ClipNorm(double? maxNorm = null) : base(Declared, maxNorm) { }

    private protected override double GlobalScale(Params ps, Grads grads)
    {
        var sumOfSquares = 0.0;
        foreach (var p in ps)
            if (grads.TryGet(p.Id, out var g)) sumOfSquares += TensorPrimitives.SumOfSquares(g.Span);
        var norm = Math.Sqrt(sumOfSquares);
        return norm > this["maxNorm"] ? this["maxNorm"] / norm : 1.0;
    }

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        Scaled<TEmit>(step.Scale, p, g, output);
}
