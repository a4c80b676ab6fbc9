using FsCheck.Xunit;

namespace Flux.Tests.Properties;

/// <summary>Laws of models: Params/With round trips and composition.</summary>
public class ModelProperties
{
    private static Chain Model(int seed, int a, int b, int c) => Layers.Chain(
        Layers.Dense(a, b, Activation.Relu, seed: seed),
        Layers.Chain(Layers.Dense(b, c, Activation.Tanh, seed: seed + 1)),
        Layers.Dense(c, 2, seed: seed + 2), Layers.Softmax);

    private static int Size(byte n) => 1 + n % 6;

    [Property(MaxTest = 50)]
    public bool With_of_own_Params_is_the_same_model(int seed, byte a, byte b, byte c)
    {
        var m = Model(seed, Size(a), Size(b), Size(c));
        return m.With(m.Params()).Equals(m);
    }

    [Property(MaxTest = 50)]
    public bool Params_of_With_are_the_given_params(int seed, byte a, byte b, byte c)
    {
        var m = Model(seed, Size(a), Size(b), Size(c));
        var ps = m.Params().Select(p => p.With(Tensor.Randn(new Seed(seed ^ p.Value.Length), p.Shape.Dims)));
        var m2 = m.With(ps);
        return m2.Params().SequenceEqual(ps) && m2.GetType() == typeof(Chain)
               && m2.Params().Select(p => p.Id).SequenceEqual(m.Params().Select(p => p.Id));
    }

    [Property(MaxTest = 50)]
    public bool Predict_equals_Apply_and_the_composition(int seed, byte a, byte b, byte c, byte n)
    {
        var m = Model(seed, Size(a), Size(b), Size(c));
        var x = Tensor.Randn(new Seed(seed + 7), Size(a), Size(n));
        var composed = m.Layers.Aggregate((Expr)x, (h, layer) => layer.Apply(h)).Value;
        return m.Predict(x).Equals(m.Apply(x).Value) && composed.Equals(m.Predict(x));
    }
}
