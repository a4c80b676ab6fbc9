namespace Flux;

/// <summary>
/// The element type of a <see cref="Tensor"/>: IEEE 754 binary64 (<see cref="double"/>, the
/// default) or binary32 (<see cref="float"/>: half the memory, twice the vector width, about 7
/// significant digits, ε = 2⁻²³).
/// </summary>
/// <remarks>
/// <para>The type is chosen where data is made (<see cref="Tensor.ToFloat32"/>, the factories'
/// element-type arguments, <c>New-Tensor -Float32</c>, the dataset loaders, the layer constructors)
/// and carried by every operation, gradient, optimiser state and checkpoint.</para>
/// <para><b>Mixing.</b> Operands of rank one or two must share their element type, or the operation
/// refuses, naming both types and itself. A scalar (rank 0) takes the element type of the other
/// operands, and among scalars alone Float32 wins: numbers written in code become Float64 scalars,
/// and like PyTorch's Python numbers they never widen a float32 computation, so <c>0.5 * x</c> and
/// <c>Sum(e) / n</c> stay float32 when <c>x</c> and <c>e</c> are. Hyperparameters are always
/// <see cref="double"/>.</para>
/// <para><b>Arithmetic.</b> A float32 result is its float64 counterpart rounded once to float32
/// wherever an operation rounds each element once: for <c>+ − × ÷</c> and √ this is exactly IEEE
/// binary32 arithmetic (binary64 holds more than 2·24 + 2 bits, so rounding twice cannot differ).
/// Elementwise functions (exp, log, tanh, σ, …) evaluate in double and round once, so each element
/// is within half a float32 ulp of its double value. The optimiser rules step a Float32 parameter
/// in float32 arithmetic, as PyTorch and Optimisers.jl do: each operation of the formula rounds to
/// binary32, with coefficients (η, β, 1 − βᵗ, …) computed in double and rounded once (the
/// schedule-free rules alone compute in double and round once). Matrix products
/// and sums accumulate in float32 (the BLAS's <c>sgemm</c>, the managed kernel) with the usual
/// error bound <c>|ĉ − c| ≤ γₖ Σ|aᵢₚ||bₚⱼ|</c>, <c>γₖ = k·u/(1 − k·u)</c>, <c>u = 2⁻²⁴</c>.</para>
/// </remarks>
public enum ElementType
{
    /// <summary>IEEE 754 binary64 (<see cref="double"/>): Julia's Float64, PyTorch's float64.</summary>
    Float64,

    /// <summary>IEEE 754 binary32 (<see cref="float"/>): Julia's Float32, PyTorch's float32.</summary>
    Float32,
}

/// <summary>The one rule for the element type of an operation's result (see <see cref="ElementType"/>).</summary>
internal static class ElementTypes
{
    /// <summary>The result type of <paramref name="op"/> on <paramref name="a"/> and <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException">Two operands of rank one or two have different element types.</exception>
    public static ElementType Of(string op, Tensor a, Tensor b)
    {
        if (a.ElementType == b.ElementType) return a.ElementType;
        if (a.Rank == 0 && b.Rank != 0) return b.ElementType;
        if (b.Rank == 0 && a.Rank != 0) return a.ElementType;
        if (a.Rank == 0) return ElementType.Float32; // both scalars, one of each type
        throw Mixed(op, a, b);
    }

    /// <summary>The result type of <paramref name="op"/> on <paramref name="operands"/> (at least one).</summary>
    /// <exception cref="ArgumentException">Two operands of rank one or two have different element types.</exception>
    public static ElementType Of(string op, ReadOnlySpan<Tensor> operands)
    {
        Tensor? first = null;
        var anySingle = false;
        foreach (var t in operands)
        {
            anySingle |= t.ElementType == ElementType.Float32;
            if (t.Rank == 0) continue;
            if (first is null) first = t;
            else if (t.ElementType != first.ElementType) throw Mixed(op, first, t);
        }
        return first?.ElementType ?? (anySingle ? ElementType.Float32 : ElementType.Float64);
    }

    /// <summary>The short name used in messages and checkpoints: <c>Float64</c> or <c>Float32</c>.</summary>
    public static string Name(this ElementType type) => type == ElementType.Float32 ? "Float32" : "Float64";

    private static ArgumentException Mixed(string op, Tensor a, Tensor b) => new(
        $"{op}: operands of element types {a.ElementType.Name()} (shape {a.Shape}) and {b.ElementType.Name()} (shape {b.Shape}) do not mix; " +
        "convert one with ToFloat32() or ToFloat64() (ConvertTo-Float32 / ConvertTo-Float64 in PowerShell).");
}
