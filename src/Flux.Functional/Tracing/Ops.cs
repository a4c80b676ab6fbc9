namespace Flux;

/// <summary>
/// The differentiable functions that build a traced <see cref="Expr"/>, to use as
/// <c>using static Flux.Ops;</c> (so <c>Sum(Square(W * x + b - y))</c> reads as the math).
/// Each primitive has one place, in <c>Tracing/Primitives</c> (or, for the elementwise rules
/// <see cref="ScalarRule.Tanh"/>, <see cref="ScalarRule.Sigmoid"/> and <see cref="ScalarRule.Softplus"/>, in
/// <see cref="ScalarRule"/>), with its forward value and its pullback; each is also a fluent method on
/// <see cref="Expr"/>. A user adds primitives the same way: <see cref="ScalarRule.Define(string, Func{double, double}, Func{double, double, double})"/>
/// or <see cref="Expr.Primitive"/>, and checks them with <see cref="GradientCheck"/>.
/// </summary>
/// <remarks>
/// Elementwise binary functions broadcast as Julia's dot syntax does on a two-dimensional view:
/// a dimension of 1 stretches (a scalar everywhere, a vector across the columns of a matrix).
/// Shape errors are <see cref="ArgumentException"/>s naming the operation and both shapes.
/// </remarks>
public static partial class Ops;
