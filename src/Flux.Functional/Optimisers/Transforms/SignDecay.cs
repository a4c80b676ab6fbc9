using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>SignDecay</c> (Optimisers.jl's <c>SignDecay</c>): L1 regularisation (the lasso) as a gradient
/// transformation, put first in a chain.
/// <code>
/// Δ = g + λ*sign(p)
/// </code>
/// </summary>
/// <remarks>No state. <c>sign(0) = 0</c>, so a parameter at exactly 0 is not pushed either way.</remarks>
public sealed record SignDecay : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("SignDecay", "adds λ·sign(p) to the gradient (L1 regularisation)", [],
        new Hyperparameter("lambda", "λ", 1e-3, HyperparameterRange.NonNegative, "the strength of the L1 penalty"));

    /// <summary>SignDecay with the given strength; left out, its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">λ is out of range; the message names it, its range and its value.</exception>
    public SignDecay(double? lambda = null) : base(Declared, lambda) { }

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        Stateless(new Formula<TEmit, T>(this["lambda"]), p, g, output);

    private readonly struct Formula<TEmit, T>(double lambda) : IFormula0<T> where TEmit : struct, IEmit
    {
        private readonly Vector256<T> _lambda = Splat<T>(lambda);

        public void Apply(Vector256<T> p, Vector256<T> g, out Vector256<T> o) => o = TEmit.Out(p, g + _lambda * Sign(p));
    }
}
