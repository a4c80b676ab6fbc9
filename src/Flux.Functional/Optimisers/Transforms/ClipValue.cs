using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>ClipValue</c>: clamps each gradient element to <c>[-δ, δ]</c>, as a chain element
/// (<c>Chain(ClipValue(1), ADAM())</c>).
/// <code>
/// Δ = min(max(g, -δ), δ)
/// </code>
/// Alone, it steps <c>p' = p - Δ</c>.
/// </summary>
/// <remarks><c>δ == delta</c>: the bound, finite and &gt; 0. State: the step count only. A NaN element stays NaN.</remarks>
public sealed record ClipValue : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("ClipValue", "clips each element of the gradient to [-δ, δ]", [], new Hyperparameter("delta", "δ", null, HyperparameterRange.Positive, "the bound"));

    /// <summary>ClipValue with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public ClipValue(double? delta = null) : base(Declared, delta) { }

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        Stateless(new Formula<TEmit, T>(this["delta"]), p, g, output);

    private readonly struct Formula<TEmit, T>(double delta) : IFormula0<T> where TEmit : struct, IEmit
    {
        private readonly Vector256<T> _low = Splat<T>(-delta), _high = Splat<T>(delta);

        public void Apply(Vector256<T> p, Vector256<T> g, out Vector256<T> o) => o = TEmit.Out(p, Vector256.Min(Vector256.Max(g, _low), _high));
    }
}
