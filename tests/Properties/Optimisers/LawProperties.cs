using FsCheck.Xunit;
using Xunit;
using static Flux.Optimisers;

namespace Flux.Tests.Optimisation;

/// <summary>
/// The laws of OPTIMISERS.md over the whole table and over random hyperparameters: the law helper
/// on every row; <c>Chain(r) ≡ r</c>; ADAMW with decay 0 ≡ ADAM; decay 0 ≡ no decay; ADAM, AdaMax
/// and RMSProp invariant to scaling the gradient as ϵ → 0.
/// </summary>
public class LawProperties
{
    private static (Params Ps, Grads[] Gradients) Trajectory(Draw d, int maxSteps = 8)
    {
        var shape = d.Shape();
        var ps = Params.Of(new Param("W", d.Tensor(shape, () => d.Uniform(-3, 3))), new Param("b", d.Tensor([d.Int(1, 6)], () => d.Uniform(-3, 3))));
        var gradients = Enumerable.Range(0, d.Int(1, maxSteps))
            .Select(_ => Grads.Of(ps.Select(p => new KeyValuePair<Param, Tensor>(p, d.Tensor(p.Shape.Dims, d.NonZero)))))
            .ToArray();
        return (ps, gradients);
    }

    private static (OptimiserState State, Params Ps) Run(IOptimiser opt, Params ps, Grads[] gradients, Func<Tensor, Tensor>? map = null)
    {
        var state = opt.Init(ps);
        foreach (var g in gradients)
            (state, ps) = opt.Step(state, ps, map is null ? g : g.Map(map));
        return (state, ps);
    }

    private static void SameBits(Params expected, Params actual, string what)
    {
        for (var i = 0; i < expected.Count; i++) Compare.Bits(expected[i].Value, actual[i].Value, $"{what}: {expected[i].Name}");
    }

    [Property(MaxTest = 15)]
    public void EveryRowOfTheTableObeysTheLaws(int seed)
    {
        foreach (var row in OptimiserTable.All)
        {
            var report = OptimiserLaws.Check(row.Optimiser, seed, steps: 3);
            Assert.True(row.Holds(report), $"{row.Name}:\n{report}");
        }
    }

    [Property(MaxTest = 50)]
    public void TheLawsHoldForEveryRuleAtRandomHyperparameters(int seed)
    {
        var d = new Draw(seed);
        var h = d.Hyper() with { Decay = 0 };   // ADAMW's weight decay may outweigh its step; the other rules' decay is covered below
        foreach (var rule in OptimiserTable.Rules(h.Eta, h.Rho, h.Beta1, h.Beta2, h.Epsilon, h.Decay))
        {
            var report = OptimiserLaws.Check(rule, seed);
            Assert.True(report.AllHold, report.ToString());
        }
        var decay = d.Uniform(0, 1);
        foreach (var rule in OptimiserTable.Rules(h.Eta, h.Rho, h.Beta1, h.Beta2, h.Epsilon, decay).Where(r => r is not ADAMW))
        {
            var report = OptimiserLaws.Check(rule, seed);
            Assert.True(report.AllHold, report.ToString());
        }
    }

    [Property(MaxTest = 50)]
    public void AChainOfOneRuleIsThatRuleBitForBit(int seed)
    {
        var d = new Draw(seed);
        var h = d.Hyper();
        var (ps, gradients) = Trajectory(d);
        foreach (var rule in OptimiserTable.Rules(h.Eta, h.Rho, h.Beta1, h.Beta2, h.Epsilon, h.Decay)
                     .Concat([WeightDecay(h.Decay), ClipValue(h.Eta), ClipNorm(h.Eta), InvDecay(h.Decay), ExpDecay(h.Eta, 0.5, 2, 1e-3)]))
        {
            var (rs, rp) = Run(rule, ps, gradients);
            var (cs, cp) = Run(Chain(rule), ps, gradients);
            SameBits(rp, cp, $"Chain({rule})");
            Assert.Equal(rs.ToNode(), cs.ToNode().Children[0]);
        }
    }

    [Property(MaxTest = 50)]
    public void AdamWWithDecayZeroIsAdamBitForBit(int seed)
    {
        var d = new Draw(seed);
        var h = d.Hyper(withDecay: false);
        var (ps, gradients) = Trajectory(d);
        var (adamState, adam) = Run(ADAM(h.Eta, h.Beta1, h.Beta2, h.Epsilon, decay: 0), ps, gradients);
        var (adamWState, adamW) = Run(ADAMW(h.Eta, h.Beta1, h.Beta2, h.Epsilon, decay: 0), ps, gradients);
        SameBits(adam, adamW, "ADAMW(decay: 0) vs ADAM");
        Assert.Equal(adamState.ToNode().Slots.ToArray(), adamWState.ToNode().Slots.ToArray());
    }

    [Property(MaxTest = 50)]
    public void InverseDecayZeroIsNoDecayBitForBit(int seed)
    {
        // s_t = 1 exactly, so rule(decay: 0) is the rule without the multiply (the reference
        // property checks the formula); here InvDecay(0) anywhere in a chain changes no bit.
        var d = new Draw(seed);
        var h = d.Hyper(withDecay: false);
        var (ps, gradients) = Trajectory(d);
        foreach (var rule in OptimiserTable.Rules(h.Eta, h.Rho, h.Beta1, h.Beta2, h.Epsilon, decay: 0))
        {
            var (_, plain) = Run(rule, ps, gradients);
            var (_, after) = Run(Chain(rule, InvDecay(0)), ps, gradients);
            var (_, before) = Run(Chain(InvDecay(0), rule), ps, gradients);
            SameBits(plain, after, $"Chain({rule}, InvDecay(0))");
            SameBits(plain, before, $"Chain(InvDecay(0), {rule})");
        }
    }

    [Property(MaxTest = 50)]
    public void InverseDecayAsARuleArgumentEqualsItAsAChainElement(int seed)
    {
        // SGD scales g: SGD(η, decay) ≡ Chain(InvDecay(decay), SGD(η)); ADAM scales Δ: ADAM(decay) ≡ Chain(ADAM(), InvDecay(decay)).
        var d = new Draw(seed);
        var h = d.Hyper();
        var (ps, gradients) = Trajectory(d);
        SameBits(Run(SGD(h.Eta, h.Decay), ps, gradients).Ps, Run(Chain(InvDecay(h.Decay), SGD(h.Eta)), ps, gradients).Ps, "SGD decay");
        var (_, adam) = Run(ADAM(h.Eta, h.Beta1, h.Beta2, h.Epsilon, h.Decay), ps, gradients);
        var (_, chained) = Run(Chain(ADAM(h.Eta, h.Beta1, h.Beta2, h.Epsilon), InvDecay(h.Decay)), ps, gradients);
        for (var i = 0; i < adam.Count; i++) Assert.True(adam[i].Value.AllClose(chained[i].Value, 1e-14), "ADAM decay");
    }

    [Property(MaxTest = 50)]
    public void AdamAdaMaxAndRmsPropIgnoreTheScaleOfTheGradientWhenEpsilonIsNegligible(int seed)
    {
        // ϵ = 0 is refused (issue 10, item 2); 1e-300 beside gradients of magnitude ≥ 1e-2 changes no bit of any step.
        const double epsilon = 1e-300;
        var d = new Draw(seed);
        var h = d.Hyper() with { Epsilon = epsilon };
        var c = Math.Pow(10, d.Uniform(-3, 3));
        var (ps, gradients) = Trajectory(d);
        IOptimiser[] rules =
        [
            ADAM(h.Eta, h.Beta1, h.Beta2, epsilon, h.Decay),
            AdaMax(h.Eta, h.Beta1, h.Beta2, epsilon, h.Decay),
            RMSProp(h.Eta, h.Rho, epsilon, h.Decay),
        ];
        foreach (var rule in rules)
        {
            var (_, plain) = Run(rule, ps, gradients);
            var (_, scaled) = Run(rule, ps, gradients, g => g * c);
            for (var i = 0; i < plain.Count; i++)
                for (var j = 0; j < plain[i].Value.Length; j++)
                    Compare.Close(plain[i].Value[j], scaled[i].Value[j], Math.Abs(ps[i].Value[j]) + gradients.Length * h.Eta * 10, 1e-9, $"{rule} with gradient × {c:G3}");
        }
    }

    [Property(MaxTest = 30)]
    public void AdamIsNearlyScaleInvariantAsEpsilonVanishes(int seed)
    {
        // With a tiny ϵ (1e-14) against gradients of magnitude ≥ 1e-2 the scaled and unscaled runs still agree closely.
        var d = new Draw(seed);
        var h = d.Hyper();
        var c = Math.Pow(10, d.Uniform(0, 2));
        var (ps, gradients) = Trajectory(d);
        var rule = ADAM(h.Eta, h.Beta1, h.Beta2, epsilon: 1e-14, h.Decay);
        var (_, plain) = Run(rule, ps, gradients);
        var (_, scaled) = Run(rule, ps, gradients, g => g * c);
        for (var i = 0; i < plain.Count; i++)
            Assert.True(plain[i].Value.AllClose(scaled[i].Value, 1e-7, 1e-9), $"ADAM ϵ=1e-14 with gradient × {c:G3}");
    }
}
