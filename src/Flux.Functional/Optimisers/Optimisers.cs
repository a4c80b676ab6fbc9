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
    ///     Fail: error => Console.Error.WriteLine(error.Message));   // "ADAM: eta must be finite and greater than 0; got -1. ..."
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
