using static Flux.Kernels.Fused;

namespace Flux;

/// <summary>
/// <c>Rprop</c>: resilient backpropagation
/// (iRprop-, as Optimisers.jl's <c>Rprop</c> and Optax's <c>rprop</c>): each element has its own step
/// size, grown while the gradient keeps its sign and shrunk when it flips; only the gradient's
/// sign is used.
/// <code>
/// q  = h*g                                   h: the last gradient kept, starts at 0
/// s' = min(s*ℓ+, Γmax)  if q &gt; 0             s: the step sizes, start at η
///      max(s*ℓ-, Γmin)  if q &lt; 0
///      s                if q = 0
/// h' = 0 if q &lt; 0, else g                   (after a flip, the next step does not compare)
/// Δ  = s' * sign(h')
/// p' = p - Δ
/// </code>
/// </summary>
/// <remarks>
/// η only sets the step sizes of a parameter's first step (set by <c>Init</c>): adjusting it later
/// leaves the running step sizes, which are state, as they are. Closed form, constant gradient
/// <c>g</c> (η ≤ Γmax): step t is <c>min(η*ℓ+^(t-1), Γmax) * sign(g)</c>; a gradient that flips sign
/// every step gives a step of 0 after each flip. State: <c>h</c> and <c>s</c> per parameter .
/// </remarks>
public sealed record Rprop : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("Rprop", "resilient backpropagation: a step size per element from the gradient's sign", ["h", "s"],
        new("eta", "η", 0.001, HyperparameterRange.Positive, "the initial step size"),
        new("etaMinus", "ℓ-", 0.5, new(0, true, 1, false), "the shrink factor"),
        new("etaPlus", "ℓ+", 1.2, new(1, false, double.PositiveInfinity, true), "the growth factor"),
        new("minStep", "Γmin", 1e-6, HyperparameterRange.Positive, "the smallest step size"),
        new("maxStep", "Γmax", 50, HyperparameterRange.Positive, "the largest step size, at least Γmin"));

    /// <summary>Rprop with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public Rprop(double? eta = null, double? etaMinus = null, double? etaPlus = null, double? minStep = null, double? maxStep = null) : base(Declared, eta, etaMinus, etaPlus, minStep, maxStep) { }

    private protected override void CheckTogether()
    {
        if (this["maxStep"] < this["minStep"])
            throw new ArgumentOutOfRangeException("maxStep", this["maxStep"], $"Rprop: maxStep must be finite and at least minStep = {Format(this["minStep"])}; got {Format(this["maxStep"])}.");
    }

    private protected override ImmutableArray<Tensor> InitSlots(Param p) => [p.Value.ZerosLike(), Tensor.Fill(this["eta"], p.Shape, p.ElementType)];

    private protected override ImmutableArray<Tensor> Kernel<TEmit, T>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, T[] output) =>
        TwoSlots(new Formula<TEmit, T>(this["etaMinus"], this["etaPlus"], this["minStep"], this["maxStep"]), p, g, slots, output);

    private readonly struct Formula<TEmit, T>(double etaMinus, double etaPlus, double minStep, double maxStep) : IFormula2<T>
        where TEmit : struct, IEmit
    {
        private readonly Vector256<T> _minus = Splat<T>(etaMinus), _plus = Splat<T>(etaPlus), _min = Splat<T>(minStep), _max = Splat<T>(maxStep);

        public void Apply(Vector256<T> p, Vector256<T> g, Vector256<T> h, Vector256<T> s, out Vector256<T> o, out Vector256<T> h2, out Vector256<T> s2)
        {
            var q = h * g;
            var grow = Vector256.GreaterThan(q, Vector256<T>.Zero);
            var flip = Vector256.LessThan(q, Vector256<T>.Zero);
            s2 = Vector256.ConditionalSelect(grow, Vector256.Min(s * _plus, _max),
                Vector256.ConditionalSelect(flip, Vector256.Max(s * _minus, _min), s));
            h2 = Vector256.ConditionalSelect(flip, Vector256<T>.Zero, g);
            o = TEmit.Out(p, s2 * Sign(h2));
        }
    }
}
