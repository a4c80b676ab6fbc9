using System.Collections.Immutable;
using Xunit;

namespace Flux.Tests.Optimisation;

/// <summary>
/// A rule written by a user, as the docs show it: sign gradient descent, <c>p' = p - η*sign(g)</c>,
/// implementing only <see cref="IOptimiser"/>. Its state is the step count.
/// </summary>
public sealed record SignSgd(double Eta) : IOptimiser
{
    public sealed record State(long Steps) : OptimiserState(Steps)
    {
        public override string Kind => "SignSGD";

        public override StateNode ToNode() => new(Kind, StepCount, [], ImmutableDictionary<string, double>.Empty, []);
    }

    public OptimiserState Init(Params ps) => new State(0);

    public (OptimiserState State, Grads Delta) Update(OptimiserState state, Params ps, Grads grads)
    {
        if (state is not State s) throw new ArgumentException($"SignSGD.Update: not a SignSGD state: {state.Kind}.", nameof(state));
        return (new State(s.StepCount + 1), grads.Map(g => Eta * g.Select(x => (double)Math.Sign(x))));
    }

    public OptimiserState Restore(StateNode node) =>
        node.Kind == "SignSGD" ? new State(node.Step) : throw new ArgumentException($"SignSGD.Restore: a '{node.Kind}' node.", nameof(node));
}

/// <summary>A broken rule: it moves along the gradient and forgets to count steps.</summary>
public sealed record Ascent : IOptimiser
{
    public sealed record State() : OptimiserState(0)
    {
        public override string Kind => "Ascent";

        public override StateNode ToNode() => new(Kind, 0, [], ImmutableDictionary<string, double>.Empty, []);
    }

    public OptimiserState Init(Params ps) => new State();

    public (OptimiserState State, Grads Delta) Update(OptimiserState state, Params ps, Grads grads) => (state, grads.Map(g => -0.1 * g));

    public OptimiserState Restore(StateNode node) => new State();
}

public class UserRuleTests
{
    [Fact]
    public void AUsersRuleObeysTheLaws()
    {
        var report = OptimiserLaws.Check(new SignSgd(0.01));
        Assert.True(report.AllHold, report.ToString());
        Assert.Equal(9, report.Results.Length);
    }

    [Fact]
    public void AUsersRuleWorksInsideAChain()
    {
        var p = new Param("p", Tensor.Vector(1, -1, 0.5));
        var ps = Params.Of(p);
        var opt = Optimisers.Chain(new SignSgd(1), Optimisers.SGD(eta: 0.5));
        var (_, next) = opt.Step(opt.Init(ps), ps, Grads.Of((p, Tensor.Vector(3, -0.2, 0))));
        Assert.Equal([0.5, -0.5, 0.5], next[0].Value.ToArray());
        Assert.True(OptimiserLaws.Check(opt).AllHold);
    }

    [Fact]
    public void TheLawsCatchABrokenRule()
    {
        var report = OptimiserLaws.Check(new Ascent());
        Assert.False(report.AllHold);
        Assert.False(report[OptimiserLaws.FirstStepDirection].Holds);
        Assert.False(report[OptimiserLaws.StateShapes].Holds);
        Assert.True(report[OptimiserLaws.Purity].Holds);
        Assert.True(report[OptimiserLaws.Determinism].Holds);
        Assert.Contains("must move against the gradient", report.ToString());
    }

    [Theory]
    [MemberData(nameof(OptimiserTable.Names), MemberType = typeof(OptimiserTable))]
    public void EveryRowOfTheTableObeysTheLaws(string name)
    {
        var row = OptimiserTable.Get(name);
        var report = OptimiserLaws.Check(row.Optimiser);
        Assert.True(row.Holds(report), report.ToString());
    }
}
