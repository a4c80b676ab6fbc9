using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// A fully connected layer (Flux's <c>Dense(in, out, σ)</c>): <c>y = σ.(W·x .+ b)</c> with
/// <c>W</c> of shape outputs × inputs, <c>b</c> of length outputs and an elementwise
/// <see cref="Flux.Activation"/> σ. Immutable: <see cref="With(Params)"/> returns a new layer.
/// </summary>
/// <remarks>
/// <para><c>x</c> is a feature vector of length <see cref="Inputs"/> or a matrix inputs × batch; the
/// bias broadcasts across the columns. Build one with <see cref="Layers.Dense"/>, which
/// initialises <c>W</c> Glorot-uniform and <c>b</c> with zeros.</para>
/// <para><see cref="Apply"/> traces one fused node (<c>Dense</c>) for the whole map: the product, then
/// one pass adding <c>b</c> and applying σ; its pullback makes one pass for <c>∂z = σ′ .* ȳ</c> and
/// <c>b̄ = Σⱼ ∂z[:, j]</c>, then the two products. Values and gradients are bit for bit those of
/// <c>Activation.Apply(Ops.Add(Ops.MatMul(W, x), b))</c>, and it differentiates twice as that does.</para>
/// </remarks>
public sealed record Dense : ILayer
{
    /// <summary>A layer from its parameters and activation (identity when null).</summary>
    /// <exception cref="ArgumentException"><paramref name="W"/> is not a matrix, <paramref name="b"/> not a vector, or their lengths disagree.</exception>
    public Dense(Param W, Param b, Activation? activation = null)
    {
        ArgumentNullException.ThrowIfNull(W);
        ArgumentNullException.ThrowIfNull(b);
        if (W.Shape.Rank != 2)
            throw new ArgumentException($"Dense: the weight {W.Name} must be a matrix outputs × inputs; it has shape {W.Shape}.", nameof(W));
        if (b.Shape.Rank != 1 || b.Shape.Length != W.Shape.Rows)
            throw new ArgumentException($"Dense: the bias {b.Name} must be a vector of length {W.Shape.Rows} (the rows of W, {W.Shape}); it has shape {b.Shape}.", nameof(b));
        if (W.Id == b.Id)
            throw new ArgumentException($"Dense: the weight and the bias must be distinct parameters; both have identity #{W.Id}.", nameof(b));
        this.W = W;
        this.b = b;
        Activation = activation ?? Activation.Identity;
    }

    /// <summary>The weight matrix, outputs × inputs.</summary>
    public Param W { get; }

    /// <summary>The bias vector, of length outputs.</summary>
    public Param b { get; }

    /// <summary>The elementwise activation σ.</summary>
    public Activation Activation { get; }

    /// <summary>Number of input features (columns of <see cref="W"/>).</summary>
    public int Inputs => W.Shape.Cols;

    /// <summary>Number of outputs (rows of <see cref="W"/>).</summary>
    public int Outputs => W.Shape.Rows;

    /// <summary><c>σ.(W·x .+ b)</c>, traced as one node.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="Inputs"/> rows, or its element type is not the parameters'.</exception>
    [Pure]
    public Expr Apply(Expr x)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckInput(x.Shape);
        return Ops.Dense(W, x, b, Activation.Fused);
    }

    /// <summary><c>σ.(W·x .+ b)</c> on tensors, equal bit for bit to <c>Apply(x).Value</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="Inputs"/> rows, or its element type is not the parameters'.</exception>
    [Pure]
    public Tensor Predict(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckInput(x.Shape);
        return Ops.DenseValue(W.Value, x, b.Value, Activation.Fused);
    }

    /// <summary><c>W</c> then <c>b</c>.</summary>
    [Pure]
    public Params Params() => Flux.Params.Of(W, b);

    /// <summary>A layer with <c>W</c> and <c>b</c> taken from <paramref name="ps"/> where it holds their identities.</summary>
    /// <exception cref="ArgumentException">A replacement has another shape.</exception>
    [Pure]
    public Dense With(Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        var w = Replacement(W, ps);
        var bias = Replacement(b, ps);
        return ReferenceEquals(w, W) && ReferenceEquals(bias, b) ? this : new Dense(w, bias, Activation);
    }

    IModel IModel.With(Params ps) => With(ps);

    private static Param Replacement(Param current, Params ps)
    {
        var i = ps.IndexOf(current.Id);
        if (i < 0) return current;
        var p = ps[i];
        return p.Shape == current.Shape
            ? p
            : throw new ArgumentException($"Dense.With: parameter {current.Name} (#{current.Id}) has shape {current.Shape}; the replacement has shape {p.Shape}.", nameof(ps));
    }

    private void CheckInput(Shape x)
    {
        if (x.Rank == 0 || x.Rows != Inputs)
            throw new ArgumentException($"Dense({Inputs}, {Outputs}): the input must have {Inputs} rows (features × batch); it has shape {x}.", nameof(x));
    }

    /// <summary>Flux's form: <c>Dense(4 => 16, relu)</c>.</summary>
    public override string ToString() =>
        Activation is Activation.IdentityCase ? $"Dense({Inputs} => {Outputs})" : $"Dense({Inputs} => {Outputs}, {Activation})";
}
