namespace Flux;

/// <summary>
/// The differentiable functions that build a traced <see cref="Expr"/>, to use as
/// <c>using static Flux.Ops;</c> (so <c>Sum(Square(W * x + b - y))</c> reads as the math).
/// Each primitive has one place, in <c>Tracing/Primitives</c>, with its forward value and its
/// pullback; each is also a fluent method on <see cref="Expr"/>.
/// </summary>
/// <remarks>
/// Elementwise binary functions broadcast as Julia's dot syntax does on a two-dimensional view:
/// a dimension of 1 stretches (a scalar everywhere, a vector across the columns of a matrix).
/// Shape errors are <see cref="ArgumentException"/>s naming the operation and both shapes.
/// </remarks>
public static partial class Ops;
