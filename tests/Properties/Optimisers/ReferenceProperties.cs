using System.Numerics;
using FsCheck.Xunit;
using static Flux.Optimisers;

namespace Flux.Tests.Optimisation;

/// <summary>
/// Every rule against a plain scalar transcription of its OPTIMISERS.md row, over random
/// hyperparameters (with and without inverse decay), starts, and sequences of varying gradients,
/// in both element types: bit for bit. In float32 the transcription runs in <see cref="float"/>
/// arithmetic with every coefficient (η, β, 1 − β, 1 − βᵗ, …) computed in double and rounded once,
/// which is the kernels' documented float32 contract. This covers the rules without a closed form
/// (Nesterov, ADADelta, AMSGrad, NADAM, ADAMW) and checks state slots as well as parameters.
/// </summary>
public abstract class ReferenceProperties(ElementType type)
{
    // A coefficient, computed in double, in the type of the arithmetic.
    private static T C<T>(double x) where T : IFloatingPointIeee754<T> => T.CreateTruncating(x);

    /// <summary>One element's trajectory under a rule, written exactly as the table of OPTIMISERS.md reads, in the arithmetic of <typeparamref name="T"/>.</summary>
    private static (T P, T[] Slots) Reference<T>(string rule, Hyper h, T p, T[] gs) where T : IFloatingPointIeee754<T>
    {
        T a = T.Zero, b = T.Zero, c = T.Zero;   // the rule's slots
        if (rule == "ADAGrad") a = C<T>(h.Epsilon);
        if (rule == "AMSGrad") (b, c) = (C<T>(h.Epsilon), C<T>(h.Epsilon));
        T eta = C<T>(h.Eta), rho = C<T>(h.Rho), epsilon = C<T>(h.Epsilon);
        T beta1 = C<T>(h.Beta1), beta2 = C<T>(h.Beta2), oneMinusBeta1 = C<T>(1 - h.Beta1), oneMinusBeta2 = C<T>(1 - h.Beta2), oneMinusRho = C<T>(1 - h.Rho);
        for (var t = 1; t <= gs.Length; t++)
        {
            var g = gs[t - 1];
            var s = C<T>(1 / (1 + h.Decay * (t - 1)));
            T correction1 = C<T>(1 - Math.Pow(h.Beta1, t)), correction2 = C<T>(1 - Math.Pow(h.Beta2, t));
            T delta;
            switch (rule)
            {
                case "SGD": delta = eta * (s * g); break;
                case "Momentum": g = s * g; a = rho * a - eta * g; delta = -a; break;
                case "Nesterov":
                    g = s * g;
                    var dn = C<T>(h.Rho * h.Rho) * a - C<T>((1 + h.Rho) * h.Eta) * g;
                    a = rho * a - eta * g;
                    delta = -dn;
                    break;
                case "RMSProp": a = rho * a + oneMinusRho * (g * g); delta = s * (eta * g / (T.Sqrt(a) + epsilon)); break;
                case "ADAM":
                case "ADAMW":
                    a = beta1 * a + oneMinusBeta1 * g;
                    b = beta2 * b + oneMinusBeta2 * (g * g);
                    delta = eta * (a / correction1) / (T.Sqrt(b / correction2) + epsilon);
                    if (rule == "ADAM") delta *= s;
                    break;
                case "AdaMax":
                    a = beta1 * a + oneMinusBeta1 * g;
                    b = T.Max(beta2 * b, T.Abs(g));
                    delta = s * (C<T>(h.Eta / (1 - Math.Pow(h.Beta1, t))) * a / (b + epsilon));
                    break;
                case "ADAGrad": a = a + g * g; delta = s * (eta * g / T.Sqrt(a)); break;
                case "ADADelta":
                    a = rho * a + oneMinusRho * (g * g);
                    delta = g * T.Sqrt(b + epsilon) / T.Sqrt(a + epsilon);
                    b = rho * b + oneMinusRho * (delta * delta);
                    delta = s * delta;
                    break;
                case "AMSGrad":
                    a = beta1 * a + oneMinusBeta1 * g;
                    b = beta2 * b + oneMinusBeta2 * (g * g);
                    c = T.Max(c, b);
                    delta = s * (eta * a / T.Sqrt(c));
                    break;
                case "NADAM":
                    a = beta1 * a + oneMinusBeta1 * g;
                    b = beta2 * b + oneMinusBeta2 * (g * g);
                    delta = s * (eta * (beta1 * a / C<T>(1 - Math.Pow(h.Beta1, t + 1)) + oneMinusBeta1 * g / correction1)
                        / (T.Sqrt(beta2 * b / correction2) + epsilon));
                    break;
                default: throw new ArgumentException(rule);
            }
            p = rule == "ADAMW" ? p - delta - C<T>(h.Decay) * p : p - delta;
        }
        T[] slots = rule switch
        {
            "SGD" => [],
            "Momentum" or "Nesterov" or "RMSProp" or "ADAGrad" => [a],
            "AMSGrad" => [a, b, c],
            _ => [a, b],
        };
        return (p, slots);
    }

    private static IOptimiser Make(string rule, Hyper h) => rule switch
    {
        "SGD" => SGD(h.Eta, h.Decay),
        "Momentum" => Momentum(h.Eta, h.Rho, h.Decay),
        "Nesterov" => Nesterov(h.Eta, h.Rho, h.Decay),
        "RMSProp" => RMSProp(h.Eta, h.Rho, h.Epsilon, h.Decay),
        "ADAM" => ADAM(h.Eta, h.Beta1, h.Beta2, h.Epsilon, h.Decay),
        "AdaMax" => AdaMax(h.Eta, h.Beta1, h.Beta2, h.Epsilon, h.Decay),
        "ADAGrad" => ADAGrad(h.Eta, h.Epsilon, h.Decay),
        "ADADelta" => ADADelta(h.Rho, h.Epsilon, h.Decay),
        "AMSGrad" => AMSGrad(h.Eta, h.Beta1, h.Beta2, h.Epsilon, h.Decay),
        "NADAM" => NADAM(h.Eta, h.Beta1, h.Beta2, h.Epsilon, h.Decay),
        "ADAMW" => ADAMW(h.Eta, h.Beta1, h.Beta2, h.Epsilon, h.Decay * 0.01),
        _ => throw new ArgumentException(rule),
    };

    private static readonly string[] RuleNames = ["SGD", "Momentum", "Nesterov", "RMSProp", "ADAM", "AdaMax", "ADAGrad", "ADADelta", "AMSGrad", "NADAM", "ADAMW"];

    [Property(MaxTest = 100)]
    public void EveryRuleMatchesItsFormulaElementByElementBitForBit(int seed)
    {
        var d = new Draw(seed);
        var shape = d.Shape();
        var p = new Param("p", d.Tensor(shape, () => d.Uniform(-3, 3)).ToElementType(type));
        var n = d.Int(1, 15);
        var gradients = Enumerable.Range(0, n).Select(_ => d.Tensor(shape, () => d.Coin() ? d.NonZero() : d.Uniform(-1, 1)).ToElementType(type)).ToArray();
        foreach (var rule in RuleNames)
        {
            var h = d.Hyper();
            var opt = Make(rule, h);
            var hRef = rule == "ADAMW" ? h with { Decay = h.Decay * 0.01 } : h;
            var ps = Params.Of(p);
            var state = opt.Init(ps);
            foreach (var g in gradients) (state, ps) = opt.Step(state, ps, Grads.Of((ps[0], g)));
            var node = state.ToNode();
            Xunit.Assert.Equal(type, ps[0].ElementType);
            for (var i = 0; i < p.Value.Length; i++)
            {
                // p[i] and g[i] are exactly representable in the type under test, so each converts exactly.
                var (expected, slots) = type == ElementType.Float32
                    ? Widen(Reference(rule, hRef, (float)p.Value[i], [.. gradients.Select(g => (float)g[i])]))
                    : Reference(rule, hRef, p.Value[i], [.. gradients.Select(g => g[i])]);
                Same(expected, ps[0].Value[i], $"{rule} p[{i}] in {type} with {h}");
                Xunit.Assert.Equal(slots.Length, node.Slots.Length);
                for (var k = 0; k < slots.Length; k++)
                    Same(slots[k], node.Slots[k].Value[i], $"{rule} slot {node.Slots[k].Name}[{i}] in {type} with {h}");
            }
        }
    }

    [Xunit.Fact]
    public void LongRunsPastTheRoundingOfTheBiasCorrectionsToOneMatchTheirFormulas()
    {
        // 1 − 0.999ᵗ rounds to exactly 1 after about 17,300 steps in float and 36,800 in double, and
        // 1 − 0.9ᵗ after 165 and 350: the kernels then skip those divisions, which must keep the bits.
        var n = type == ElementType.Float32 ? 17_500 : 37_000;
        var h = new Hyper(Eta: 1e-3, Rho: 0.9, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8, Decay: 0);
        var p = new Param("p", Tensor.FromArray([0.75, -1.5], 2).ToElementType(type));
        var gradients = Enumerable.Range(1, n).Select(t => Tensor.FromArray([0.1 * Math.Sin(t), 0.01 * Math.Cos(0.5 * t)], 2).ToElementType(type)).ToArray();
        foreach (var rule in new[] { "ADAM", "NADAM", "ADAMW" })
        {
            var hRef = rule == "ADAMW" ? h with { Decay = 1e-4 } : h;
            var opt = Make(rule, rule == "ADAMW" ? h with { Decay = 1e-2 } : h);
            var ps = Params.Of(p);
            var state = opt.Init(ps);
            foreach (var g in gradients) (state, ps) = opt.Step(state, ps, Grads.Of((ps[0], g)));
            for (var i = 0; i < 2; i++)
            {
                var (expected, slots) = type == ElementType.Float32
                    ? Widen(Reference(rule, hRef, (float)p.Value[i], [.. gradients.Select(g => (float)g[i])]))
                    : Reference(rule, hRef, p.Value[i], [.. gradients.Select(g => g[i])]);
                Same(expected, ps[0].Value[i], $"{rule} p[{i}] in {type} after {n} steps");
                var node = state.ToNode();
                for (var k = 0; k < slots.Length; k++)
                    Same(slots[k], node.Slots[k].Value[i], $"{rule} slot {node.Slots[k].Name}[{i}] in {type} after {n} steps");
            }
        }
    }

    private static (double, double[]) Widen((float P, float[] Slots) r) => (r.P, [.. r.Slots.Select(x => (double)x)]);

    private static void Same(double expected, double actual, string what)
    {
        if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
            throw new Xunit.Sdk.XunitException($"{what}: expected {expected:R}, got {actual:R}, not bit for bit.");
    }
}

/// <summary>The transcriptions in float64 arithmetic against Float64 parameters.</summary>
public sealed class ReferencePropertiesFloat64() : ReferenceProperties(ElementType.Float64);

/// <summary>The transcriptions in float32 arithmetic against Float32 parameters.</summary>
public sealed class ReferencePropertiesFloat32() : ReferenceProperties(ElementType.Float32);
