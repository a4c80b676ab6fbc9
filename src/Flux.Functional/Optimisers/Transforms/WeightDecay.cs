using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>WeightDecay</c>: adds L2 weight decay to the gradient, as a chain element
/// (<c>Chain(WeightDecay(1e-4), ADAM())</c>).
/// <code>
/// Δ = g + γ*p
/// </code>
/// Alone, it steps <c>p' = p - Δ</c>.
/// </summary>
/// <remarks>L2 regularisation folded into the gradient, before the rule sees it (Flux's <c>WeightDecay</c>, Optax's <c>add_decayed_weights</c>). State: the step count only.</remarks>
public sealed record WeightDecay : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("WeightDecay", "adds γ·p to the gradient (L2 regularisation)", [], new Hyperparameter("gamma", "γ", 0, HyperparameterRange.NonNegative, "the weight decay"));

    /// <summary>WeightDecay with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public WeightDecay(double? gamma = null) : base(Declared, gamma) { }

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        Stateless(new Formula<TEmit, T>(this["gamma"]), p, g, output);

    private readonly struct Formula<TEmit, T>(double gamma) : IFormula0<T> where TEmit : struct, IEmit
    {
        private readonly Vector256<T> _gamma = Splat<T>(gamma);

        public void Apply(Vector256<T> p, Vector256<T> g, out Vector256<T> o) => o = TEmit.Out(p, g + _gamma * p);
    }
}
