using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Flux.Tests.Optimisation;

namespace Flux.Tests.Properties;

/// <summary>
/// The fused dense node (what <see cref="Dense.Apply"/> traces) against the unfused composition
/// <c>σ(Add(MatMul(W, x), b))</c> built explicitly from <see cref="Ops"/>: the value and the gradients
/// of W, b and x are bit for bit the same, for every activation, in both element types, over sizes
/// that cross the vector widths (4 doubles, 8 floats) with awkward remainders, rows 1..40, batch
/// 1..70 or a single feature vector, inputs 1..50, x a parameter or a constant.
/// </summary>
public class FusedDenseProperties
{
    /// <summary>Every case of the union, leaky relu with a slope of each sign among them.</summary>
    public static readonly Activation[] Activations =
        [Activation.Identity, Activation.Sigmoid, Activation.Relu, Activation.LeakyRelu, Activation.LeakyReluOf(0.3),
         Activation.LeakyReluOf(-0.5), Activation.LeakyReluOf(0), Activation.Tanh, Activation.Softplus];

    /// <summary>One draw: sizes (batch 0 stands for a feature vector), activation, type, whether x is a parameter, and a seed.</summary>
    public sealed record Case(int Rows, int Batch, int Inputs, int Activation, ElementType Type, bool XIsParam, int Seed)
    {
        public override string ToString() =>
            $"rows {Rows}, {(Batch == 0 ? "a vector" : $"batch {Batch}")}, inputs {Inputs}, {Activations[Activation]}, {Type.Name()}, x {(XIsParam ? "a parameter" : "a constant")}, seed {Seed}";
    }

    // Sizes near the lane counts and their multiples half the time, uniform in the range otherwise.
    private static Gen<int> Size(int max, params int[] awkward) => Gen.OneOf(Gen.Elements(awkward.Where(n => n <= max).ToArray()), Gen.Choose(1, max));

    private static readonly Gen<Case> Cases =
        from rows in Size(40, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 40)
        from batch in Gen.OneOf(Gen.Constant(0), Size(70, 1, 2, 3, 5, 8, 9, 17, 64, 65, 70))
        from inputs in Size(50, 1, 2, 3, 4, 7, 9, 16, 17, 50)
        from activation in Gen.Choose(0, Activations.Length - 1)
        from type in Gen.Elements(ElementType.Float64, ElementType.Float32)
        from xIsParam in Gen.Elements(true, false)
        from seed in Gen.Choose(0, int.MaxValue - 1)
        select new Case(rows, batch, inputs, activation, type, xIsParam, seed);

    /// <summary>W, b and x of the case; some rows of W and b are zero (+0 and −0) so that z .+ b meets relu's kink exactly.</summary>
    internal static (Param W, Param B, Tensor X) Operands(Case c)
    {
        var draw = new Draw(c.Seed);
        var w = draw.Values(c.Rows * c.Inputs, () => 2 * draw.Uniform(-1, 1));
        var b = draw.Values(c.Rows, () => draw.Uniform(-1, 1));
        for (var i = 0; i < c.Rows; i++)
            if (draw.Int(0, 5) == 0)
            {
                for (var k = 0; k < c.Inputs; k++) w[i + k * c.Rows] = 0;
                b[i] = draw.Coin() ? 0.0 : -0.0;
            }
        var x = draw.Values(c.Inputs * Math.Max(c.Batch, 1), () => 3 * draw.Uniform(-1, 1));
        return (new Param("W", Tensor.FromArray(w, c.Rows, c.Inputs).ToElementType(c.Type)),
                new Param("b", Tensor.FromArray(b, c.Rows).ToElementType(c.Type)),
                (c.Batch == 0 ? Tensor.FromArray(x, c.Inputs) : Tensor.FromArray(x, c.Inputs, c.Batch)).ToElementType(c.Type));
    }

    [Property(MaxTest = 400)]
    public Property The_fused_node_equals_the_unfused_composition_bit_for_bit() => Prop.ForAll(Cases.ToArbitrary(), c =>
    {
        var (w, b, x0) = Operands(c);
        var activation = Activations[c.Activation];
        var layer = new Dense(w, b, activation);
        var x = new Param("x", x0);
        var ps = c.XIsParam ? Params.Of(w, b, x) : Params.Of(w, b);
        Expr Input() => c.XIsParam ? x : Expr.Constant(x0);
        var weights = Tensor.Uniform(new Seed(c.Seed ^ 0x5EED), -1, 1, layer.Predict(x0).Shape.Dims).ToElementType(c.Type);

        Expr fused = null!, unfused = null!;
        var (_, g) = Gradient.ValueAndGradient(() => Ops.Sum(Ops.Mul(fused = layer.Apply(Input()), weights)), ps);
        var (_, h) = Gradient.ValueAndGradient(() => Ops.Sum(Ops.Mul(unfused = activation.Apply(Ops.Add(Ops.MatMul(w, Input()), b)), weights)), ps);

        Compare.Bits(unfused.Value, fused.Value, $"{c}: value");
        Compare.Bits(unfused.Value, layer.Predict(x0), $"{c}: Predict");
        foreach (var p in ps) Compare.Bits(h[p], g[p], $"{c}: gradient of {p.Name}");
        return fused.Op == "Dense";
    });

    [Property(MaxTest = 100)]
    public Property Predict_equals_the_unfused_tensor_arithmetic_bit_for_bit() => Prop.ForAll(Cases.ToArbitrary(), c =>
    {
        var (w, b, x) = Operands(c);
        var activation = Activations[c.Activation];
        Compare.Bits(activation.Apply(w.Value * x + b.Value), new Dense(w, b, activation).Predict(x), c.ToString());
        return true;
    });

    [Property(MaxTest = 60)]
    public Property A_chain_of_dense_layers_has_the_unfused_gradient_bit_for_bit() => Prop.ForAll(Cases.ToArbitrary(), c =>
    {
        // Two layers, the second's input the first's output, and W₁ used twice (a weight penalty): the sweep
        // adds the adjoints of shared nodes and parameters in the unfused order.
        var (w, b, x) = Operands(c);
        var activation = Activations[c.Activation];
        var first = new Dense(w, b, activation);
        var second = Layers.Dense(c.Rows, 3, Activations[(c.Activation + 1) % Activations.Length], seed: c.Seed, elementType: c.Type);
        second = second.With(Params.Of(second.b.With(Tensor.Uniform(new Seed(c.Seed + 1), -1, 1, 3).ToElementType(c.Type))));
        var ps = Params.Of(first.Params().Concat(second.Params()));
        Expr Unfused(Dense d, Expr input) => d.Activation.Apply(Ops.Add(Ops.MatMul(d.W, input), d.b));
        Expr Loss(Func<Dense, Expr, Expr> apply) => Ops.Add(Ops.Sum(Ops.Square(apply(second, apply(first, x)))), Ops.Sum(Ops.Square(w)));
        var (lf, g) = Gradient.ValueAndGradient(() => Loss((d, e) => d.Apply(e)), ps);
        var (lu, h) = Gradient.ValueAndGradient(() => Loss(Unfused), ps);
        Compare.Bits(Tensor.Scalar(lu), Tensor.Scalar(lf), $"{c}: loss");
        foreach (var p in ps) Compare.Bits(h[p], g[p], $"{c}: gradient of {p.Name}");
        return true;
    });
}
