using System.Numerics.Tensors;

namespace Flux.Kernels;

/// <summary>An elementwise binary operation in its three span forms, resolved at compile time.</summary>
internal interface IBinaryOp
{
    static abstract string Name { get; }
    static abstract void Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> d);
    static abstract void Apply(ReadOnlySpan<double> x, double y, Span<double> d);
    static abstract void Apply(double x, ReadOnlySpan<double> y, Span<double> d);
}

internal readonly struct AddOp : IBinaryOp
{
    public static string Name => "Add";
    public static void Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Add(x, y, d);
    public static void Apply(ReadOnlySpan<double> x, double y, Span<double> d) => TensorPrimitives.Add(x, y, d);
    public static void Apply(double x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Add(y, x, d);
}

internal readonly struct SubtractOp : IBinaryOp
{
    public static string Name => "Subtract";
    public static void Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Apply(ReadOnlySpan<double> x, double y, Span<double> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Apply(double x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Subtract(x, y, d);
}

internal readonly struct MultiplyOp : IBinaryOp
{
    public static string Name => "Mul";
    public static void Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Apply(ReadOnlySpan<double> x, double y, Span<double> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Apply(double x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Multiply(y, x, d);
}

internal readonly struct DivideOp : IBinaryOp
{
    public static string Name => "Div";
    public static void Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Divide(x, y, d);
    public static void Apply(ReadOnlySpan<double> x, double y, Span<double> d) => TensorPrimitives.Divide(x, y, d);
    public static void Apply(double x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Divide(x, y, d);
}

internal readonly struct MaxOp : IBinaryOp
{
    public static string Name => "Max";
    public static void Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Max(x, y, d);
    public static void Apply(ReadOnlySpan<double> x, double y, Span<double> d) => TensorPrimitives.Max(x, y, d);
    public static void Apply(double x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Max(y, x, d);
}

internal readonly struct MinOp : IBinaryOp
{
    public static string Name => "Min";
    public static void Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Min(x, y, d);
    public static void Apply(ReadOnlySpan<double> x, double y, Span<double> d) => TensorPrimitives.Min(x, y, d);
    public static void Apply(double x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Min(y, x, d);
}
