using FsCheck.Xunit;
using static Flux.Optimisers;

namespace Flux.Tests.Optimisation;

/// <summary>
/// Every rule against a plain scalar transcription of its OPTIMISERS.md row, over random
/// hyperparameters (with and without inverse decay), starts, and sequences of varying gradients.
/// This covers the rules without a closed form (Nesterov, ADADelta, AMSGrad, NADAM, ADAMW) and
/// checks state slots as well as parameters.
/// </summary>
public class ReferenceProperties
{
    /// <summary>One element's trajectory under a rule, written exactly as the table of OPTIMISERS.md reads.</summary>
    private static (double P, double[] Slots) Reference(string rule, Hyper h, double p, double[] gs)
    {
        double a = 0, b = 0, c = 0;   // the rule's slots
        if (rule == "ADAGrad") a = h.Epsilon;
        if (rule == "AMSGrad") (b, c) = (h.Epsilon, h.Epsilon);
        for (var t = 1; t <= gs.Length; t++)
        {
            var g = gs[t - 1];
            var s = 1 / (1 + h.Decay * (t - 1));
            double delta;
            switch (rule)
            {
                case "SGD": delta = h.Eta * (s * g); break;
                case "Momentum": g = s * g; a = h.Rho * a - h.Eta * g; delta = -a; break;
                case "Nesterov":
                    g = s * g;
                    var dn = h.Rho * h.Rho * a - (1 + h.Rho) * h.Eta * g;
                    a = h.Rho * a - h.Eta * g;
                    delta = -dn;
                    break;
                case "RMSProp": a = h.Rho * a + (1 - h.Rho) * (g * g); delta = s * (h.Eta * g / (Math.Sqrt(a) + h.Epsilon)); break;
                case "ADAM":
                case "ADAMW":
                    a = h.Beta1 * a + (1 - h.Beta1) * g;
                    b = h.Beta2 * b + (1 - h.Beta2) * (g * g);
                    delta = h.Eta * (a / (1 - Math.Pow(h.Beta1, t))) / (Math.Sqrt(b / (1 - Math.Pow(h.Beta2, t))) + h.Epsilon);
                    if (rule == "ADAM") delta *= s;
                    break;
                case "AdaMax":
                    a = h.Beta1 * a + (1 - h.Beta1) * g;
                    b = Math.Max(h.Beta2 * b, Math.Abs(g));
                    delta = s * (h.Eta / (1 - Math.Pow(h.Beta1, t)) * a / (b + h.Epsilon));
                    break;
                case "ADAGrad": a = a + g * g; delta = s * (h.Eta * g / Math.Sqrt(a)); break;
                case "ADADelta":
                    a = h.Rho * a + (1 - h.Rho) * (g * g);
                    delta = g * Math.Sqrt(b + h.Epsilon) / Math.Sqrt(a + h.Epsilon);
                    b = h.Rho * b + (1 - h.Rho) * (delta * delta);
                    delta = s * delta;
                    break;
                case "AMSGrad":
                    a = h.Beta1 * a + (1 - h.Beta1) * g;
                    b = h.Beta2 * b + (1 - h.Beta2) * (g * g);
                    c = Math.Max(c, b);
                    delta = s * (h.Eta * a / Math.Sqrt(c));
                    break;
                case "NADAM":
                    a = h.Beta1 * a + (1 - h.Beta1) * g;
                    b = h.Beta2 * b + (1 - h.Beta2) * (g * g);
                    delta = s * (h.Eta * (h.Beta1 * a / (1 - Math.Pow(h.Beta1, t + 1)) + (1 - h.Beta1) * g / (1 - Math.Pow(h.Beta1, t)))
                        / (Math.Sqrt(h.Beta2 * b / (1 - Math.Pow(h.Beta2, t))) + h.Epsilon));
                    break;
                default: throw new ArgumentException(rule);
            }
            p = rule == "ADAMW" ? p - delta - h.Decay * p : p - delta;
        }
        double[] slots = rule switch
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
    public void EveryRuleMatchesItsFormulaElementByElement(int seed)
    {
        var d = new Draw(seed);
        var shape = d.Shape();
        var p = new Param("p", d.Tensor(shape, () => d.Uniform(-3, 3)));
        var n = d.Int(1, 15);
        var gradients = Enumerable.Range(0, n).Select(_ => d.Tensor(shape, () => d.Coin() ? d.NonZero() : d.Uniform(-1, 1))).ToArray();
        foreach (var rule in RuleNames)
        {
            var h = d.Hyper();
            var opt = Make(rule, h);
            var hRef = rule == "ADAMW" ? h with { Decay = h.Decay * 0.01 } : h;
            var ps = Params.Of(p);
            var state = opt.Init(ps);
            foreach (var g in gradients) (state, ps) = opt.Step(state, ps, Grads.Of((ps[0], g)));
            var node = state.ToNode();
            for (var i = 0; i < p.Value.Length; i++)
            {
                var (expected, slots) = Reference(rule, hRef, p.Value[i], [.. gradients.Select(g => g[i])]);
                // Same operations in the same order: the library's kernel and the transcription agree to rounding.
                Compare.Close(expected, ps[0].Value[i], Math.Abs(p.Value[i]) + Math.Abs(expected - p.Value[i]), 1e-12, $"{rule} p[{i}] with {h}");
                Xunit.Assert.Equal(slots.Length, node.Slots.Length);
                for (var k = 0; k < slots.Length; k++)
                    Compare.Close(slots[k], node.Slots[k].Value[i], Math.Abs(slots[k]), 1e-12, $"{rule} slot {node.Slots[k].Name}[{i}] with {h}");
            }
        }
    }
}
