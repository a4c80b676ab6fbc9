using static Flux.Kernels.Fused;

namespace Flux.Kernels;

/// <summary>How a member of the ADAM family decays its weights, apart from the gradient.</summary>
internal enum DecoupledDecay
{
    /// <summary>No decoupled decay (ADAM, NADAM).</summary>
    None,
    /// <summary>Flux's ADAMW: <c>p' = p − Δ − λ·p</c>, unscaled by η.</summary>
    Unscaled,
    /// <summary>PyTorch's AdamW: <c>p' = p − (Δ + η·λ·p)</c>.</summary>
    ScaledByEta,
}

/// <summary>
/// The one kernel of ADAM, NADAM, ADAMW and AdamWTorch (slots <c>m</c>, <c>v</c>):
/// <code>
/// m' = β1*m + (1-β1)*g,   v' = β2*v + (1-β2)*g²
/// Δ  = η * (m'/(1-β1^t)) / (sqrt(v'/(1-β2^t)) + ϵ)                              plain
/// Δ  = η * (β1*m'/(1-β1^(t+1)) + (1-β1)*g/(1-β1^t)) / (sqrt(β2*v'/(1-β2^t)) + ϵ)   Nesterov (NADAM)
/// Δ  = s_t * Δ,  then the decoupled decay, if any
/// </code>
/// With λ = 0 the decay term is left out rather than added as ±0, so each variant at λ = 0 is ADAM
/// bit for bit; <c>s_t = 1</c> multiplies exactly.
/// </summary>
internal readonly struct AdamFormula<TEmit, T> : IFormula2<T> where TEmit : struct, IEmit
{
    private readonly Vector256<T> _eta, _epsilon, _s, _lambda, _etaLambda;
    private readonly MovingAverage<T> _m, _v;
    private readonly BiasCorrection<T> _correction1Next;
    private readonly bool _nesterov;
    private readonly DecoupledDecay _decay;

    public AdamFormula(double eta, double beta1, double beta2, double epsilon, long t, double s = 1,
        bool nesterov = false, DecoupledDecay decay = DecoupledDecay.None, double lambda = 0)
    {
        (_eta, _epsilon, _s, _lambda, _etaLambda) = (Splat<T>(eta), Splat<T>(epsilon), Splat<T>(s), Splat<T>(lambda), Splat<T>(eta * lambda));
        (_m, _v, _correction1Next) = (new(beta1, t), new(beta2, t), new(beta1, t + 1));
        _nesterov = nesterov;
        _decay = lambda == 0 ? DecoupledDecay.None : decay;
    }

    public void Apply(Vector256<T> p, Vector256<T> g, Vector256<T> m, Vector256<T> v, out Vector256<T> o, out Vector256<T> m2, out Vector256<T> v2)
    {
        m2 = _m.Next(m, g);
        v2 = _v.Next(v, g * g);
        var delta = _nesterov
            ? _eta * (_correction1Next.Divide(_m.Beta * m2) + _m.Unbiased(_m.OneMinusBeta * g)) / (Vector256.Sqrt(_v.Unbiased(_v.Beta * v2)) + _epsilon)
            : _eta * _m.Unbiased(m2) / (Vector256.Sqrt(_v.Unbiased(v2)) + _epsilon);
        o = _decay switch
        {
            DecoupledDecay.Unscaled => TEmit.OutDecoupled(p, _s * delta, _lambda),
            DecoupledDecay.ScaledByEta => TEmit.Out(p, _s * delta + _etaLambda * p),
            _ => TEmit.Out(p, _s * delta),
        };
    }
}
