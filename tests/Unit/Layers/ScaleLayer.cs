using System.Diagnostics.Contracts;

namespace Flux.Tests.Unit;

/// <summary>
/// A user-written layer, as a user of the library would write one (Flux's <c>Scale</c>):
/// <c>y = α .* x .+ β</c> with a learned scale α and shift β per feature. It implements
/// <see cref="ILayer"/>: parameters in <see cref="Params"/>, rebuilt by <see cref="With"/>, a traced
/// <see cref="Apply"/> and an eager <see cref="Predict"/>.
/// </summary>
public sealed record ScaleLayer(Param Alpha, Param Beta) : ILayer
{
    public static ScaleLayer Create(int features) =>
        new(new Param("α", Tensor.Ones(features)), new Param("β", Tensor.Zeros(features)));

    [Pure] public Expr Apply(Expr x) => Ops.Add(Ops.Mul(Alpha, x), Beta);

    [Pure] public Tensor Predict(Tensor x) => Alpha.Value.Mul(x) + Beta.Value;

    [Pure] public Params Params() => Flux.Params.Of(Alpha, Beta);

    [Pure]
    public IModel With(Params ps) => new ScaleLayer(
        ps.Contains(Alpha) ? ps[Alpha] : Alpha,
        ps.Contains(Beta) ? ps[Beta] : Beta);
}
