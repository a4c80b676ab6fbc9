using Xunit;
using static Flux.Optimisers;

namespace Flux.Tests.Optimisation;

/// <summary>
/// Issue 10, item 5: wrappers that name parameters (by identity) refuse a parameter list holding
/// none of them, as a model rebuilt by the same code (a fresh template, a model loaded from a
/// checkpoint) has new identities; before, Freeze silently trained such a model in full.
/// </summary>
public class RebuiltModelTests
{
    private static Chain Model() => new([Layers.Dense(3, 4, seed: 1), Layers.Dense(4, 2, seed: 2)]);

    private static Grads Ones(Params ps) => Grads.Of(ps.Select(p => new KeyValuePair<Param, Tensor>(p, Tensor.Fill(1, p.Shape.Dims))));

    [Fact]
    public void FreezeRefusesARebuiltModelInsteadOfTrainingItsFrozenLayer()
    {
        var (a, b) = (Model(), Model());
        Assert.Equal(a.Params().Select(p => p.Value), b.Params().Select(p => p.Value));   // same values, new identities
        var opt = ADAM().Freeze(a[0]);
        var init = Assert.Throws<ArgumentException>(() => opt.Init(b));
        Assert.Equal("ps", init.ParamName);
        Assert.Contains("Freeze.Init: none of the 4 parameters given is one of the 2 frozen", init.Message);
        Assert.Contains("a rebuilt model (a fresh template, a model loaded from a checkpoint) has new identities", init.Message);
        var state = opt.Init(a);   // a state from the model the freeze was built from, then the rebuilt model stepped
        var step = Assert.Throws<ArgumentException>(() => opt.Step(state, b, Ones(b.Params())));
        Assert.Contains("Freeze.Step: none of the 4 parameters given", step.Message);
        Assert.Contains("Freeze.Update: none of", Assert.Throws<ArgumentException>(() => opt.Update(state, b.Params(), Ones(b.Params()))).Message);
    }

    [Fact]
    public void FreezeStillStepsTheModelItNamesAndAnEmptyList()
    {
        var a = Model();
        var opt = ADAM().Freeze(a[0]);
        var (_, next) = opt.Step(opt.Init(a), a, Ones(a.Params()));
        Assert.Equal(a[0], next[0]);
        Assert.NotEqual(a[1], next[1]);
        _ = opt.Init(Params.Empty);
        _ = Scheduled(opt, "eta", Schedules.Constant(0.01));
        Assert.Throws<ArgumentException>(() => Scheduled(opt, "eta", Schedules.Constant(0.01)).Init(Model()));
    }

    [Fact]
    public void PerLayerRefusesARebuiltChainSayingWhy()
    {
        var (a, b) = (Model(), Model());
        var opt = PerLayer(a, SGD(), ADAM());
        var e = Assert.Throws<ArgumentException>(() => opt.Init(b));
        Assert.Contains("Partition: none of the 4 parameters given is in the chain the labels were built from", e.Message);
        Assert.Contains("new identities: build the labels from the model you step", e.Message);
        _ = opt.Init(a);
    }

    [Fact]
    public void ByLayerSaysTheParameterIsNotInTheChain()
    {
        var (a, b) = (Model(), Model());
        var label = ParamLabels.ByLayer(a);
        var e = Assert.Throws<ArgumentException>(() => label(b.Params()[0]));
        Assert.Contains("ByLayer: parameter W", e.Message);
        Assert.Contains("is not in the chain the labels were built from", e.Message);
        Assert.DoesNotContain("the chain holds", e.Message);
        Assert.Equal("1", label(a.Params()[3]));
    }

    [Fact]
    public void AByModelPartitionWithALabelForTheRestRefusesARebuiltModel()
    {
        var (a, b) = (Model(), Model());
        var opt = Partition(ParamLabels.ByModel("head", ("encoder", a[0])), ("encoder", SGD()), ("head", ADAM()));
        var e = Assert.Throws<ArgumentException>(() => opt.Init(b));
        Assert.Contains("none of the 4 parameters given is in the sub-models ('encoder') the labels were built from", e.Message);
        var strict = ParamLabels.ByModel(null, ("encoder", a[0]));
        Assert.Contains("is in none of the sub-models ('encoder')", Assert.Throws<ArgumentException>(() => strict(a.Params()[2])).Message);
        _ = opt.Step(opt.Init(a), a, Ones(a.Params()));
    }
}
