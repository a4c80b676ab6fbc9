using Xunit;

namespace Flux.Tests.Optimisation;

/// <summary>
/// A slot never keeps a subnormal value: a moment whose gradient has gone to zero decays to an
/// exact zero, where IEEE rounding alone would leave it stuck a few units above zero and send every
/// later step through the CPU's slow path for subnormal operands. The parameter's own steps keep
/// their bits.
/// </summary>
public class SubnormalSlotTests
{
    // Every rule of the registry with a slot (a rule that keeps nothing per parameter has none to check).
    public static TheoryData<string> RuleNames => [.. Optimisers.Rules.Where(r => r.Slots.Length > 0 && r.Hyperparameters.All(h => h.Default is not null)).Select(r => r.Name)];

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void No_slot_of_any_rule_is_left_subnormal_after_its_gradient_vanishes(string name) =>
        NoSubnormalSlotAfterTheGradientVanishes(name, ElementType.Float64, 1e-290);

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void No_float32_slot_of_any_rule_is_left_subnormal_after_its_gradient_vanishes(string name) =>
        NoSubnormalSlotAfterTheGradientVanishes(name, ElementType.Float32, 1e-30);

    private static void NoSubnormalSlotAfterTheGradientVanishes(string name, ElementType type, double tiny)
    {
        var rule = Optimisers.ByName(name);
        // 37 elements: whole vectors (of four doubles or eight floats) and a tail, so both the vector and the scalar store are met.
        var p = new Param("p", Tensor.Fill(0.5, Shape.Vector(37), type));
        var ps = Params.Of(p);
        var state = rule.Init(ps);
        var small = Grads.Of((p, Tensor.Fill(tiny, Shape.Vector(37), type)));
        var zero = Grads.Of((p, Tensor.Zeros(Shape.Vector(37)).ToElementType(type)));
        (state, ps) = rule.Step(state, ps, small);
        for (var t = 0; t < 2_000; t++) (state, ps) = rule.Step(state, ps, zero);
        foreach (var slot in state.ToNode().Slots)
        {
            Assert.Equal(type, slot.Value.ElementType);
            var subnormal = type == ElementType.Float32 ? slot.Value.ToSingleArray().Any(float.IsSubnormal) : slot.Value.ToArray().Any(double.IsSubnormal);
            Assert.False(subnormal, $"{name} in {type}: slot {slot.Name} holds subnormal values");
        }
    }

    [Fact]
    public void Adams_first_moment_decays_to_zero_and_the_parameter_keeps_the_bits_of_the_formula()
    {
        var adam = Optimisers.ADAM();
        var p = new Param("p", Tensor.Fill(0.5, Shape.Vector(9)));
        var (state, ps) = adam.Step(adam.Init(Params.Of(p)), Params.Of(p), Grads.Of((p, Tensor.Fill(1e-290, Shape.Vector(9)))));
        var afterFirst = ps[0].Value.ToArray();
        var zero = Grads.Of((p, Tensor.Zeros(Shape.Vector(9))));
        for (var t = 0; t < 400; t++) (state, ps) = adam.Step(state, ps, zero);
        var m = state.ToNode().Slots.Single(s => s.Name == "m").Value.ToArray();
        Assert.All(m, x => Assert.Equal(0.0, x)); // 0.1·10⁻²⁹⁰·0.9⁴⁰⁰ is below the smallest normal double
        // Each step of at most η·m/(c₁·ϵ) ≈ 10⁻²⁸⁰ leaves 0.5 exactly where the first step put it.
        Assert.Equal(afterFirst, ps[0].Value.ToArray());
    }
}
