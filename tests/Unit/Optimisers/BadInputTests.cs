using Xunit;
using static Flux.Optimisers;

namespace Flux.Tests.Optimisation;

/// <summary>Every refused input, with its message: hyperparameters at construction, and steps whose state or gradients do not fit.</summary>
public class BadInputTests
{
    public static TheoryData<string, Func<IOptimiser>, string, string> OutOfRange => new()
    {
        // rule, factory, parameter named, text the message must hold
        { "SGD", () => SGD(eta: -1), "eta", "SGD: eta must be finite and 0 or more; got -1." },
        { "SGD", () => SGD(eta: double.PositiveInfinity), "eta", "SGD: eta must be finite and 0 or more; got Infinity." },
        { "SGD", () => SGD(eta: double.NaN), "eta", "SGD: eta must be finite and 0 or more; got NaN." },
        { "SGD", () => SGD(decay: -1), "decay", "SGD: decay must be finite and 0 or more; got -1." },
        { "Momentum", () => Momentum(eta: -0.5), "eta", "Momentum: eta must be finite and 0 or more; got -0.5." },
        { "Momentum", () => Momentum(rho: 1), "rho", "Momentum: rho must be in [0, 1); got 1." },
        { "Momentum", () => Momentum(rho: -0.1), "rho", "Momentum: rho must be in [0, 1); got -0.1." },
        { "Momentum", () => Momentum(decay: -0.1), "decay", "Momentum: decay must be finite and 0 or more; got -0.1." },
        { "Nesterov", () => Nesterov(eta: -1), "eta", "Nesterov: eta must be finite and 0 or more; got -1." },
        { "Nesterov", () => Nesterov(rho: 1.5), "rho", "Nesterov: rho must be in [0, 1); got 1.5." },
        { "Nesterov", () => Nesterov(decay: double.NaN), "decay", "Nesterov: decay must be finite and 0 or more; got NaN." },
        { "RMSProp", () => RMSProp(eta: -1), "eta", "RMSProp: eta must be finite and 0 or more; got -1." },
        { "RMSProp", () => RMSProp(rho: 1), "rho", "RMSProp: rho must be in [0, 1); got 1." },
        { "RMSProp", () => RMSProp(epsilon: -1e-8), "epsilon", "RMSProp: epsilon must be finite and greater than 0; got -1E-08." },
        { "RMSProp", () => RMSProp(decay: -1), "decay", "RMSProp: decay must be finite and 0 or more; got -1." },
        { "ADAM", () => ADAM(eta: -1), "eta", "ADAM: eta must be finite and 0 or more; got -1." },
        { "ADAM", () => ADAM(beta1: 1), "beta1", "ADAM: beta1 must be in [0, 1); got 1." },
        { "ADAM", () => ADAM(beta2: 1.1), "beta2", "ADAM: beta2 must be in [0, 1); got 1.1." },
        { "ADAM", () => ADAM(epsilon: -1), "epsilon", "ADAM: epsilon must be finite and greater than 0; got -1." },
        { "ADAM", () => ADAM(decay: -1), "decay", "ADAM: decay must be finite and 0 or more; got -1." },
        { "AdaMax", () => AdaMax(eta: -1), "eta", "AdaMax: eta must be finite and 0 or more; got -1." },
        { "AdaMax", () => AdaMax(beta1: -0.5), "beta1", "AdaMax: beta1 must be in [0, 1); got -0.5." },
        { "AdaMax", () => AdaMax(beta2: 1), "beta2", "AdaMax: beta2 must be in [0, 1); got 1." },
        { "AdaMax", () => AdaMax(epsilon: double.NaN), "epsilon", "AdaMax: epsilon must be finite and greater than 0; got NaN." },
        { "AdaMax", () => AdaMax(decay: -2), "decay", "AdaMax: decay must be finite and 0 or more; got -2." },
        { "ADAGrad", () => ADAGrad(eta: -1), "eta", "ADAGrad: eta must be finite and 0 or more; got -1." },
        { "ADAGrad", () => ADAGrad(epsilon: -1), "epsilon", "ADAGrad: epsilon must be finite and greater than 0; got -1." },
        { "ADAGrad", () => ADAGrad(decay: -1), "decay", "ADAGrad: decay must be finite and 0 or more; got -1." },
        { "ADADelta", () => ADADelta(rho: 1), "rho", "ADADelta: rho must be in [0, 1); got 1." },
        { "ADADelta", () => ADADelta(epsilon: -1), "epsilon", "ADADelta: epsilon must be finite and greater than 0; got -1." },
        { "ADADelta", () => ADADelta(decay: -1), "decay", "ADADelta: decay must be finite and 0 or more; got -1." },
        { "AMSGrad", () => AMSGrad(eta: -1), "eta", "AMSGrad: eta must be finite and 0 or more; got -1." },
        { "AMSGrad", () => AMSGrad(beta1: 1), "beta1", "AMSGrad: beta1 must be in [0, 1); got 1." },
        { "AMSGrad", () => AMSGrad(beta2: -1), "beta2", "AMSGrad: beta2 must be in [0, 1); got -1." },
        { "AMSGrad", () => AMSGrad(epsilon: -1), "epsilon", "AMSGrad: epsilon must be finite and greater than 0; got -1." },
        { "AMSGrad", () => AMSGrad(decay: -1), "decay", "AMSGrad: decay must be finite and 0 or more; got -1." },
        { "NADAM", () => NADAM(eta: -1), "eta", "NADAM: eta must be finite and 0 or more; got -1." },
        { "NADAM", () => NADAM(beta1: 1), "beta1", "NADAM: beta1 must be in [0, 1); got 1." },
        { "NADAM", () => NADAM(beta2: 2), "beta2", "NADAM: beta2 must be in [0, 1); got 2." },
        { "NADAM", () => NADAM(epsilon: -1), "epsilon", "NADAM: epsilon must be finite and greater than 0; got -1." },
        { "NADAM", () => NADAM(decay: -1), "decay", "NADAM: decay must be finite and 0 or more; got -1." },
        { "ADAMW", () => ADAMW(eta: -1), "eta", "ADAMW: eta must be finite and 0 or more; got -1." },
        { "ADAMW", () => ADAMW(beta1: 1), "beta1", "ADAMW: beta1 must be in [0, 1); got 1." },
        { "ADAMW", () => ADAMW(beta2: 1), "beta2", "ADAMW: beta2 must be in [0, 1); got 1." },
        { "ADAMW", () => ADAMW(epsilon: -1), "epsilon", "ADAMW: epsilon must be finite and greater than 0; got -1." },
        { "ADAMW", () => ADAMW(decay: -1), "decay", "ADAMW: decay must be finite and 0 or more; got -1." },
        { "WeightDecay", () => WeightDecay(-1), "gamma", "WeightDecay: gamma must be finite and 0 or more; got -1." },
        { "ClipValue", () => ClipValue(0), "delta", "ClipValue: delta must be finite and greater than 0; got 0." },
        { "ClipValue", () => ClipValue(-1), "delta", "ClipValue: delta must be finite and greater than 0; got -1." },
        { "ClipNorm", () => ClipNorm(0), "maxNorm", "ClipNorm: maxNorm must be finite and greater than 0; got 0." },
        { "ClipNorm", () => ClipNorm(double.PositiveInfinity), "maxNorm", "ClipNorm: maxNorm must be finite and greater than 0; got Infinity." },
        { "InvDecay", () => InvDecay(-1), "gamma", "InvDecay: gamma must be finite and 0 or more; got -1." },
        { "ExpDecay", () => ExpDecay(eta: -1), "eta", "ExpDecay: eta must be finite and 0 or more; got -1." },
        { "ExpDecay", () => ExpDecay(decay: 1.5), "decay", "ExpDecay: decay must be in [0, 1]; got 1.5." },
        { "ExpDecay", () => ExpDecay(decayStep: 0), "decayStep", "ExpDecay: decayStep must be a whole number, 1 or more; got 0." },
        { "ExpDecay", () => ExpDecay(clip: -1), "clip", "ExpDecay: clip must be finite and 0 or more; got -1." },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void AHyperparameterOutOfRangeIsRefusedNamingItAndItsValue(string rule, Func<IOptimiser> make, string parameter, string message)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => make());
        Assert.Equal(parameter, e.ParamName);
        Assert.StartsWith(message, e.Message);
        Assert.Contains(rule, e.Message);
    }

    [Fact]
    public void TheValidatedFormsReturnValues()
    {
        Assert.True(Validated.ADAM().IsSucc);
        var fail = Validated.ADAM(beta1: 1);
        Assert.True(fail.IsFail);
        fail.Match(Succ: _ => Assert.Fail("expected an error"), Fail: e => Assert.StartsWith("ADAM: beta1 must be in [0, 1); got 1.", e.Message));

        var all = new[]
        {
            Validated.SGD(eta: -1), Validated.Momentum(rho: 1), Validated.Nesterov(rho: 1), Validated.RMSProp(epsilon: -1),
            Validated.ADAM(eta: -1), Validated.AdaMax(beta2: 1), Validated.ADAGrad(eta: -1), Validated.ADADelta(rho: 1),
            Validated.AMSGrad(eta: -1), Validated.NADAM(eta: -1), Validated.ADAMW(decay: -1), Validated.WeightDecay(-1),
            Validated.ClipValue(0), Validated.ClipNorm(0), Validated.InvDecay(-1), Validated.ExpDecay(decayStep: 0), Validated.Chain(),
        };
        Assert.All(all, f => Assert.True(f.IsFail));
        Assert.True(Validated.Chain(SGD(), ADAM()).IsSucc);
    }

    [Fact]
    public void AnEmptyChainIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => Chain());
        Assert.Contains("at least one optimiser", e.Message);
    }

    private static (Param W, Param b, Params Ps, Grads Grads) Sample()
    {
        var W = new Param("W", Tensor.Randn(new Seed(1), 3, 2));
        var b = new Param("b", Tensor.Randn(new Seed(2), 3));
        return (W, b, Params.Of(W, b), Grads.Of((W, Tensor.Randn(new Seed(3), 3, 2)), (b, Tensor.Randn(new Seed(4), 3))));
    }

    [Fact]
    public void AnotherRulesStateIsRefused()
    {
        var (_, _, ps, grads) = Sample();
        var state = Momentum().Init(ps);
        var e = Assert.Throws<ArgumentException>(() => ADAM().Step(state, ps, grads));
        Assert.Equal("state", e.ParamName);
        Assert.StartsWith("ADAM.Step: the state is a 'Momentum' state (RuleState), not a 'ADAM' state", e.Message);
    }

    [Fact]
    public void AStateMadeForOtherParamsIsRefused()
    {
        var (W, _, ps, grads) = Sample();
        var state = ADAM().Init(Params.Of(W));
        var e = Assert.Throws<ArgumentException>(() => ADAM().Step(state, ps, grads));
        Assert.Contains("the state holds nothing for parameter b", e.Message);
        Assert.Contains("Call Init with these parameters", e.Message);
    }

    [Fact]
    public void AStateOfOtherShapesIsRefused()
    {
        var (W, b, ps, grads) = Sample();
        var other = Params.Of(new Param(W.Id, "W", Tensor.Zeros(2, 2)), b);
        var state = ADAM().Init(other);
        var e = Assert.Throws<ArgumentException>(() => ADAM().Step(state, ps, grads));
        Assert.Equal("ADAM.Step: state slot 'm' of W has shape (2, 2); the parameter has shape (3, 2). (Parameter 'state')", e.Message);
    }

    [Fact]
    public void AGradientOfTheWrongShapeIsRefusedAndNothingChanges()
    {
        var (W, b, ps, _) = Sample();
        // A gradient keyed by another version of W with another shape (same identity).
        var impostor = new Param(W.Id, "W", Tensor.Zeros(4));
        var grads = Grads.Of((impostor, Tensor.Ones(4)), (b, Tensor.Ones(3)));
        var opt = ADAM();
        var state = opt.Init(ps);
        var before = state.ToNode();
        var e = Assert.Throws<ArgumentException>(() => opt.Step(state, ps, grads));
        Assert.Equal("grads", e.ParamName);
        Assert.StartsWith("ADAM.Step: the gradient of W has shape (4,); the parameter has shape (3, 2).", e.Message);
        Assert.Equal(before, state.ToNode());
        Assert.Equal(W.Value, ps[0].Value);
    }

    [Fact]
    public void AChainRefusesAnotherChainsState()
    {
        var (_, _, ps, grads) = Sample();
        var two = Chain(ClipNorm(1), ADAM());
        var three = Chain(ClipNorm(1), WeightDecay(), ADAM());
        var e = Assert.Throws<ArgumentException>(() => three.Step(two.Init(ps), ps, grads));
        Assert.Contains("this chain has 3 elements but the state holds 2", e.Message);
        var f = Assert.Throws<ArgumentException>(() => two.Step(ADAM().Init(ps), ps, grads));
        Assert.Contains("Chain.Step: the state is a 'ADAM' state", f.Message);
        // An element's own check reports through the chain.
        var g = Assert.Throws<ArgumentException>(() => Chain(ClipNorm(1), ADAM()).Step(Chain(ClipNorm(1), Momentum()).Init(ps), ps, grads));
        Assert.Contains("ADAM.Step: the state is a 'Momentum' state", g.Message);
    }

    [Fact]
    public void RestoreRefusesAnotherRulesNode()
    {
        var (_, _, ps, _) = Sample();
        var node = Momentum().Init(ps).ToNode();
        var e = Assert.Throws<ArgumentException>(() => ADAM().Restore(node));
        Assert.StartsWith("ADAM.Restore: the node holds a 'Momentum' state, not a 'ADAM' state.", e.Message);

        var adam = ADAM().Init(ps).ToNode();
        var renamed = adam with { Slots = [.. adam.Slots.Select(s => s.Name == "v" ? s with { Name = "w" } : s)] };
        Assert.Contains("unknown slot 'w'", Assert.Throws<ArgumentException>(() => ADAM().Restore(renamed)).Message);

        var missing = adam with { Slots = [.. adam.Slots.Where(s => s.Name != "v")] };
        Assert.Contains("lacks slot 'v'", Assert.Throws<ArgumentException>(() => ADAM().Restore(missing)).Message);

        var twice = adam with { Slots = adam.Slots.Add(adam.Slots[0]) };
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() => ADAM().Restore(twice)).Message);

        var chain = Chain(ClipNorm(1), ADAM());
        Assert.Contains("Chain.Restore: a 'Chain' state has 2 children; the node has 1.",
            Assert.Throws<ArgumentException>(() => chain.Restore(Chain(ADAM()).Init(ps).ToNode())).Message);
        Assert.Contains("ADAM.Restore: the node holds a 'Momentum' state",
            Assert.Throws<ArgumentException>(() => chain.Restore(Chain(ClipNorm(1), Momentum()).Init(ps).ToNode())).Message);
        Assert.Contains("the node holds a 'Chain' state",
            Assert.Throws<ArgumentException>(() => ADAM().Restore(chain.Init(ps).ToNode())).Message);
        Assert.Contains("has no children",
            Assert.Throws<ArgumentException>(() => ADAM().Restore(adam with { Children = [adam] })).Message);
    }

    [Fact]
    public void NullsAreRefused()
    {
        var (_, _, ps, grads) = Sample();
        var opt = ADAM();
        var state = opt.Init(ps);
        Assert.Throws<ArgumentNullException>(() => opt.Step(null!, ps, grads));
        Assert.Throws<ArgumentNullException>(() => opt.Step(state, (Params)null!, grads));
        Assert.Throws<ArgumentNullException>(() => opt.Step(state, ps, null!));
        Assert.Throws<ArgumentNullException>(() => opt.Init((Params)null!));
        Assert.Throws<ArgumentNullException>(() => opt.Restore(null!));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void ANonFiniteGradientIsAnErrorNamingTheParameter(double bad)
    {
        // Since the toolkit (issue 7): refused before any arithmetic, by every rule; FiniteOnly skips instead.
        var p = new Param("p", Tensor.Vector(1, 2, 3, 4, 5));
        var ps = Params.Of(p);
        var grads = Grads.Of((p, Tensor.Vector(1, 1, bad, 1, 1)));
        foreach (var row in OptimiserTable.All.Where(r => r.Optimiser is not FiniteOnly))
        {
            var opt = row.Optimiser;
            var state = opt.Init(ps);
            var e = Assert.Throws<NonFiniteGradientException>(() => opt.Step(state, ps, grads));
            Assert.Equal("p", e.Parameter);
            Assert.Equal(2, e.Index);
            Assert.Equal(bad, e.Value);
            Assert.Contains("the gradient of p is not finite: element 2 is", e.Message);
            Assert.Contains("FiniteOnly", e.Message);
        }
    }

    [Fact]
    public void AFiniteGradientWhoseSumOverflowsIsAccepted()
    {
        var p = new Param("p", Tensor.Vector(1, 2));
        var ps = Params.Of(p);
        var grads = Grads.Of((p, Tensor.Vector(double.MaxValue, double.MaxValue)));
        var (_, next) = SGD(eta: 1e-300).Step(SGD(eta: 1e-300).Init(ps), ps, grads);
        Assert.True(next[0].Value.IsFinite());
    }
}
