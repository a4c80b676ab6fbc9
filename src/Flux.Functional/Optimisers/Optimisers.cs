using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// Every rule and building block under its Flux name, and the combinators that compose them. A rule's
/// hyperparameters left out take the defaults its <see cref="RuleDeclaration"/> states (printed by
/// <see cref="RuleDeclaration.ToString"/> and listed by <see cref="Rules"/>); a value out of range
/// throws <see cref="ArgumentOutOfRangeException"/> naming it. <see cref="Validated"/> returns
/// <c>Fin</c> instead, and <see cref="ByName"/> builds a rule from its name.
/// </summary>
/// <example>
/// <code>
/// IOptimiser opt = Optimisers.ADAM(eta: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, decay: 0);
/// var state = opt.Init(ps);
/// (state, ps) = opt.Step(state, ps, grads);
/// (state, model) = opt.Step(state, model, grads);
/// </code>
/// </example>
public static partial class Optimisers
{
    /// <inheritdoc cref="Flux.SGD"/>
    [Pure] public static Flux.SGD SGD(double? eta = null, double? decay = null) => new(eta, decay);

    /// <inheritdoc cref="Flux.Momentum"/>
    [Pure] public static Flux.Momentum Momentum(double? eta = null, double? rho = null, double? decay = null) => new(eta, rho, decay);

    /// <inheritdoc cref="Flux.Nesterov"/>
    [Pure] public static Flux.Nesterov Nesterov(double? eta = null, double? rho = null, double? decay = null) => new(eta, rho, decay);

    /// <inheritdoc cref="Flux.RMSProp"/>
    [Pure] public static Flux.RMSProp RMSProp(double? eta = null, double? rho = null, double? epsilon = null, double? decay = null) => new(eta, rho, epsilon, decay);

    /// <inheritdoc cref="Flux.ADAM"/>
    [Pure] public static Flux.ADAM ADAM(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? decay = null) => new(eta, beta1, beta2, epsilon, decay);

    /// <inheritdoc cref="Flux.AdaMax"/>
    [Pure] public static Flux.AdaMax AdaMax(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? decay = null) => new(eta, beta1, beta2, epsilon, decay);

    /// <inheritdoc cref="Flux.ADAGrad"/>
    [Pure] public static Flux.ADAGrad ADAGrad(double? eta = null, double? epsilon = null, double? decay = null) => new(eta, epsilon, decay);

    /// <inheritdoc cref="Flux.ADADelta"/>
    [Pure] public static Flux.ADADelta ADADelta(double? rho = null, double? epsilon = null, double? decay = null) => new(rho, epsilon, decay);

    /// <inheritdoc cref="Flux.AMSGrad"/>
    [Pure] public static Flux.AMSGrad AMSGrad(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? decay = null) => new(eta, beta1, beta2, epsilon, decay);

    /// <inheritdoc cref="Flux.NADAM"/>
    [Pure] public static Flux.NADAM NADAM(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? decay = null) => new(eta, beta1, beta2, epsilon, decay);

    /// <inheritdoc cref="Flux.ADAMW"/>
    [Pure] public static Flux.ADAMW ADAMW(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? decay = null) => new(eta, beta1, beta2, epsilon, decay);

    /// <inheritdoc cref="Flux.RAdam"/>
    [Pure] public static Flux.RAdam RAdam(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? threshold = null) => new(eta, beta1, beta2, epsilon, threshold);

    /// <inheritdoc cref="Flux.AdaBelief"/>
    [Pure] public static Flux.AdaBelief AdaBelief(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null) => new(eta, beta1, beta2, epsilon);

    /// <inheritdoc cref="Flux.OAdam"/>
    [Pure] public static Flux.OAdam OAdam(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null) => new(eta, beta1, beta2, epsilon);

    /// <inheritdoc cref="Flux.Rprop"/>
    [Pure] public static Flux.Rprop Rprop(double? eta = null, double? etaMinus = null, double? etaPlus = null, double? minStep = null, double? maxStep = null) => new(eta, etaMinus, etaPlus, minStep, maxStep);

    /// <inheritdoc cref="Flux.Lion"/>
    [Pure] public static Flux.Lion Lion(double? eta = null, double? beta1 = null, double? beta2 = null, double? weightDecay = null) => new(eta, beta1, beta2, weightDecay);

    /// <inheritdoc cref="Flux.AdamWTorch"/>
    [Pure] public static Flux.AdamWTorch AdamWTorch(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? weightDecay = null) => new(eta, beta1, beta2, epsilon, weightDecay);

    /// <inheritdoc cref="Flux.WeightDecay"/>
    [Pure] public static Flux.WeightDecay WeightDecay(double? gamma = null) => new(gamma);

    /// <inheritdoc cref="Flux.InvDecay"/>
    [Pure] public static Flux.InvDecay InvDecay(double? gamma = null) => new(gamma);

    /// <inheritdoc cref="Flux.ReduceOnPlateau"/>
    [Pure]
    public static Flux.ReduceOnPlateau ReduceOnPlateau(double? factor = null, double? patience = null, double? rtol = null, double? atol = null,
        double? cooldown = null, double? accumulationSize = null, double? minScale = null) => new(factor, patience, rtol, atol, cooldown, accumulationSize, minScale);

    /// <inheritdoc cref="Flux.ExpDecay"/>
    [Pure] public static Flux.ExpDecay ExpDecay(double? eta = null, double? decay = null, double? decayStep = null, double? clip = null) => new(eta, decay, decayStep, clip);

    /// <inheritdoc cref="Flux.ClipValue"/>
    [Pure] public static Flux.ClipValue ClipValue(double delta) => new(delta);

    /// <inheritdoc cref="Flux.ClipNorm"/>
    [Pure] public static Flux.ClipNorm ClipNorm(double maxNorm) => new(maxNorm);

    /// <inheritdoc cref="Flux.Partition"/>
    [Pure] public static Flux.Partition Partition(Func<Param, string> label, params (string Label, IOptimiser Optimiser)[] groups) =>
        new(label, (groups ?? throw new ArgumentNullException(nameof(groups))).Select(g => new KeyValuePair<string, IOptimiser>(g.Label, g.Optimiser)));

    /// <inheritdoc cref="Frozen"/>
    [Pure] public static Frozen Freeze(IOptimiser inner, IEnumerable<Param> frozen) => inner.Freeze(frozen);

    /// <inheritdoc cref="Frozen"/>
    [Pure] public static Frozen Freeze(IOptimiser inner, IModel frozen) => inner.Freeze(frozen);

    /// <inheritdoc cref="Flux.Scheduled"/>
    [Pure] public static Flux.Scheduled Scheduled(IOptimiser inner, string name, HyperparameterSchedule schedule) => new(inner, name, schedule);

    /// <inheritdoc cref="Flux.AccumGrad"/>
    [Pure] public static Flux.AccumGrad AccumGrad(IOptimiser inner, int n) => new(inner, n);

    /// <inheritdoc cref="Flux.FiniteOnly"/>
    [Pure] public static Flux.FiniteOnly FiniteOnly(IOptimiser inner, int maxConsecutiveSkips = Flux.FiniteOnly.DefaultMaxConsecutiveSkips) => new(inner, maxConsecutiveSkips);

    /// <inheritdoc cref="Flux.Muon"/>
    [Pure] public static Flux.Muon Muon(double? eta = null, double? mu = null, double? epsilon = null, double? weightDecay = null, bool nesterov = true, int steps = 5, IOptimiser? fallback = null) =>
        new(eta, mu, epsilon, weightDecay, nesterov, steps, fallback);

    /// <inheritdoc cref="Flux.Lookahead"/>
    [Pure] public static Flux.Lookahead Lookahead(IOptimiser inner, int k = 5, double alpha = 0.5) => new(inner, k, alpha);

    /// <inheritdoc cref="Flux.SWA"/>
    [Pure] public static Flux.SWA SWA(IOptimiser inner, long start = 1, long every = 1) => new(inner, start, every);

    /// <inheritdoc cref="Flux.EMA"/>
    [Pure] public static Flux.EMA EMA(IOptimiser inner, double beta = 0.999, bool debias = true) => new(inner, beta, debias);

    /// <inheritdoc cref="OptimiserChain"/>
    [Pure] public static OptimiserChain Chain(params IOptimiser[] elements) => new(elements);
}
