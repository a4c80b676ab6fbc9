using System.Numerics;

namespace Flux;

/// <summary>
/// A gradient given to a step holds NaN or ±∞. Thrown by every rule of the library before any
/// arithmetic (so nothing is changed), and by <see cref="FiniteOnly"/> once too many steps in a row
/// were skipped. It names the parameter, the first offending element and its value.
/// </summary>
/// <remarks>To skip such steps instead of failing, wrap the optimiser: <c>Optimisers.FiniteOnly(opt)</c>.</remarks>
public sealed class NonFiniteGradientException : ArgumentException
{
    /// <summary>The error for element <paramref name="index"/> of the gradient of <paramref name="parameter"/>.</summary>
    public NonFiniteGradientException(string message, string parameter, int index, double value)
        : base(message, "grads")
    {
        Parameter = parameter;
        Index = index;
        Value = value;
    }

    /// <summary>The name of the parameter whose gradient is not finite.</summary>
    public string Parameter { get; }

    /// <summary>The index (column-major) of the first non-finite element.</summary>
    public int Index { get; }

    /// <summary>That element: NaN, +∞ or -∞.</summary>
    public double Value { get; }
}

/// <summary>The one place that decides whether a gradient is finite (one pass, vectorised).</summary>
internal static class Finite
{
    /// <summary>
    /// The index of the first element of <paramref name="g"/> that is NaN or ±∞, or -1. The common
    /// case, every element finite, is decided by <see cref="Kernels.Finiteness.All{T}"/>; only a
    /// gradient that fails it is scanned for the index.
    /// </summary>
    public static int FirstNonFinite<T>(ReadOnlySpan<T> g) where T : unmanaged, INumberBase<T>
    {
        if (Kernels.Finiteness.All(g)) return -1;
        for (var i = 0; i < g.Length; i++)
            if (!T.IsFinite(g[i])) return i;
        return -1;
    }

    /// <summary>The index of the first element of <paramref name="g"/> that is NaN or ±∞, or -1, in its own element type.</summary>
    public static int FirstNonFinite(Tensor g) => g.Single is { } f ? FirstNonFinite<float>(f) : FirstNonFinite(g.Span);

    /// <summary>True when every gradient in <paramref name="grads"/> of a member of <paramref name="ps"/> is finite.</summary>
    public static bool All(Params ps, Grads grads)
    {
        foreach (var p in ps)
            if (grads.TryGet(p.Id, out var g) && FirstNonFinite(g) >= 0) return false;
        return true;
    }

    /// <summary>Throws <see cref="NonFiniteGradientException"/> when the gradient <paramref name="g"/> of <paramref name="p"/> is not finite.</summary>
    public static void Check(string rule, string operation, Param p, Tensor g)
    {
        var i = FirstNonFinite(g);
        if (i < 0) return;
        var value = g[i];
        throw new NonFiniteGradientException(
            $"{rule}.{operation}: the gradient of {p.Name} is not finite: element {i} is {value}. " +
            "Nothing was changed. To skip steps whose gradient is not finite, wrap the optimiser in Optimisers.FiniteOnly.",
            p.Name, i, value);
    }
}
