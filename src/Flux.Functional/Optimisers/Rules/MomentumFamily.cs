using static Flux.Kernels.Fused;

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
internal readonly struct MomentumFormula<TEmit, T>(double eta, double rho, double s, bool nesterov) : IFormula1<T> where TEmit : struct, IEmit
{
    private readonly Vector256<T> _eta = Splat<T>(eta), _rho = Splat<T>(rho), _s = Splat<T>(s);
    private readonly Vector256<T> _rho2 = Splat<T>(rho * rho), _onePlusRhoEta = Splat<T>((1 + rho) * eta);

    public void Apply(Vector256<T> p, Vector256<T> g, Vector256<T> v, out Vector256<T> o, out Vector256<T> v2)
    {
        g = _s * g;
        v2 = _rho * v - _eta * g;
        o = TEmit.Out(p, nesterov ? -(_rho2 * v - _onePlusRhoEta * g) : -v2);
    }
}
