using System.Diagnostics.Contracts;
using LanguageExt;
using LanguageExt.Common;

namespace Flux;

/// <summary>
/// The rules of the Flux optimiser reference under their Flux names and defaults, and the building
/// blocks to chain them. Every factory validates its hyperparameters and throws
/// <see cref="ArgumentOutOfRangeException"/> naming the parameter and its value;
/// <see cref="Validated"/> has the same factories returning <see cref="Fin{A}"/> instead.
/// </summary>
/// <example>
/// <code>
/// IOptimiser opt = Optimisers.ADAM(eta: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, decay: 0);
/// var state = opt.Init(ps);
/// (state, ps) = opt.Step(state, ps, grads);
/// (state, model) = opt.Step(state, model, grads);
/// </code>
/// </example>
public static class Optimisers
{
    /// <inheritdoc cref="Sgd"/>
    [Pure] public static Sgd SGD(double eta = 0.1, double decay = 0) => new(eta, decay);

    /// <inheritdoc cref="Flux.Momentum"/>
    [Pure] public static Flux.Momentum Momentum(double eta = 0.01, double rho = 0.9, double decay = 0) => new(eta, rho, decay);

    /// <inheritdoc cref="Flux.Nesterov"/>
    [Pure] public static Flux.Nesterov Nesterov(double eta = 0.01, double rho = 0.9, double decay = 0) => new(eta, rho, decay);

    /// <inheritdoc cref="RmsProp"/>
    [Pure] public static RmsProp RMSProp(double eta = 0.001, double rho = 0.9, double epsilon = 1e-8, double decay = 0) => new(eta, rho, epsilon, decay);

    /// <inheritdoc cref="Adam"/>
    [Pure] public static Adam ADAM(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double decay = 0) =>
        new(eta, beta1, beta2, epsilon, decay);

    /// <inheritdoc cref="Flux.AdaMax"/>
    [Pure] public static Flux.AdaMax AdaMax(double eta = 0.002, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double decay = 0) =>
        new(eta, beta1, beta2, epsilon, decay);

    /// <inheritdoc cref="AdaGrad"/>
    [Pure] public static AdaGrad ADAGrad(double eta = 0.01, double epsilon = 1e-8, double decay = 0) => new(eta, epsilon, decay);

    /// <inheritdoc cref="AdaDelta"/>
    [Pure] public static AdaDelta ADADelta(double rho = 0.9, double epsilon = 1e-8, double decay = 0) => new(rho, epsilon, decay);

    /// <inheritdoc cref="AmsGrad"/>
    [Pure] public static AmsGrad AMSGrad(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double decay = 0) =>
        new(eta, beta1, beta2, epsilon, decay);

    /// <inheritdoc cref="NAdam"/>
    [Pure] public static NAdam NADAM(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double decay = 0) =>
        new(eta, beta1, beta2, epsilon, decay);

    /// <inheritdoc cref="AdamW"/>
    [Pure] public static AdamW ADAMW(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double decay = 0) =>
        new(eta, beta1, beta2, epsilon, decay);

    /// <inheritdoc cref="Flux.RAdam"/>
    [Pure] public static Flux.RAdam RAdam(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double threshold = 5) =>
        new(eta, beta1, beta2, epsilon, threshold);

    /// <inheritdoc cref="Flux.AdaBelief"/>
    [Pure] public static Flux.AdaBelief AdaBelief(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-16) =>
        new(eta, beta1, beta2, epsilon);

    /// <inheritdoc cref="Flux.OAdam"/>
    [Pure] public static Flux.OAdam OAdam(double eta = 0.001, double beta1 = 0.5, double beta2 = 0.9, double epsilon = 1e-8) =>
        new(eta, beta1, beta2, epsilon);

    /// <inheritdoc cref="Flux.Rprop"/>
    [Pure] public static Flux.Rprop Rprop(double eta = 0.001, double etaMinus = 0.5, double etaPlus = 1.2, double minStep = 1e-6, double maxStep = 50) =>
        new(eta, etaMinus, etaPlus, minStep, maxStep);

    /// <inheritdoc cref="Flux.Lion"/>
    [Pure] public static Flux.Lion Lion(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.99, double weightDecay = 0) =>
        new(eta, beta1, beta2, weightDecay);

    /// <inheritdoc cref="Flux.AdamWTorch"/>
    [Pure] public static Flux.AdamWTorch AdamWTorch(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01) =>
        new(eta, beta1, beta2, epsilon, weightDecay);

    /// <inheritdoc cref="Flux.Partition"/>
    [Pure] public static Flux.Partition Partition(Func<Param, string> label, params (string Label, IOptimiser Optimiser)[] groups) =>
        new(label, (groups ?? throw new ArgumentNullException(nameof(groups))).Select(g => new KeyValuePair<string, IOptimiser>(g.Label, g.Optimiser)));

    /// <summary>
    /// One optimiser per layer of <paramref name="chain"/> (per-layer learning rates):
    /// <c>Partition(ParamLabels.ByLayer(chain), ("0", perLayer[0]), ("1", perLayer[1]), …)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Not one optimiser per layer.</exception>
    [Pure]
    public static Flux.Partition PerLayer(Chain chain, params IOptimiser[] perLayer)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(perLayer);
        if (perLayer.Length != chain.Count)
            throw new ArgumentException($"PerLayer: the chain has {chain.Count} layers; {perLayer.Length} optimisers were given.", nameof(perLayer));
        return new(ParamLabels.ByLayer(chain),
            perLayer.Select((o, i) => new KeyValuePair<string, IOptimiser>(i.ToString(System.Globalization.CultureInfo.InvariantCulture), o)));
    }

    /// <inheritdoc cref="Frozen"/>
    [Pure] public static Frozen Freeze(IOptimiser inner, IEnumerable<Param> frozen) => inner.Freeze(frozen);

    /// <inheritdoc cref="Frozen"/>
    [Pure] public static Frozen Freeze(IOptimiser inner, IModel frozen) => inner.Freeze(frozen);

    /// <inheritdoc cref="Flux.Scheduled"/>
    [Pure] public static Flux.Scheduled Scheduled(IOptimiser inner, string name, Schedule schedule) => new(inner, name, schedule);

    /// <inheritdoc cref="Flux.AccumGrad"/>
    [Pure] public static Flux.AccumGrad AccumGrad(IOptimiser inner, int n) => new(inner, n);

    /// <inheritdoc cref="Flux.FiniteOnly"/>
    [Pure] public static Flux.FiniteOnly FiniteOnly(IOptimiser inner, int maxConsecutiveSkips = 10) => new(inner, maxConsecutiveSkips);

    /// <inheritdoc cref="OptimiserChain"/>
    [Pure] public static OptimiserChain Chain(params IOptimiser[] elements) => new(elements);

    /// <inheritdoc cref="Flux.WeightDecay"/>
    [Pure] public static Flux.WeightDecay WeightDecay(double gamma = 0) => new(gamma);

    /// <inheritdoc cref="Flux.ClipValue"/>
    [Pure] public static Flux.ClipValue ClipValue(double delta) => new(delta);

    /// <inheritdoc cref="Flux.ClipNorm"/>
    [Pure] public static Flux.ClipNorm ClipNorm(double maxNorm) => new(maxNorm);

    /// <inheritdoc cref="Flux.InvDecay"/>
    [Pure] public static Flux.InvDecay InvDecay(double gamma = 0.001) => new(gamma);

    /// <inheritdoc cref="Flux.ExpDecay"/>
    [Pure] public static Flux.ExpDecay ExpDecay(double eta = 0.001, double decay = 0.1, long decayStep = 1000, double clip = 1e-4) =>
        new(eta, decay, decayStep, clip);

    /// <summary>
    /// The same factories as <see cref="Optimisers"/>, for callers who prefer values to exceptions:
    /// each returns the optimiser, or an <see cref="Error"/> whose message names the parameter
    /// and its value.
    /// </summary>
    /// <example><code>
    /// Optimisers.Validated.ADAM(eta: -1).Match(
    ///     Succ: opt => Train(opt),
    ///     Fail: error => Console.Error.WriteLine(error.Message));   // "ADAM: eta must be finite and 0 or more; got -1. ..."
    /// </code></example>
    public static class Validated
    {
        /// <summary><see cref="Optimisers.SGD"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> SGD(double eta = 0.1, double decay = 0) => Try(() => Optimisers.SGD(eta, decay));

        /// <summary><see cref="Optimisers.Momentum"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> Momentum(double eta = 0.01, double rho = 0.9, double decay = 0) => Try(() => Optimisers.Momentum(eta, rho, decay));

        /// <summary><see cref="Optimisers.Nesterov"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> Nesterov(double eta = 0.01, double rho = 0.9, double decay = 0) => Try(() => Optimisers.Nesterov(eta, rho, decay));

        /// <summary><see cref="Optimisers.RMSProp"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> RMSProp(double eta = 0.001, double rho = 0.9, double epsilon = 1e-8, double decay = 0) =>
            Try(() => Optimisers.RMSProp(eta, rho, epsilon, decay));

        /// <summary><see cref="Optimisers.ADAM"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> ADAM(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double decay = 0) =>
            Try(() => Optimisers.ADAM(eta, beta1, beta2, epsilon, decay));

        /// <summary><see cref="Optimisers.AdaMax"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> AdaMax(double eta = 0.002, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double decay = 0) =>
            Try(() => Optimisers.AdaMax(eta, beta1, beta2, epsilon, decay));

        /// <summary><see cref="Optimisers.ADAGrad"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> ADAGrad(double eta = 0.01, double epsilon = 1e-8, double decay = 0) => Try(() => Optimisers.ADAGrad(eta, epsilon, decay));

        /// <summary><see cref="Optimisers.ADADelta"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> ADADelta(double rho = 0.9, double epsilon = 1e-8, double decay = 0) => Try(() => Optimisers.ADADelta(rho, epsilon, decay));

        /// <summary><see cref="Optimisers.AMSGrad"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> AMSGrad(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double decay = 0) =>
            Try(() => Optimisers.AMSGrad(eta, beta1, beta2, epsilon, decay));

        /// <summary><see cref="Optimisers.NADAM"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> NADAM(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double decay = 0) =>
            Try(() => Optimisers.NADAM(eta, beta1, beta2, epsilon, decay));

        /// <summary><see cref="Optimisers.ADAMW"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> ADAMW(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double decay = 0) =>
            Try(() => Optimisers.ADAMW(eta, beta1, beta2, epsilon, decay));

        /// <summary><see cref="Optimisers.RAdam"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> RAdam(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double threshold = 5) =>
            Try(() => Optimisers.RAdam(eta, beta1, beta2, epsilon, threshold));

        /// <summary><see cref="Optimisers.AdaBelief"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> AdaBelief(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-16) =>
            Try(() => Optimisers.AdaBelief(eta, beta1, beta2, epsilon));

        /// <summary><see cref="Optimisers.OAdam"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> OAdam(double eta = 0.001, double beta1 = 0.5, double beta2 = 0.9, double epsilon = 1e-8) =>
            Try(() => Optimisers.OAdam(eta, beta1, beta2, epsilon));

        /// <summary><see cref="Optimisers.Rprop"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> Rprop(double eta = 0.001, double etaMinus = 0.5, double etaPlus = 1.2, double minStep = 1e-6, double maxStep = 50) =>
            Try(() => Optimisers.Rprop(eta, etaMinus, etaPlus, minStep, maxStep));

        /// <summary><see cref="Optimisers.Lion"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> Lion(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.99, double weightDecay = 0) =>
            Try(() => Optimisers.Lion(eta, beta1, beta2, weightDecay));

        /// <summary><see cref="Optimisers.AdamWTorch"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> AdamWTorch(double eta = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01) =>
            Try(() => Optimisers.AdamWTorch(eta, beta1, beta2, epsilon, weightDecay));

        /// <summary><see cref="Optimisers.Scheduled"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> Scheduled(IOptimiser inner, string name, Schedule schedule) => Try(() => Optimisers.Scheduled(inner, name, schedule));

        /// <summary><see cref="Optimisers.AccumGrad"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> AccumGrad(IOptimiser inner, int n) => Try(() => Optimisers.AccumGrad(inner, n));

        /// <summary><see cref="Optimisers.FiniteOnly"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> FiniteOnly(IOptimiser inner, int maxConsecutiveSkips = 10) => Try(() => Optimisers.FiniteOnly(inner, maxConsecutiveSkips));

        /// <summary><see cref="Adjusting.Adjust(IOptimiser, OptimiserState, string, double)"/>, or the error (an unknown name or a value out of range).</summary>
        [Pure] public static Fin<(IOptimiser Optimiser, OptimiserState State)> Adjust(IOptimiser optimiser, OptimiserState state, string name, double value)
        {
            try { return Fin<(IOptimiser, OptimiserState)>.Succ(optimiser.Adjust(state, name, value)); }
            catch (ArgumentException e) { return Fin<(IOptimiser, OptimiserState)>.Fail(Error.New(e)); }
        }

        /// <summary><see cref="Optimisers.Chain"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> Chain(params IOptimiser[] elements) => Try(() => Optimisers.Chain(elements));

        /// <summary><see cref="Optimisers.WeightDecay"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> WeightDecay(double gamma = 0) => Try(() => Optimisers.WeightDecay(gamma));

        /// <summary><see cref="Optimisers.ClipValue"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> ClipValue(double delta) => Try(() => Optimisers.ClipValue(delta));

        /// <summary><see cref="Optimisers.ClipNorm"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> ClipNorm(double maxNorm) => Try(() => Optimisers.ClipNorm(maxNorm));

        /// <summary><see cref="Optimisers.InvDecay"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> InvDecay(double gamma = 0.001) => Try(() => Optimisers.InvDecay(gamma));

        /// <summary><see cref="Optimisers.ExpDecay"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> ExpDecay(double eta = 0.001, double decay = 0.1, long decayStep = 1000, double clip = 1e-4) =>
            Try(() => Optimisers.ExpDecay(eta, decay, decayStep, clip));

        private static Fin<IOptimiser> Try(Func<IOptimiser> make)
        {
            try { return Fin<IOptimiser>.Succ(make()); }
            catch (ArgumentException e) { return Fin<IOptimiser>.Fail(Error.New(e)); }
        }
    }
}
