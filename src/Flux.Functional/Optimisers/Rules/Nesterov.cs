using System.Collections.Immutable;
using System.Runtime.Intrinsics;
using Flux.Kernels;
using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux;

/// <summary>
/// <c>Nesterov</c>: momentum with Nesterov's look-ahead.
/// <code>
/// g  = s_t * g                  s_t = 1 / (1 + decay*(t - 1))   (scales g)
/// d  = ρ²*v - (1+ρ)*η*g
/// v' = ρ*v - η*g                v starts at 0
/// p' = p + d
/// </code>
/// </summary>
/// <remarks>
/// State: the velocity <c>v</c> per parameter .
/// </remarks>
public sealed record Nesterov : Rule
{
    /// <summary>The name, hyperparameters (with defaults and ranges) and slots of this rule.</summary>
    public static RuleDeclaration Declared { get; } = new("Nesterov", "gradient descent with Nesterov momentum", ["v"], Hyperparameter.Eta(0.01), Hyperparameter.Rho(0.9, "the momentum"), Hyperparameter.Decay());

    /// <summary>Nesterov with the given hyperparameters; each one left out takes its declared default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range; the message names it, its range and its value.</exception>
    public Nesterov(double? eta = null, double? rho = null, double? decay = null) : base(Declared, eta, rho, decay) { }

    private protected override ImmutableArray<Tensor> Kernel<TEmit>(in StepContext step, Tensor p, Tensor g, ImmutableArray<Tensor> slots, double[] output) =>
        OneSlot(new Formula<TEmit>(this["eta"], this["rho"], InverseDecay(this["decay"], step.T)), p, g, slots, output);

    private readonly struct Formula<TEmit>(double eta, double rho, double s) : IFormula1 where TEmit : struct, IEmit
    {
        private readonly V _eta = Splat(eta), _rho = Splat(rho), _s = Splat(s);
        private readonly V _rho2 = Splat(rho * rho), _onePlusRhoEta = Splat((1 + rho) * eta);

        public void Apply(V p, V g, V v, out V o, out V v2)
        {
            g = _s * g;
            var d = _rho2 * v - _onePlusRhoEta * g;
            v2 = _rho * v - _eta * g;
            o = TEmit.Out(p, -d);
        }
    }
}
