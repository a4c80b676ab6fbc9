using System.Collections.Immutable;
using Xunit;
using static Flux.Optimisers;

namespace Flux.Tests.Optimisation;

/// <summary>A tiny model for the model-step tests (the layers come from another issue).</summary>
public sealed record Line(Param Slope, Param Intercept) : IModel
{
    public Params Params() => Flux.Params.Of(Slope, Intercept);

    IModel IModel.With(Params ps) => With(ps);

    public Line With(Params ps) =>
        new(ps.Contains(Slope) ? Slope.With(ps[Slope].Value) : Slope, ps.Contains(Intercept) ? Intercept.With(ps[Intercept].Value) : Intercept);

    public Expr Predict(Tensor x) => Slope * x + Intercept;
}

public class StepTests
{
    [Fact]
    public void TheIssueUsageCompilesAndRuns()
    {
        var W = new Param("W", Tensor.Rand(new Seed(1), 2, 5));
        var b = new Param("b", Tensor.Rand(new Seed(2), 2));
        var ps = Params.Of(W, b);
        Tensor x = Tensor.Rand(new Seed(3), 5), y = Tensor.Rand(new Seed(4), 2);
        var grads = Gradient.Of(() => Ops.Sum(Ops.Square(ps[0] * x + ps[1] - y)), ps);

        IOptimiser opt = Optimisers.ADAM(eta: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, decay: 0);
        var state = opt.Init(ps);
        (state, ps) = opt.Step(state, ps, grads);
        Assert.Equal(1, state.StepCount);
        Assert.True(ps[0].SameIdentity(W));
        Assert.NotEqual(W.Value, ps[0].Value);
    }

    [Fact]
    public void AStepOverAModelReturnsTheSameModelTypeAndLeavesTheOldOneAlone()
    {
        var model = new Line(new Param("a", Tensor.Scalar(0)), new Param("c", Tensor.Scalar(0)));
        Tensor x = Tensor.FromArray([1, 2, 3, 4], 1, 4), y = Tensor.FromArray([3, 5, 7, 9], 1, 4); // y = 2x + 1
        var opt = Chain(ClipNorm(10), ADAM(eta: 0.05));
        var state = opt.Init(model);
        var original = model;
        for (var step = 0; step < 2000; step++)
        {
            var m = model;
            var grads = Gradient.Of(() => Ops.Mean(Ops.Square(m.Predict(x) - y)), m.Params());
            (state, model) = opt.Step(state, model, grads);
        }
        Assert.IsType<Line>(model);
        Assert.Equal(0.0, original.Slope.Value.ToScalar());
        Assert.Equal(2.0, model.Slope.Value.ToScalar(), 1e-3);
        Assert.Equal(1.0, model.Intercept.Value.ToScalar(), 1e-3);
        Assert.True(model.Slope.SameIdentity(original.Slope));
    }

    [Fact]
    public void AParameterWithoutAGradientKeepsItsValueAndItsState()
    {
        var W = new Param("W", Tensor.Randn(new Seed(1), 2, 2));
        var b = new Param("b", Tensor.Randn(new Seed(2), 2));
        var ps = Params.Of(W, b);
        var opt = ADAM();
        var (state, ps1) = opt.Step(opt.Init(ps), ps, Grads.Of((W, Tensor.Ones(2, 2)), (b, Tensor.Ones(2))));
        var (state2, ps2) = opt.Step(state, ps1, Grads.Of((W, Tensor.Ones(2, 2))));
        Assert.Same(ps1[1], ps2[1]);
        var (s1, s2) = ((RuleState)state, (RuleState)state2);
        Assert.Equal(s1.Slots[b.Id], s2.Slots[b.Id]);
        Assert.NotEqual(s1[W, "m"], s2[W, "m"]);
        Assert.Equal(2, state2.StepCount);
    }

    [Fact]
    public void GradientsOfParametersNotSteppedAreIgnored()
    {
        var W = new Param("W", Tensor.Randn(new Seed(1), 2));
        var stranger = new Param("x", Tensor.Randn(new Seed(2), 3));
        var ps = Params.Of(W);
        var (_, next) = SGD().Step(SGD().Init(ps), ps, Grads.Of((W, Tensor.Ones(2)), (stranger, Tensor.Ones(3))));
        Assert.Single(next);
    }

    [Fact]
    public void FirstStepsMatchTheFormulasByHand()
    {
        var p = new Param("p", Tensor.Vector(1.0, -2.0));
        var ps = Params.Of(p);
        var g = Grads.Of((p, Tensor.Vector(0.5, -4.0)));
        double[] Step(IOptimiser o) => o.Step(o.Init(ps), ps, g).Params[0].Value.ToArray();

        Assert.Equal([1 - 0.1 * 0.5, -2 + 0.1 * 4.0], Step(SGD()));
        Assert.Equal([1 - 0.01 * 0.5, -2 + 0.01 * 4.0], Step(Momentum()));
        Assert.Equal([1 - 1.9 * 0.01 * 0.5, -2 + 1.9 * 0.01 * 4.0], Step(Nesterov()), new Close(1e-15));
        // ADAM's first step is η*g/(|g|+ϵ).
        Assert.Equal([1 - 0.001 * 0.5 / (0.5 + 1e-8), -2 + 0.001 * 4 / (4 + 1e-8)], Step(ADAM()), new Close(1e-15));
        // RMSProp: acc = 0.1 g², Δ = η g / (sqrt(0.1)|g| + ϵ).
        Assert.Equal([1 - 0.001 * 0.5 / (Math.Sqrt(0.1) * 0.5 + 1e-8), -2 + 0.001 * 4 / (Math.Sqrt(0.1) * 4 + 1e-8)], Step(RMSProp()), new Close(1e-14));
        // ADAGrad: acc = ϵ + g².
        Assert.Equal([1 - 0.01 * 0.5 / Math.Sqrt(1e-8 + 0.25), -2 + 0.01 * 4 / Math.Sqrt(1e-8 + 16)], Step(ADAGrad()), new Close(1e-15));
        // ADADelta: Δ = g sqrt(ϵ) / sqrt(0.1 g² + ϵ).
        Assert.Equal([1 - 0.5 * 1e-4 / Math.Sqrt(0.025 + 1e-8), -2 + 4 * 1e-4 / Math.Sqrt(1.6 + 1e-8)], Step(ADADelta()), new Close(1e-14));
        // AMSGrad: m = 0.1 g, v = 0.999 ϵ + 0.001 g², v̂ = max(ϵ, v).
        Assert.Equal([1 - 0.001 * 0.05 / Math.Sqrt(0.999e-8 + 0.001 * 0.25), -2 + 0.001 * 0.4 / Math.Sqrt(0.999e-8 + 0.001 * 16)], Step(AMSGrad()), new Close(1e-14));
        // ADAMW with decay: p - Δ - decay p.
        var adam = Step(ADAM());
        Assert.Equal([adam[0] - 0.1 * 1.0, adam[1] - 0.1 * -2.0], Step(ADAMW(decay: 0.1)), new Close(1e-15));
        // Building blocks alone.
        Assert.Equal([1 - 0.5, -2 + 1.0], Step(ClipValue(1)));
        var norm = Math.Sqrt(0.25 + 16);
        Assert.Equal([1 - 0.5 * (1 / norm), -2 + 4 * (1 / norm)], Step(ClipNorm(1)), new Close(1e-15));
        Assert.Equal([1 - (0.5 + 0.5 * 1.0), -2 - (-4 + 0.5 * -2)], Step(WeightDecay(0.5)));
        Assert.Equal([1 - 0.001 * 0.5, -2 + 0.001 * 4], Step(ExpDecay()));
    }

    private sealed class Close(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
        public int GetHashCode(double x) => 0;
    }

    [Fact]
    public void ExpDecayFollowsItsSchedule()
    {
        var e = ExpDecay(eta: 1, decay: 0.5, decayStep: 2, clip: 0.2);
        Assert.Equal([1, 1, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2], Enumerable.Range(1, 8).Select(t => e.Factor(t)).ToArray());
    }

    [Fact]
    public void ClipNormIsGlobalOverTheWholeMap()
    {
        var a = new Param("a", Tensor.Vector(0, 0));
        var b = new Param("b", Tensor.Vector(0));
        var ps = Params.Of(a, b);
        var grads = Grads.Of((a, Tensor.Vector(3, 0)), (b, Tensor.Vector(4)));   // global norm 5
        var (_, delta) = ClipNorm(1).Update(ClipNorm(1).Init(ps), ps, grads);
        Assert.Equal(1.0, delta.GlobalNorm(), 1e-15);
        Assert.Equal(0.6, delta[a][0], 1e-15);
        Assert.Equal(0.8, delta[b][0], 1e-15);
        // Below the bound, the gradient passes unchanged, bit for bit.
        var (_, same) = ClipNorm(10).Update(ClipNorm(10).Init(ps), ps, grads);
        Assert.Equal(grads[a], same[a]);
        Assert.Equal(grads[b], same[b]);
    }

    [Fact]
    public void UpdateGivesTheStepThatStepSubtracts()
    {
        var p = new Param("p", Tensor.Randn(new Seed(5), 3, 3));
        var ps = Params.Of(p);
        var g = Grads.Of((p, Tensor.Randn(new Seed(6), 3, 3)));
        // ADAMW's fused step rounds p − Δ − λp, not p − (Δ + λp); AccumGrad's first Δ is empty; a schedule-free step
        // computes y' itself and its Δ is y − y', so p − Δ may differ from y' in the last bit (ScheduleFreeProperties bounds it).
        foreach (var row in OptimiserTable.All.Where(r => r.Optimiser is not ADAMW and not AccumGrad { N: > 1 } and not ScheduleFree))
        {
            var t = row.Optimiser;
            var state = t.Init(ps);
            var (s1, delta) = t.Update(state, ps, g);
            var (s2, next) = t.Step(state, ps, g);
            Assert.Equal(p.Value - delta[p], next[0].Value);
            Assert.Equal(s1.ToNode(), s2.ToNode());
        }
    }

    [Fact]
    public void KernelTailsComputeTheSameBitsAsTheVectorLanes()
    {
        // Eleven equal elements: eight go through the four-lane loop, three through the tail.
        var p = new Param("p", Tensor.Fill(0.3, 11));
        var ps = Params.Of(p);
        var g = Grads.Of((p, Tensor.Fill(-0.7, 11)));
        foreach (var row in OptimiserTable.All)
        {
            var opt = row.Optimiser;
            var (state, next) = opt.Step(opt.Init(ps), ps, g);
            (state, next) = opt.Step(state, next, Grads.Of((next[0], Tensor.Fill(0.2, 11))));
            var v = next[0].Value.ToArray();
            Assert.All(v, x => Assert.Equal(BitConverter.DoubleToInt64Bits(v[0]), BitConverter.DoubleToInt64Bits(x)));
            foreach (var slot in state.ToNode().Slots.Concat(state.ToNode().Children.SelectMany(c => c.Slots)))
                Assert.All(slot.Value.ToArray(), x => Assert.Equal(slot.Value[0], x));
        }
    }

    [Fact]
    public void StatesRoundTripThroughTheirNeutralForm()
    {
        var W = new Param("W", Tensor.Randn(new Seed(1), 2, 3));
        var ps = Params.Of(W);
        var opt = Chain(ClipNorm(1), AMSGrad(), InvDecay());
        var (state, _) = opt.Step(opt.Init(ps), ps, Grads.Of((W, Tensor.Randn(new Seed(2), 2, 3))));
        var node = state.ToNode();
        Assert.Equal("Chain", node.Kind);
        Assert.Equal(["ClipNorm", "AMSGrad", "InvDecay"], node.Children.Select(c => c.Kind));
        Assert.Equal(["m", "v", "vhat"], node.Children[1].Slots.Select(s => s.Name));
        Assert.All(node.Children[1].Slots, s => Assert.Equal(W.Id, s.Param));
        Assert.Equal(1, node.Children[1].Step);
        var restored = opt.Restore(node);
        Assert.Equal(state, restored);
        Assert.Equal(node, restored.ToNode());
        Assert.NotNull(node.Children[1].Slot(W.Id, "vhat"));
    }

    [Fact]
    public void StatesExposeTheirSlotsByName()
    {
        var W = new Param("W", Tensor.Randn(new Seed(1), 2));
        var ps = Params.Of(W);
        var state = (RuleState)ADAM().Step(ADAM().Init(ps), ps, Grads.Of((W, Tensor.Vector(1, -1)))).State;
        Assert.Equal(Tensor.Vector(0.1, -0.1).ToArray(), state[W, "m"].ToArray(), new Close(1e-15));
        Assert.Equal(Tensor.Vector(0.001, 0.001).ToArray(), state[W, "v"].ToArray(), new Close(1e-15));
        var ada = (RuleState)ADAGrad(epsilon: 0.5).Init(ps);
        Assert.Equal([0.5, 0.5], ada[W, "acc"].ToArray());
        var ams = (RuleState)AMSGrad(epsilon: 0.25).Init(ps);
        Assert.Equal([0.25, 0.25], ams[W, "vhat"].ToArray());
        Assert.Equal([0.25, 0.25], ams[W, "v"].ToArray());
        Assert.Equal([0.0, 0.0], ams[W, "m"].ToArray());
        Assert.Contains("no slot 'u'; it has slots 'm', 'v', 'vhat'", Assert.Throws<KeyNotFoundException>(() => ams[W, "u"]).Message);
    }

    [Fact]
    public void OptimisersAreValuesWithEquality()
    {
        Assert.Equal(ADAM(), ADAM());
        Assert.NotEqual(ADAM(), ADAM(eta: 0.01));
        Assert.Equal(Chain(ClipNorm(1), ADAM()), Chain(ClipNorm(1), ADAM()));
        Assert.Equal(0.1, SGD()["eta"]);
        Assert.Equal(0.002, AdaMax()["eta"]);
        Assert.Equal((0.9, 0.999, 1e-8), (NADAM()["beta1"], NADAM()["beta2"], NADAM()["epsilon"]));
        Assert.Equal<IOptimiser>([ClipNorm(1), ADAM()], Chain(ClipNorm(1), ADAM()).Elements.ToArray());
    }
}

public class OptimiserPrintingTests
{
    [Fact]
    public void RulesPrintAsTheyAreWritten()
    {
        Assert.Equal("ADAM(eta = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1E-08, decay = 0)", Flux.Optimisers.ADAM().ToString());
        Assert.Equal("Chain(ClipNorm(maxNorm = 1), SGD(eta = 0.1, decay = 0))", Flux.Optimisers.Chain(Flux.Optimisers.ClipNorm(1), Flux.Optimisers.SGD()).ToString());
    }
}
