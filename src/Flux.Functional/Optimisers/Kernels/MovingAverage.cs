using System.Runtime.CompilerServices;
using static Flux.Kernels.Fused;

namespace Flux.Kernels;

/// <summary>
/// An exponential moving average with rate β, in the lanes' type, as the rules' formulas write it:
/// <c>Next(a, x) = β*a + (1-β)*x</c>, and at step t its bias correction
/// <c>Unbiased(a) = a / (1-β^t)</c> (<see cref="BiasCorrection{T}"/>). β and 1 − β are computed in
/// double and rounded once to the type; the two products and the sum are rounded each, as written.
/// </summary>
internal readonly struct MovingAverage<T>
{
    private readonly BiasCorrection<T> _correction;

    /// <summary>The average with rate <paramref name="beta"/> and no bias correction (<see cref="Unbiased"/> is the identity).</summary>
    public MovingAverage(double beta) : this(beta, BiasCorrection<T>.None) { }

    /// <summary>The average with rate <paramref name="beta"/>, corrected for step <paramref name="t"/>.</summary>
    public MovingAverage(double beta, long t) : this(beta, new BiasCorrection<T>(beta, t)) { }

    private MovingAverage(double beta, BiasCorrection<T> correction) =>
        (Beta, OneMinusBeta, _correction) = (Splat<T>(beta), Splat<T>(1 - beta), correction);

    /// <summary>β in every lane.</summary>
    public Vector256<T> Beta { get; }

    /// <summary>1 − β in every lane.</summary>
    public Vector256<T> OneMinusBeta { get; }

    /// <summary><c>β*a + (1-β)*x</c>, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Next(Vector256<T> a, Vector256<T> x) => Beta * a + OneMinusBeta * x;

    /// <summary><c>a / (1-β^t)</c>, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Unbiased(Vector256<T> a) => _correction.Divide(a);
}
