using Xunit;
using static Flux.Optimisers;

namespace Flux.Tests.Optimisation;

/// <summary>The toolkit from C#: per-layer rules, freezing sub-models, live hyperparameters, schedules, accumulation, finite-only steps, their errors and how their states print.</summary>
public class ToolkitTests
{
    private static Chain Model() => new([Layers.Dense(3, 4, seed: 1), Layers.Dense(4, 2, seed: 2)]);

    private static Grads Ones(Params ps) => Grads.Of(ps.Select(p => new KeyValuePair<Param, Tensor>(p, Tensor.Fill(1, p.Shape.Dims))));

    [Fact]
    public void PerLayerLearningRatesStepEachLayerWithItsOwnOptimiser()
    {
        var model = Model();
        var opt = PerLayer(model, SGD(eta: 0.1), SGD(eta: 0.01));
        var (state, next) = opt.Step(opt.Init(model), model, Ones(model.Params()));
        var (before, after) = (model.Params(), next.Params());
        Assert.Equal(before[0].Value[0] - 0.1, after[0].Value[0], 15);     // layer 0's W
        Assert.Equal(before[2].Value[0] - 0.01, after[2].Value[0], 15);    // layer 1's W
        Assert.Equal(["0", "1"], ((PartitionState)state).Labels.ToArray());
        Assert.Equal("Partition (step 1, 0 slots)\n  [0] SGD (step 1, 0 slots)\n  [1] SGD (step 1, 0 slots)", state.ToString());
    }

    [Fact]
    public void APerLayerRateCanBeChangedMidRunKeepingTheMoments()
    {
        var model = Model();
        var opt = PerLayer(model, ADAM(), ADAM());
        var (state, next) = opt.Step(opt.Init(model), model, Ones(model.Params()));
        var (adjusted, kept) = opt.AdjustGroup(state, "1", new Dictionary<string, double> { ["eta"] = 1e-5 });
        Assert.Equal(1e-5, ((ADAM)((Partition)adjusted)["1"])["eta"]);
        Assert.Equal(0.001, ((ADAM)((Partition)adjusted)["0"])["eta"]);
        Assert.Equal(state.ToNode(), kept.ToNode());
        _ = adjusted.Step(kept, next, Ones(next.Params()));
    }

    [Fact]
    public void ByModelLabelsASubModelsParameters()
    {
        var model = Model();
        var label = ParamLabels.ByModel("head", ("encoder", model[0]));
        Assert.Equal(["encoder", "encoder", "head", "head"], model.Params().Select(label));
        var strict = ParamLabels.ByModel(null, ("encoder", model[0]));
        Assert.Contains("label it, or give a label for the rest", Assert.Throws<ArgumentException>(() => strict(model.Params()[2])).Message);
    }

    [Fact]
    public void AParameterWithoutAGroupIsAnErrorNamingIt()
    {
        var model = Model();
        var opt = Partition(ParamLabels.ByName(n => n), ("W", ADAM()));
        var e = Assert.Throws<ArgumentException>(() => opt.Init(model));
        Assert.Contains("is labelled 'b', which is not a group; the groups are 'W'", e.Message);
        Assert.Contains("'x' is given twice", Assert.Throws<ArgumentException>(() => Partition(_ => "x", ("x", SGD()), ("x", ADAM()))).Message);
    }

    [Fact]
    public void AFrozenSubModelStaysBitIdenticalAndThawsWithTheSameState()
    {
        var model = Model();
        var opt = ADAM().Freeze(model[0]);
        var state = opt.Init(model);
        var next = model;
        for (var k = 0; k < 5; k++) (state, next) = opt.Step(state, next, Ones(next.Params()));
        Assert.Equal(model[0], next[0]);
        Assert.NotEqual(model[1], next[1]);
        Assert.Equal("Freeze(" + ADAM() + ", 2 parameters)", opt.ToString());
        var thawed = opt.Thaw(model[0]);
        Assert.Empty(((Frozen)thawed).Ids);
        var (_, moved) = thawed.Step(state, next, Ones(next.Params()));
        Assert.NotEqual(next[0], moved[0]);
    }

    [Fact]
    public void AdjustRefusesUnknownNamesAndValuesOutOfRange()
    {
        var opt = Chain(ClipNorm(1), ADAM());
        var state = opt.Init(Params.Empty);
        Assert.Contains("no element has hyperparameter 'lr'", Assert.Throws<ArgumentException>(() => opt.Adjust(state, "lr", 0.1)).Message);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => opt.Adjust(state, "eta", -1));
        Assert.Equal("eta", e.ParamName);
        Assert.Contains("ADAM: eta must be finite and 0 or more; got -1.", e.Message);
        Assert.Contains("ADAM has no hyperparameter 'rho'", Assert.Throws<ArgumentException>(() => ADAM().Adjust(ADAM().Init(Params.Empty), "rho", 0.5)).Message);
        Assert.True(Validated.Adjust(ADAM(), ADAM().Init(Params.Empty), "beta1", 1).IsFail);
        var (adjusted, _) = opt.Adjust(state, ("eta", 0.1), ("maxNorm", 2));
        Assert.Equal(Chain(ClipNorm(2), ADAM(eta: 0.1)), adjusted);
    }

    [Fact]
    public void ExpDecaysStepCountAdjustsOnlyToWholeNumbers()
    {
        var opt = ExpDecay();
        var state = opt.Init(Params.Empty);
        Assert.Equal(500, ((ExpDecay)opt.Adjust(state, "decayStep", 500).Optimiser)["decayStep"]);
        Assert.Contains("must be a whole number", Assert.Throws<ArgumentOutOfRangeException>(() => opt.Adjust(state, "decayStep", 2.5)).Message);
    }

    [Fact]
    public void AScheduleThatReachesARefusedValueFailsNamingTheStep()
    {
        var p = new Param("p", Tensor.Vector(1.0));
        var opt = Scheduled(SGD(), "eta", Schedules.Linear(0.2, -0.2, 2));   // 0.2, 0 (a step that moves nothing), then -0.2
        var (state, ps) = (opt.Init(Params.Of(p)), Params.Of(p));
        (state, ps) = opt.Step(state, ps, Grads.Of((ps[0], Tensor.Vector(1.0))));
        (state, ps) = opt.Step(state, ps, Grads.Of((ps[0], Tensor.Vector(1.0))));
        Assert.Equal(0.8, ps[0].Value[0], 15);
        Assert.Equal("Scheduled (step 2, 0 slots, eta = -0.2)\n  SGD (step 2, 0 slots)", state.ToString());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => opt.Step(state, ps, Grads.Of((ps[0], Tensor.Vector(1.0)))));
        Assert.Contains("at step 3 the schedule Linear(0.2 → -0.2, 2 steps) gives eta = -0.2", e.Message);
        Assert.Contains("has no hyperparameter 'beta1'", Assert.Throws<ArgumentException>(() => Scheduled(SGD(), "beta1", Schedules.Constant(0.9))).Message);
        Assert.Contains("driven by the schedule", Assert.Throws<ArgumentException>(() => opt.Adjust(opt.Init(Params.Empty), "eta", 0.1)).Message);
    }

    [Fact]
    public void FiniteOnlySkipsAndThenFailsAfterTooManyInARow()
    {
        var p = new Param("W", Tensor.Vector(1.0, 2.0));
        var ps = Params.Of(p);
        var opt = FiniteOnly(ADAM(), maxConsecutiveSkips: 2);
        var nan = Grads.Of((p, Tensor.Vector(1.0, double.NaN)));
        var state = opt.Init(ps);
        (state, var same) = opt.Step(state, ps, nan);
        (state, same) = opt.Step(state, same, nan);
        Assert.Same(ps, same);
        Assert.Equal("FiniteOnly (step 2, 0 slots, consecutive = 2, total = 2)\n  ADAM (step 0, 2 slots)", state.ToString());
        var e = Assert.Throws<NonFiniteGradientException>(() => opt.Step(state, ps, nan));
        Assert.Equal("W", e.Parameter);
        Assert.Contains("after 2 skipped steps in a row; at most 2 are allowed", e.Message);
        (state, _) = opt.Step(state, ps, Grads.Of((p, Tensor.Vector(1.0, 1.0))));
        Assert.Equal((0L, 2L), (((FiniteOnlyState)state).ConsecutiveSkips, ((FiniteOnlyState)state).TotalSkips));
        Assert.Throws<ArgumentOutOfRangeException>(() => FiniteOnly(ADAM(), -1));
    }

    [Fact]
    public void AccumGradPrintsItsWindowAndRefusesNBelowOne()
    {
        var p = new Param("W", Tensor.Vector(1.0, 2.0));
        var opt = AccumGrad(SGD(), 3);
        var (state, _) = opt.Step(opt.Init(Params.Of(p)), Params.Of(p), Grads.Of((p, Tensor.Vector(1.0, 1.0))));
        Assert.Equal("AccumGrad (step 1, 2 slots)\n  SGD (step 0, 0 slots)", state.ToString());
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => AccumGrad(SGD(), 0)).ParamName);
        Assert.Contains("AccumGrad: n must be 1 or more; got 0.", Validated.AccumGrad(SGD(), 0).Match(_ => "", e => e.Message));
    }

    [Fact]
    public void TheNewRulesValidateTheirHyperparameters()
    {
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => RAdam(threshold: -1)).ParamName);
        Assert.Equal("beta2", Assert.Throws<ArgumentOutOfRangeException>(() => AdaBelief(beta2: 1)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => OAdam(epsilon: -1)).ParamName);
        Assert.Equal("etaMinus", Assert.Throws<ArgumentOutOfRangeException>(() => Rprop(etaMinus: 1.5)).ParamName);
        Assert.Equal("etaPlus", Assert.Throws<ArgumentOutOfRangeException>(() => Rprop(etaPlus: 0.5)).ParamName);
        Assert.Equal("maxStep", Assert.Throws<ArgumentOutOfRangeException>(() => Rprop(minStep: 1, maxStep: 0.5)).ParamName);
        Assert.Equal("weightDecay", Assert.Throws<ArgumentOutOfRangeException>(() => Lion(weightDecay: double.NaN)).ParamName);
        Assert.Contains("AdamWTorch: eta must be finite and 0 or more; got -1.", Validated.AdamWTorch(eta: -1).Match(_ => "", e => e.Message));
    }
}
