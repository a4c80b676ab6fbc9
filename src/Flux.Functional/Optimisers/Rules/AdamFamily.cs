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
    private readonly Vector256<T> _beta1, _oneMinusBeta1;
    private readonly BiasCorrection<T> _correction1, _correction1Next, _correction2;
    private readonly Vector256<T> _beta2, _oneMinusBeta2;
    private readonly bool _nesterov;
    private readonly DecoupledDecay _decay;

    public AdamFormula(double eta, double beta1, double beta2, double epsilon, long t, double s = 1,
        bool nesterov = false, DecoupledDecay decay = DecoupledDecay.None, double lambda = 0)
    {
        (_eta, _epsilon, _s, _lambda, _etaLambda) = (Splat<T>(eta), Splat<T>(epsilon), Splat<T>(s), Splat<T>(lambda), Splat<T>(eta * lambda));
        (_beta1, _oneMinusBeta1, _correction1, _correction1Next) = (Splat<T>(beta1), Splat<T>(1 - beta1), new(beta1, t), new(beta1, t + 1));
        (_beta2, _oneMinusBeta2, _correction2) = (Splat<T>(beta2), Splat<T>(1 - beta2), new(beta2, t));
        _nesterov = nesterov;
        _decay = lambda == 0 ? DecoupledDecay.None : decay;
    }

    public void Apply(Vector256<T> p, Vector256<T> g, Vector256<T> m, Vector256<T> v, out Vector256<T> o, out Vector256<T> m2, out Vector256<T> v2)
    {
        m2 = _beta1 * m + _oneMinusBeta1 * g;
        v2 = _beta2 * v + _oneMinusBeta2 * (g * g);
        var delta = _nesterov
            ? _eta * (_correction1Next.Divide(_beta1 * m2) + _correction1.Divide(_oneMinusBeta1 * g)) / (Vector256.Sqrt(_correction2.Divide(_beta2 * v2)) + _epsilon)
            : _eta * _correction1.Divide(m2) / (Vector256.Sqrt(_correction2.Divide(v2)) + _epsilon);
        o = _decay switch
        {
            DecoupledDecay.Unscaled => TEmit.OutDecoupled(p, _s * delta, _lambda),
            DecoupledDecay.ScaledByEta => TEmit.Out(p, _s * delta + _etaLambda * p),
            _ => TEmit.Out(p, _s * delta),
        };
    }
}
