using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// The elementwise function a <see cref="Dense"/> layer applies after its affine map: a closed set
/// of cases (<see cref="Identity"/>, <see cref="Sigmoid"/>, <see cref="Relu"/>,
/// <see cref="LeakyRelu"/>, <see cref="Tanh"/>, <see cref="Softplus"/>), each with a traced form
/// and a fast form on tensors that agree bit for bit.
/// </summary>
/// <remarks>
/// A closed union: the constructor is private, so the nested sealed cases are the only ones. Cases
/// are values (two <c>Relu</c>s are equal) and print as their Julia names.
/// </remarks>
public abstract record Activation
{
    private Activation() { }

    /// <summary><c>identity(x) = x</c>: no activation (the default of <see cref="Layers.Dense"/>).</summary>
    public static Activation Identity { get; } = new IdentityCase();

    /// <summary><c>σ(x) = 1 / (1 + exp(−x))</c>; derivative <c>σ(x)(1 − σ(x))</c>.</summary>
    public static Activation Sigmoid { get; } = new SigmoidCase();

    /// <summary><c>relu(x) = max(x, 0)</c>; derivative 1 for <c>x &gt; 0</c>, else 0.</summary>
    public static Activation Relu { get; } = new ReluCase();

    /// <summary><c>leakyrelu(x) = x &gt; 0 ? x : 0.01x</c> (Flux's default slope); see <see cref="LeakyReluOf"/>.</summary>
    public static Activation LeakyRelu { get; } = new LeakyReluCase(0.01);

    /// <summary><c>tanh(x)</c>; derivative <c>1 − tanh(x)²</c>.</summary>
    public static Activation Tanh { get; } = new TanhCase();

    /// <summary><c>softplus(x) = log(1 + exp(x))</c>, computed stably; derivative <c>σ(x)</c>.</summary>
    public static Activation Softplus { get; } = new SoftplusCase();

    /// <summary><c>leakyrelu(x, α) = x &gt; 0 ? x : α·x</c> with slope <paramref name="alpha"/> (α) for negative inputs.</summary>
    /// <exception cref="ArgumentException"><paramref name="alpha"/> is not finite.</exception>
    [Pure]
    public static Activation LeakyReluOf(double alpha) => double.IsFinite(alpha)
        ? new LeakyReluCase(alpha)
        : throw new ArgumentException($"LeakyRelu: alpha must be finite; got {alpha}.", nameof(alpha));

    /// <summary>The activation's name as Flux prints it (<c>identity</c>, <c>σ</c>, <c>relu</c>, ...).</summary>
    public abstract string Name { get; }

    /// <summary>Applies the activation elementwise, traced for <see cref="Gradient"/>.</summary>
    [Pure]
    public abstract Expr Apply(Expr x);

    /// <summary>Applies the activation elementwise to a tensor, with the same kernels as the traced form.</summary>
    [Pure]
    public Tensor Apply(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        // A constant operand builds no tree: the node keeps its value and drops its inputs and pullback.
        return Apply(Expr.Constant(x)).Value;
    }

    /// <summary>The name.</summary>
    public sealed override string ToString() => Name;

    /// <summary>This activation as the fused dense node applies it (<see cref="Ops.Dense"/>, which <see cref="Flux.Dense"/> traces).</summary>
    internal DenseActivation Fused => this switch
    {
        IdentityCase => new(DenseActivationKind.Identity),
        SigmoidCase => new(DenseActivationKind.Sigmoid),
        ReluCase => new(DenseActivationKind.Relu),
        LeakyReluCase l => new(DenseActivationKind.LeakyRelu, l.Alpha),
        TanhCase => new(DenseActivationKind.Tanh),
        SoftplusCase => new(DenseActivationKind.Softplus),
        _ => throw new System.Diagnostics.UnreachableException($"Activation: {Name} has no fused form."),
    };

    /// <summary><c>identity</c>.</summary>
    public sealed record IdentityCase : Activation
    {
        internal IdentityCase() { }
        /// <inheritdoc/>
        public override string Name => "identity";
        /// <inheritdoc/>
        public override Expr Apply(Expr x) => x ?? throw new ArgumentNullException(nameof(x));
    }

    /// <summary><c>σ</c>.</summary>
    public sealed record SigmoidCase : Activation
    {
        internal SigmoidCase() { }
        /// <inheritdoc/>
        public override string Name => "σ";
        /// <inheritdoc/>
        public override Expr Apply(Expr x) => Ops.Sigmoid(x);
    }

    /// <summary><c>relu</c>.</summary>
    public sealed record ReluCase : Activation
    {
        internal ReluCase() { }
        /// <inheritdoc/>
        public override string Name => "relu";
        /// <inheritdoc/>
        public override Expr Apply(Expr x) => Ops.Relu(x);
    }

    /// <summary><c>leakyrelu</c> with slope <see cref="Alpha"/> (α) below zero.</summary>
    public sealed record LeakyReluCase : Activation
    {
        internal LeakyReluCase(double alpha) => Alpha = alpha;
        /// <summary>The slope α for negative inputs.</summary>
        public double Alpha { get; }
        /// <inheritdoc/>
        public override string Name => Alpha == 0.01 ? "leakyrelu" : $"x -> leakyrelu(x, {Alpha:R})";
        /// <inheritdoc/>
        public override Expr Apply(Expr x) => Ops.LeakyRelu(x, Alpha);
    }

    /// <summary><c>tanh</c>.</summary>
    public sealed record TanhCase : Activation
    {
        internal TanhCase() { }
        /// <inheritdoc/>
        public override string Name => "tanh";
        /// <inheritdoc/>
        public override Expr Apply(Expr x) => Ops.Tanh(x);
    }

    /// <summary><c>softplus</c>.</summary>
    public sealed record SoftplusCase : Activation
    {
        internal SoftplusCase() { }
        /// <inheritdoc/>
        public override string Name => "softplus";
        /// <inheritdoc/>
        public override Expr Apply(Expr x) => Ops.Softplus(x);
    }
}
