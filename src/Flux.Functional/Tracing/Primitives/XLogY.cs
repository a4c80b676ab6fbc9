namespace Flux;

public static partial class Ops
{
    /// <summary>
    /// <c>xlogy.(x, y) = x·log(y)</c> elementwise, with <c>0·log(y) = 0</c> for every y but NaN (also 0 and
    /// ∞), as Julia's <c>xlogy</c>: the term a cross-entropy needs so that a zero target silences a
    /// prediction of exactly 0. Pullback: <c>x̄ = log(y)·ȳ</c>, <c>ȳ_y = (x / y)·ȳ</c> (0 where x = 0).
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Expr XLogY(Expr x, Expr y)
    {
        Check(x, y);
        if (x.Shape != y.Shape)
            throw new ArgumentException($"XLogY: shapes {x.Shape} and {y.Shape} differ; both operands must have one shape.", nameof(y));
        ElementTypes.Of("XLogY", x.Value, y.Value); // refuses Float32 beside Float64, naming this operation
        return Expr.Node("XLogY", Elementwise.Zip<XLogYFn>(x.Value, y.Value), static (node, dy, input) => input == 0
            ? Elementwise.Zip<LogTimes>(node.Inputs[1].Value, dy)
            : Elementwise.Zip<RatioTimes>(node.Inputs[0].Value, node.Inputs[1].Value, dy), x, y);
    }

    // Each in double on the elements' exact values, a float32 result rounded once.
    private readonly struct XLogYFn : IBinaryFn { public static double Apply(double x, double y) => x == 0 && !double.IsNaN(y) ? 0.0 : x * Math.Log(y); }
    private readonly struct LogTimes : IBinaryFn { public static double Apply(double y, double dy) => Math.Log(y) * dy; }
    private readonly struct RatioTimes : ITernaryFn { public static double Apply(double x, double y, double dy) => x == 0 ? 0.0 : x / y * dy; }
}
