using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>ADAGrad</c>: steps scaled by the root of the sum of squared gradients.
/// <code>
/// acc' = acc + g²               acc starts at ϵ (every element)
/// Δ    = η*g / sqrt(acc')
/// Δ    = s_t * Δ                s_t = 1 / (1 + decay*(t - 1))   (scales Δ)
/// p'   = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// State: <c>acc</c> per parameter .
/// </remarks>
public sealed record ADAGrad : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("ADAGrad", "gradient scaled by its accumulated square", ["acc"], Hyperparameter.Eta(0.01), Hyperparameter.Epsilon(1e-8), Hyperparameter.Decay());

    /// <summary>ADAGrad with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public ADAGrad(double? eta = null, double? epsilon = null, double? decay = null) : base(Declared, eta, epsilon, decay) { }

    private protected override ImmutableArray<Tensor> InitSlots(Param p) => [Tensor.Fill(this["epsilon"], p.Shape, p.ElementType)];

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        OneSlot(new Formula<TEmit, T>(this["eta"], InverseDecay(this["decay"], step.T)), p, g, slots, output);

    private readonly struct Formula<TEmit, T>(double eta, double s) : IFormula1<T> where TEmit : struct, IEmit
    {
        private readonly Vector256<T> _eta = Splat<T>(eta), _s = Splat<T>(s);

        public void Apply(Vector256<T> p, Vector256<T> g, Vector256<T> acc, out Vector256<T> o, out Vector256<T> acc2)
        {
            acc2 = acc + g * g;
            var delta = _eta * g / Vector256.Sqrt(acc2);
            o = TEmit.Out(p, _s * delta);
        }
    }
}
