using FsCheck.Xunit;
using Xunit;
using static Flux.Optimisers;

namespace Flux.Tests.Optimisation;

/// <summary>
/// The laws of the toolkit (issue 7): a partition with one group is that group's optimiser;
/// frozen parameters are bit-identical after any number of steps and thaw from their kept state;
/// adjust with unchanged values is the identity and a change of η keeps the moments;
/// AccumGrad(n) is one step on the mean; FiniteOnly is the inner optimiser on finite gradients;
/// Scheduled is adjust at every step; every new state round-trips through the checkpoint format.
/// </summary>
public class ToolkitProperties
{
    private static (Params Ps, Grads[] Gradients) Trajectory(Draw d, int steps)
    {
        var ps = Params.Of(
            new Param("W", d.Tensor(d.Shape(), () => d.Uniform(-3, 3))),
            new Param("b", d.Tensor([d.Int(1, 6)], () => d.Uniform(-3, 3))),
            new Param("c", d.Tensor([d.Int(1, 3)], () => d.Uniform(-3, 3))));
        var gradients = Enumerable.Range(0, steps)
            .Select(_ => Grads.Of(ps.Select(p => new KeyValuePair<Param, Tensor>(p, d.Tensor(p.Shape.Dims, d.NonZero)))))
            .ToArray();
        return (ps, gradients);
    }

    private static (OptimiserState State, Params Ps) Run(IOptimiser opt, Params ps, IEnumerable<Grads> gradients)
    {
        var state = opt.Init(ps);
        foreach (var g in gradients) (state, ps) = opt.Step(state, ps, g);
        return (state, ps);
    }

    private static void SameBits(Params expected, Params actual, string what)
    {
        for (var i = 0; i < expected.Count; i++) Compare.Bits(expected[i].Value, actual[i].Value, $"{what}: {expected[i].Name}");
    }

    private static IEnumerable<IOptimiser> AllRules(Draw d)
    {
        var h = d.Hyper(withDecay: false);
        return OptimiserTable.Rules(h.Eta, h.Rho, h.Beta1, h.Beta2, h.Epsilon, h.Decay).Concat(OptimiserTable.NewRules(h.Eta, h.Beta1, h.Beta2, h.Epsilon));
    }

    [Property(MaxTest = 30)]
    public void APartitionWithOneGroupIsThatGroupsOptimiser(int seed)
    {
        var d = new Draw(seed);
        var (ps, gradients) = Trajectory(d, d.Int(1, 6));
        foreach (var rule in AllRules(d))
        {
            var (expectedState, expected) = Run(rule, ps, gradients);
            var (state, actual) = Run(Partition(_ => "all", ("all", rule)), ps, gradients);
            SameBits(expected, actual, rule.ToString()!);
            Assert.Equal(expectedState.ToNode(), ((PartitionState)state)["all"].ToNode());
        }
    }

    [Property(MaxTest = 30)]
    public void APartitionStepsEachGroupWithItsOwnOptimiser(int seed)
    {
        var d = new Draw(seed);
        var (ps, gradients) = Trajectory(d, d.Int(1, 6));
        var (a, b) = (ADAM(eta: 0.01), Momentum(eta: 0.1));
        var (_, actual) = Run(Partition(ParamLabels.ByName(n => n == "W" ? "w" : "rest"), ("w", a), ("rest", b)), ps, gradients);
        var (_, onlyW) = Run(a, Params.Of(ps[0]), gradients);
        var (_, rest) = Run(b, Params.Of(ps[1], ps[2]), gradients);
        SameBits(Params.Of(onlyW[0], rest[0], rest[1]), actual, "partition");
    }

    [Property(MaxTest = 30)]
    public void FrozenParametersStayBitIdenticalAndThawFromTheirKeptState(int seed)
    {
        var d = new Draw(seed);
        var (ps, gradients) = Trajectory(d, d.Int(1, 8));
        foreach (var rule in AllRules(d))
        {
            var frozen = rule.Freeze([ps[1]]);
            var (state, after) = Run(frozen, ps, gradients);
            Compare.Bits(ps[1].Value, after[1].Value, $"{rule}: frozen b");
            var before = rule.Init(ps).ToNode().Slots.Where(s => s.Param == ps[1].Id);
            Assert.Equal(before, state.ToNode().Slots.Where(s => s.Param == ps[1].Id));
            // The others moved exactly as under the rule with b's gradients removed.
            var (_, reference) = Run(rule, ps, gradients.Select(g => Grads.Of(g.Where(e => e.Key.Id != ps[1].Id))));
            SameBits(reference, after, $"{rule}: unfrozen");
            // Thawed, the same state continues: b steps from its kept slots.
            var thawed = frozen.Thaw([ps[1]]);
            var (s1, p1) = thawed.Step(state, after, gradients[0]);
            var (s2, p2) = rule.Step(state, after, gradients[0]);
            SameBits(p2, p1, $"{rule}: thawed");
            Assert.Equal(s2.ToNode(), s1.ToNode());
        }
    }

    [Property(MaxTest = 30)]
    public void AdjustWithUnchangedValuesIsTheIdentity(int seed)
    {
        var d = new Draw(seed);
        var (ps, gradients) = Trajectory(d, d.Int(0, 4));
        foreach (var rule in AllRules(d).Cast<Rule>())
        {
            var (state, _) = Run(rule, ps, gradients);
            var (same, sameState) = rule.Adjust(state, rule.Hyperparameters);
            Assert.Same(rule, same);
            Assert.Same(state, sameState);
            var chain = Chain(ClipNorm(10), (IOptimiser)rule);
            var chainState = chain.Init(ps);
            var (c2, cs2) = chain.Adjust(chainState, rule.Hyperparameters);
            Assert.Equal(chain, c2);
            Assert.Equal(chainState.ToNode(), cs2.ToNode());
        }
    }

    [Property(MaxTest = 30)]
    public void AChangeOfEtaKeepsTheMoments(int seed)
    {
        var d = new Draw(seed);
        var (ps, gradients) = Trajectory(d, d.Int(2, 6));
        var eta = Math.Pow(10, d.Uniform(-4, -1));
        foreach (var rule in AllRules(d).Where(r => r.HyperparameterNames.Contains("eta")))
        {
            var (state, mid) = Run(rule, ps, gradients[..^1]);
            var (adjusted, kept) = rule.Adjust(state, "eta", eta);
            Assert.Same(state, kept);   // the moments are the state: nothing is reset
            IReadOnlyDictionary<string, double> before = ((Rule)rule).Hyperparameters, after = ((Rule)adjusted).Hyperparameters;
            Assert.Equal(eta, after["eta"]);
            Assert.All(before.Where(h => h.Key != "eta"), h => Assert.Equal(h.Value, after[h.Key]));
            // Adjusting back gives the rule again, and the two continue from the same state.
            var (back, _) = adjusted.Adjust(kept, "eta", before["eta"]);
            Assert.Equal(rule, back);
            var (s1, _) = adjusted.Step(kept, mid, gradients[^1]);
            Assert.Equal(state.StepCount + 1, s1.StepCount);
        }
    }

    [Property(MaxTest = 30)]
    public void AccumGradOfNIsOneStepOnTheMean(int seed)
    {
        var d = new Draw(seed);
        var n = d.Int(1, 5);
        var windows = d.Int(1, 3);
        var (ps, gradients) = Trajectory(d, n * windows);
        foreach (var rule in AllRules(d))
        {
            var (state, actual) = Run(AccumGrad(rule, n), ps, gradients);
            var means = gradients.Chunk(n).Select(w => Grads.Of(ps.Select(p =>
            {
                var sum = w[0][p];
                for (var k = 1; k < w.Length; k++) sum = Tensor.FromArray(sum.ToArray().Zip(w[k][p].ToArray(), (a, b) => a + b).ToArray(), p.Shape.Dims);
                return new KeyValuePair<Param, Tensor>(p, Tensor.FromArray(sum.ToArray().Select(x => x / n).ToArray(), p.Shape.Dims));
            })));
            var (expectedState, expected) = Run(rule, ps, means);
            SameBits(expected, actual, $"AccumGrad({rule}, {n})");
            Assert.Equal(expectedState.ToNode(), ((AccumGradState)state).Inner.ToNode());
            // In between, the parameters do not move.
            var (_, first) = AccumGrad(rule, n + 1).Step(AccumGrad(rule, n + 1).Init(ps), ps, gradients[0]);
            SameBits(ps, first, "between");
        }
    }

    [Property(MaxTest = 30)]
    public void FiniteOnlyIsTheInnerOptimiserOnFiniteGradientsAndSkipsTheRest(int seed)
    {
        var d = new Draw(seed);
        var (ps, gradients) = Trajectory(d, d.Int(1, 6));
        foreach (var rule in AllRules(d))
        {
            var (expectedState, expected) = Run(rule, ps, gradients);
            var guarded = FiniteOnly(rule, 3);
            var (state, actual) = Run(guarded, ps, gradients);
            SameBits(expected, actual, $"FiniteOnly({rule})");
            Assert.Equal(expectedState.ToNode(), ((FiniteOnlyState)state).Inner.ToNode());
            var bad = Grads.Of(gradients[0].Select(e => e.Key.Name == "c"
                ? new KeyValuePair<Param, Tensor>(e.Key, Tensor.Fill(d.Coin() ? double.NaN : double.NegativeInfinity, e.Key.Shape.Dims))
                : e));
            var (skipped, same) = guarded.Step(state, actual, bad);
            SameBits(actual, same, "skipped");
            var s = (FiniteOnlyState)skipped;
            Assert.Same(((FiniteOnlyState)state).Inner, s.Inner);
            Assert.Equal((1L, 1L, state.StepCount + 1), (s.ConsecutiveSkips, s.TotalSkips, s.StepCount));
        }
    }

    [Property(MaxTest = 30)]
    public void ScheduledIsAdjustAtEveryStep(int seed)
    {
        var d = new Draw(seed);
        var (ps, gradients) = Trajectory(d, d.Int(1, 8));
        var schedule = Schedules.Exponential(Math.Pow(10, d.Uniform(-3, -1)), d.Uniform(0.1, 1), d.Int(1, 5));
        foreach (var rule in AllRules(d).Where(r => r.HyperparameterNames.Contains("eta")))
        {
            var (_, actual) = Run(Scheduled(rule, "eta", schedule), ps, gradients);
            var (state, expected) = (rule.Init(ps), ps);
            for (var t = 1; t <= gradients.Length; t++)
            {
                var (opt, s) = rule.Adjust(state, "eta", schedule.At(t));
                (state, expected) = opt.Step(s, expected, gradients[t - 1]);
            }
            SameBits(expected, actual, $"Scheduled({rule})");
        }
    }

    [Property(MaxTest = 20)]
    public void EveryNewStateRoundTripsThroughTheCheckpointFormatBitForBit(int seed)
    {
        var d = new Draw(seed);
        var (ps, gradients) = Trajectory(d, d.Int(0, 5));
        var optimisers = OptimiserTable.All.Select(r => r.Optimiser)
            .Append(Partition(ParamLabels.ByName(n => n), ("W", Lion()), ("b", Rprop()), ("c", AccumGrad(OAdam(), 2))))
            .Append(FiniteOnly(Scheduled(AdaBelief(), "eta", Schedules.Cosine(0.01, 10, 0.1))))
            .Append(ADAM().Freeze([ps[0]]));
        foreach (var opt in optimisers)
        {
            var (state, after) = Run(opt, ps, gradients);
            var node = state.ToNode();
            var back = Checkpoints.FromJson(Checkpoints.ToJson(new Checkpoint(after, node, state.StepCount)), "memory");
            Assert.Equal(node, back.Optimiser);
            var restored = opt.Restore(back.Optimiser!);
            Assert.Equal(node, restored.ToNode());
            Assert.Equal(state.ToString(), restored.ToString());
            if (gradients.Length > 0)
            {
                var (s1, p1) = opt.Step(state, after, gradients[0]);
                var (s2, p2) = opt.Step(restored, after, gradients[0]);
                SameBits(p1, p2, $"{opt}: after restore");
                Assert.Equal(s1.ToNode(), s2.ToNode());
            }
        }
    }
}
