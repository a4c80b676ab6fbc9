using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// The local derivative of one node: given the node and the adjoint ȳ of its output, the adjoint
/// of its input number <c>input</c>, of that input's shape. Only called for inputs that need a
/// gradient. Most pullbacks read what they need from the node (its value, its inputs' values), so
/// they are static lambdas that the compiler allocates once, not a closure per node.
/// </summary>
internal delegate Tensor Pullback(Expr node, Tensor outputAdjoint, int input);

/// <summary>
/// A node of a traced expression tree: its forward <see cref="Value"/>, the operation that made it,
/// its inputs, and (inside the library) its pullback. Leaves are parameters and constants.
/// Building an expression computes its value at once; <see cref="Gradient.Of(Func{Expr}, Params)"/> walks the tree back.
/// </summary>
/// <remarks>
/// Operands mix freely: a <see cref="Tensor"/> or <see cref="double"/> becomes a constant leaf and
/// a <see cref="Param"/> a parameter leaf, so <c>W * x + b - y</c>, <c>0.001 * w</c> and
/// <c>1.0 + Square(A)</c> all trace. An expression is immutable and may be shared between threads.
/// </remarks>
public sealed partial class Expr
{
    private Expr(string op, Tensor value, ImmutableArray<Expr> inputs, Pullback? pullback, Param? parameter, bool requiresGrad)
    {
        Op = op;
        Value = value;
        Inputs = inputs;
        Backward = pullback;
        Parameter = parameter;
        RequiresGrad = requiresGrad;
    }

    /// <summary>The forward value.</summary>
    public Tensor Value { get; }

    /// <summary>The operation that produced this node (<c>"Param"</c> and <c>"Constant"</c> for leaves).</summary>
    public string Op { get; }

    /// <summary>The operands, in order.</summary>
    public ImmutableArray<Expr> Inputs { get; }

    /// <summary>The parameter of a parameter leaf; null elsewhere.</summary>
    public Param? Parameter { get; }

    /// <summary>The shape of <see cref="Value"/>.</summary>
    public Shape Shape => Value.Shape;

    /// <summary>True when a parameter lies beneath this node, so the reverse sweep must visit it.</summary>
    internal bool RequiresGrad { get; }

    internal Pullback? Backward { get; }

    /// <summary>A constant leaf: no gradient flows into it.</summary>
    [Pure]
    public static Expr Constant(Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new("Constant", value, [], null, null, false);
    }

    /// <summary>A parameter leaf: its adjoint becomes the parameter's gradient.</summary>
    [Pure]
    public static Expr Leaf(Param parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return new("Param", parameter.Value, [], null, parameter, true);
    }

    /// <summary>
    /// An interior node; it takes ownership of <paramref name="inputs"/> (a fresh params array at
    /// every call site). When no input needs a gradient the node is kept as a constant (with its op
    /// name) and the pullback is dropped, so constant subtrees cost nothing in the reverse sweep.
    /// </summary>
    internal static Expr Node(string op, Tensor value, Pullback pullback, params Expr[] inputs)
    {
        var requiresGrad = false;
        foreach (var input in inputs) requiresGrad |= input.RequiresGrad;
        return requiresGrad
            ? new(op, value, System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(inputs), pullback, null, true)
            : new(op, value, [], null, null, false);
    }

    /// <summary>A tensor as a constant leaf.</summary>
    public static implicit operator Expr(Tensor value) => Constant(value);

    /// <summary>A parameter as a parameter leaf.</summary>
    public static implicit operator Expr(Param parameter) => Leaf(parameter);

    /// <summary>A number as a scalar constant leaf.</summary>
    public static implicit operator Expr(double value) => Constant(Tensor.Scalar(value));

    /// <summary>
    /// An integer as a scalar constant leaf. C# reaches the double conversion by itself; PowerShell,
    /// whose literals are integers, does not chain conversions, so <c>$e / 2</c> needs this one.
    /// </summary>
    public static implicit operator Expr(int value) => Constant(Tensor.Scalar(value));

    /// <summary>The op, the shape, and the value.</summary>
    public override string ToString() => $"Expr {Op} {Shape}: {Value}";
}
