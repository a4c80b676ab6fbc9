using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>SGD</c>: plain gradient descent (Flux's <c>Descent</c>).
/// <code>
/// p' = p - η * s_t * g          s_t = 1 / (1 + decay*(t - 1))   (scales g)
/// </code>
/// </summary>
/// <remarks>
/// State: the step count only .
/// </remarks>
public sealed record SGD : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("SGD", "gradient descent", [], Hyperparameter.Eta(0.1), Hyperparameter.Decay());

    /// <summary>SGD with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public SGD(double? eta = null, double? decay = null) : base(Declared, eta, decay) { }

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        Stateless(new Formula<TEmit, T>(this["eta"], InverseDecay(this["decay"], step.T)), p, g, output);

    private readonly struct Formula<TEmit, T>(double eta, double s) : IFormula0<T> where TEmit : struct, IEmit
    {
        private readonly Vector256<T> _eta = Splat<T>(eta), _s = Splat<T>(s);

        public void Apply(Vector256<T> p, Vector256<T> g, out Vector256<T> o) => o = TEmit.Out(p, _eta * (_s * g));
    }
}
