using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// The local derivative of one node (ChainRules' pullback, a vector-Jacobian product): given the
/// node and the adjoint <c>ȳ</c> of its output, the adjoint <c>x̄ᵢ = (∂y/∂xᵢ)ᵀ ȳ</c> of its input
/// number <paramref name="input"/>, of that input's shape. Only called for inputs that need a
/// gradient. A pullback reads what it needs from the node (<c>node.Value</c>, <c>node.Inputs[i].Value</c>),
/// so it can be a static lambda that is allocated once, not a closure per node.
/// </summary>
/// <param name="node">The node being pulled back through.</param>
/// <param name="outputAdjoint">ȳ, of the node's shape.</param>
/// <param name="input">Which input's adjoint to return (0, 1, …).</param>
public delegate Tensor Pullback(Expr node, Tensor outputAdjoint, int input);

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

    /// <summary>
    /// A parameter leaf: its adjoint becomes the parameter's gradient. Its value is the parameter's,
    /// except while <see cref="GradientCheck"/> evaluates a loss at another point.
    /// </summary>
    [Pure]
    public static Expr Leaf(Param parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return new("Param", GradientCheck.Substituted(parameter), [], null, parameter, true);
    }

    /// <summary>A constant leaf named <paramref name="op"/> (<see cref="Ops.StopGradient"/>).</summary>
    internal static Expr Detached(string op, Tensor value) => new(op, value, [], null, null, false);

    /// <summary>
    /// A custom primitive: an operation named <paramref name="op"/> whose forward value the caller
    /// has computed from its inputs' values, and whose <paramref name="pullback"/> gives each input's
    /// adjoint <c>x̄ᵢ = (∂y/∂xᵢ)ᵀ ȳ</c> (Zygote's <c>@adjoint</c>, ChainRules' <c>rrule</c>, JAX's
    /// <c>custom_vjp</c>). The reverse sweep treats it as it treats the library's own primitives.
    /// Check it with <see cref="GradientCheck.Primitive(Func{Expr[], Expr}, Tensor[], GradientTolerance?, int)"/>.
    /// </summary>
    /// <param name="op">The operation's name, shown in <see cref="Op"/> and in errors.</param>
    /// <param name="value">The forward value <c>y = f(x₁, …)</c>.</param>
    /// <param name="pullback">The pullback; it must return a tensor of the input's shape.</param>
    /// <param name="inputs">The operands (copied).</param>
    /// <exception cref="ArgumentException">The name is empty, or no input is given.</exception>
    /// <exception cref="InvalidOperationException">In the sweep: the pullback returned null or a tensor of the wrong shape (the message names the op, the input and both shapes).</exception>
    [Pure]
    public static Expr Primitive(string op, Tensor value, Pullback pullback, params Expr[] inputs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(op);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(pullback);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length == 0) throw new ArgumentException($"Expr.Primitive: {op} needs at least one input.", nameof(inputs));
        for (var i = 0; i < inputs.Length; i++)
            if (inputs[i] is null) throw new ArgumentNullException(nameof(inputs), $"Expr.Primitive: input {i} of {op} is null.");
        return Node(op, value, (node, dy, i) =>
        {
            var adjoint = pullback(node, dy, i)
                ?? throw new InvalidOperationException($"{op}: the pullback returned null for input {i}.");
            if (adjoint.Shape != node.Inputs[i].Shape)
                throw new InvalidOperationException($"{op}: the pullback returned shape {adjoint.Shape} for input {i}, whose shape is {node.Inputs[i].Shape}.");
            return adjoint;
        }, (Expr[])inputs.Clone());
    }

    /// <summary>
    /// An interior node; it takes ownership of <paramref name="inputs"/> (a fresh params array at
    /// every call site). When no input needs a gradient the node is kept as a constant (with its op
    /// name) and the pullback is dropped, so constant subtrees cost nothing in the reverse sweep.
    /// </summary>
    internal static Expr Node(string op, Tensor value, Pullback pullback, params Expr[] inputs)
    {
        value = Conformed(op, value, inputs);
        var requiresGrad = false;
        foreach (var input in inputs) requiresGrad |= input.RequiresGrad;
        return requiresGrad
            ? new(op, value, System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(inputs), pullback, null, true)
            : new(op, value, [], null, null, false);
    }

    // The value in the element type the inputs give (ElementType's rule), which also refuses mixed
    // operands: one place for every primitive, the library's and the user's.
    private static Tensor Conformed(string op, Tensor value, Expr[] inputs)
    {
        var same = true;
        foreach (var input in inputs) same &= input.Value.ElementType == value.ElementType;
        if (same) return value;
        var type = inputs.Length == 2
            ? ElementTypes.Of(op, inputs[0].Value, inputs[1].Value)
            : ElementTypes.Of(op, [.. inputs.Select(x => x.Value)]);
        return value.ToElementType(type);
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
