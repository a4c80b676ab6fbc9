using static Flux.Kernels.Fused;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Flux.Kernels;

/// <summary>
/// The one kernel of Momentum and Nesterov (slot <c>v</c>, the velocity):
/// <code>
/// g  = s_t * g
/// v' = ρ*v - η*g
/// p' = p + v'                   plain
/// p' = p + ρ²*v - (1+ρ)*η*g     Nesterov's look-ahead
/// </code>
/// </summary>
internal readonly struct MomentumFormula<TEmit>(double eta, double rho, double s, bool nesterov) : IFormula1 where TEmit : struct, IEmit
{
    private readonly V _eta = Splat(eta), _rho = Splat(rho), _s = Splat(s);
    private readonly V _rho2 = Splat(rho * rho), _onePlusRhoEta = Splat((1 + rho) * eta);

    public void Apply(V p, V g, V v, out V o, out V v2)
    {
        g = _s * g;
        v2 = _rho * v - _eta * g;
        o = TEmit.Out(p, nesterov ? -(_rho2 * v - _onePlusRhoEta * g) : -v2);
    }
}
