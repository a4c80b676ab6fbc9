using System.Runtime.CompilerServices;
using static Flux.Kernels.Fused;

namespace Flux.Kernels;

/// <summary>
/// A bias correction <c>1 − βᵗ</c> as a divisor, in the lanes' type: <see cref="Divide"/> is
/// <c>x / (1 − βᵗ)</c>. The correction is computed in double and rounded once to the type.
/// </summary>
/// <remarks>
/// Once βᵗ is below half an ulp of 1, the correction rounds to exactly 1 (β = 0.9: after 350 steps
/// in double, 165 in float; β = 0.999: after 36,800 and 17,300), and <c>x / 1</c> is <c>x</c>
/// exactly in IEEE arithmetic. The division is then skipped: the same bits, one division fewer
/// per element on the divider that bounds these rules.
/// </remarks>
internal readonly struct BiasCorrection<T>
{
    private readonly Vector256<T> _c;
    private readonly bool _one;

    /// <summary>The correction <c>1 − β^t</c>.</summary>
    public BiasCorrection(double beta, long t)
    {
        _c = Splat<T>(1 - Math.Pow(beta, t));
        _one = _c == Vector256<T>.One;
    }

    /// <summary>No correction: the divisor <c>1 − 0¹ = 1</c>, so <see cref="Divide"/> is the identity.</summary>
    public static BiasCorrection<T> None { get; } = new(0, 1);

    /// <summary><c>x / (1 − βᵗ)</c>, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Divide(Vector256<T> x) => _one ? x : x / _c;
}
