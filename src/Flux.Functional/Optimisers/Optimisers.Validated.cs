using System.Diagnostics.Contracts;
using LanguageExt;
using LanguageExt.Common;

namespace Flux;

public static partial class Optimisers
{
    /// <summary>
    /// The same factories as <see cref="Optimisers"/>, for callers who prefer values to exceptions:
    /// each returns the optimiser, or an <see cref="Error"/> whose message names the parameter, its
    /// range and its value.
    /// </summary>
    /// <example><code>
    /// Optimisers.Validated.ADAM(eta: -1).Match(
    ///     Succ: opt => Train(opt),
    ///     Fail: error => Console.Error.WriteLine(error.Message));   // "ADAM: eta must be finite and 0 or more; got -1."
    /// </code></example>
    public static class Validated
    {
        /// <summary><see cref="Optimisers.SGD"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> SGD(double? eta = null, double? decay = null) => Try(() => new Flux.SGD(eta, decay));
        /// <summary><see cref="Optimisers.Momentum"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> Momentum(double? eta = null, double? rho = null, double? decay = null) => Try(() => new Flux.Momentum(eta, rho, decay));
        /// <summary><see cref="Optimisers.Nesterov"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> Nesterov(double? eta = null, double? rho = null, double? decay = null) => Try(() => new Flux.Nesterov(eta, rho, decay));
        /// <summary><see cref="Optimisers.RMSProp"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> RMSProp(double? eta = null, double? rho = null, double? epsilon = null, double? decay = null) => Try(() => new Flux.RMSProp(eta, rho, epsilon, decay));
        /// <summary><see cref="Optimisers.ADAM"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> ADAM(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? decay = null) => Try(() => new Flux.ADAM(eta, beta1, beta2, epsilon, decay));
        /// <summary><see cref="Optimisers.AdaMax"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> AdaMax(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? decay = null) => Try(() => new Flux.AdaMax(eta, beta1, beta2, epsilon, decay));
        /// <summary><see cref="Optimisers.ADAGrad"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> ADAGrad(double? eta = null, double? epsilon = null, double? decay = null) => Try(() => new Flux.ADAGrad(eta, epsilon, decay));
        /// <summary><see cref="Optimisers.ADADelta"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> ADADelta(double? rho = null, double? epsilon = null, double? decay = null) => Try(() => new Flux.ADADelta(rho, epsilon, decay));
        /// <summary><see cref="Optimisers.AMSGrad"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> AMSGrad(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? decay = null) => Try(() => new Flux.AMSGrad(eta, beta1, beta2, epsilon, decay));
        /// <summary><see cref="Optimisers.NADAM"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> NADAM(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? decay = null) => Try(() => new Flux.NADAM(eta, beta1, beta2, epsilon, decay));
        /// <summary><see cref="Optimisers.ADAMW"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> ADAMW(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? decay = null) => Try(() => new Flux.ADAMW(eta, beta1, beta2, epsilon, decay));
        /// <summary><see cref="Optimisers.RAdam"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> RAdam(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? threshold = null) => Try(() => new Flux.RAdam(eta, beta1, beta2, epsilon, threshold));
        /// <summary><see cref="Optimisers.AdaBelief"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> AdaBelief(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null) => Try(() => new Flux.AdaBelief(eta, beta1, beta2, epsilon));
        /// <summary><see cref="Optimisers.OAdam"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> OAdam(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null) => Try(() => new Flux.OAdam(eta, beta1, beta2, epsilon));
        /// <summary><see cref="Optimisers.Rprop"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> Rprop(double? eta = null, double? etaMinus = null, double? etaPlus = null, double? minStep = null, double? maxStep = null) => Try(() => new Flux.Rprop(eta, etaMinus, etaPlus, minStep, maxStep));
        /// <summary><see cref="Optimisers.Lion"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> Lion(double? eta = null, double? beta1 = null, double? beta2 = null, double? weightDecay = null) => Try(() => new Flux.Lion(eta, beta1, beta2, weightDecay));
        /// <summary><see cref="Optimisers.AdamWTorch"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> AdamWTorch(double? eta = null, double? beta1 = null, double? beta2 = null, double? epsilon = null, double? weightDecay = null) => Try(() => new Flux.AdamWTorch(eta, beta1, beta2, epsilon, weightDecay));
        /// <summary><see cref="Optimisers.WeightDecay"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> WeightDecay(double? gamma = null) => Try(() => new Flux.WeightDecay(gamma));
        /// <summary><see cref="Optimisers.InvDecay"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> InvDecay(double? gamma = null) => Try(() => new Flux.InvDecay(gamma));
        /// <summary><see cref="Optimisers.ExpDecay"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> ExpDecay(double? eta = null, double? decay = null, double? decayStep = null, double? clip = null) => Try(() => new Flux.ExpDecay(eta, decay, decayStep, clip));
        /// <summary><see cref="Optimisers.ClipValue"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> ClipValue(double delta) => Try(() => new Flux.ClipValue(delta));
        /// <summary><see cref="Optimisers.ClipNorm"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> ClipNorm(double maxNorm) => Try(() => new Flux.ClipNorm(maxNorm));
        /// <summary><see cref="Optimisers.ByName"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> ByName(string name, IReadOnlyDictionary<string, double>? hyperparameters = null) =>
            Try(() => Optimisers.ByName(name, hyperparameters));

        /// <summary><see cref="Optimisers.Scheduled"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> Scheduled(IOptimiser inner, string name, HyperparameterSchedule schedule) => Try(() => Optimisers.Scheduled(inner, name, schedule));

        /// <summary><see cref="Optimisers.AccumGrad"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> AccumGrad(IOptimiser inner, int n) => Try(() => Optimisers.AccumGrad(inner, n));

        /// <summary><see cref="Optimisers.FiniteOnly"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> FiniteOnly(IOptimiser inner, int maxConsecutiveSkips = Flux.FiniteOnly.DefaultMaxConsecutiveSkips) => Try(() => Optimisers.FiniteOnly(inner, maxConsecutiveSkips));

        /// <summary><see cref="Optimisers.Chain"/>, or the error.</summary>
        [Pure] public static Fin<IOptimiser> Chain(params IOptimiser[] elements) => Try(() => Optimisers.Chain(elements));

        /// <summary><see cref="OptimiserExtensions.Adjust(IOptimiser, OptimiserState, string, double)"/>, or the error (an unknown name or a value out of range).</summary>
        [Pure] public static Fin<(IOptimiser Optimiser, OptimiserState State)> Adjust(IOptimiser optimiser, OptimiserState state, string name, double value)
        {
            try { return Fin<(IOptimiser, OptimiserState)>.Succ(optimiser.Adjust(state, name, value)); }
            catch (ArgumentException e) { return Fin<(IOptimiser, OptimiserState)>.Fail(Error.New(e)); }
        }

        private static Fin<IOptimiser> Try(Func<IOptimiser> make)
        {
            try { return Fin<IOptimiser>.Succ(make()); }
            catch (ArgumentException e) { return Fin<IOptimiser>.Fail(Error.New(e)); }
        }
    }
}
