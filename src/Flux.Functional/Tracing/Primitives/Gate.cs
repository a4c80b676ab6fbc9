namespace Flux;

public static partial class Ops
{
    /// <summary>
    /// <c>gate.(x, open) = open ≠ 0 ? x : +0</c>: <paramref name="x"/> let through a constant mask, and
    /// exactly zero where the mask is shut (a NaN or ∞ there stays out, where <c>x .* open</c> would let
    /// it through as NaN). The pullbacks of the piecewise primitives (Relu, Clamp, Max, Min and the
    /// extrema along a dimension) are this linear map of ȳ, so their traced forms
    /// (<see cref="Gradient.Traced"/>) equal the first-order ones bit for bit and can be differentiated
    /// again. Pullback: <c>x̄ = gate.(ȳ, open)</c>.
    /// </summary>
    internal static Expr Gate(Expr x, Tensor open) =>
        Expr.Node("Gate", Elementwise.Zip<GateFn>(x.Value, open), static (node, dy, _) => Elementwise.Zip<GateFn>(dy, node.Inputs[1].Value), x, Expr.Constant(open));

    private readonly struct GateFn : IBinaryFn { public static double Apply(double x, double open) => open != 0 ? x : 0.0; }
}
