using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Xunit;
using static Flux.Optimisers;

namespace Flux.Tests.Optimisation;

/// <summary>A state that is only a step count, for the broken rules below.</summary>
public sealed record CountState(string Name, long Steps) : OptimiserState(Steps)
{
    public override string Kind => Name;

    public override StateNode ToNode() => new(Kind, StepCount, [], ImmutableDictionary<string, double>.Empty, []);
}

/// <summary>A broken rule: gradient descent on its first step, ascent on every later one.</summary>
public sealed record AscendsFromStepTwo(double Eta = 0.05) : IOptimiser
{
    public OptimiserState Init(Params ps) => new CountState("AscendsFromStepTwo", 0);

    public (OptimiserState State, Grads Delta) Update(OptimiserState state, Params ps, Grads grads)
    {
        var sign = state.StepCount == 0 ? 1 : -1;
        return (new CountState("AscendsFromStepTwo", state.StepCount + 1), grads.Map(g => sign * Eta * g));
    }

    public OptimiserState Restore(StateNode node) => new CountState("AscendsFromStepTwo", node.Step);
}

/// <summary>A broken rule: gradient descent that turns every parameter to NaN on its fifth step.</summary>
public sealed record NaNAtStepFive(double Eta = 0.05) : IOptimiser
{
    public OptimiserState Init(Params ps) => new CountState("NaNAtStepFive", 0);

    public (OptimiserState State, Grads Delta) Update(OptimiserState state, Params ps, Grads grads) =>
        (new CountState("NaNAtStepFive", state.StepCount + 1), grads.Map(g => state.StepCount == 4 ? g * double.NaN : Eta * g));

    public OptimiserState Restore(StateNode node) => new CountState("NaNAtStepFive", node.Step);
}

/// <summary>A broken rule: momentum whose step writes the new velocity into the arrays of the state it was given.</summary>
public sealed record WritesIntoItsState(double Eta = 0.01, double Rho = 0.9) : IOptimiser
{
    public sealed record State(long Steps, ImmutableDictionary<ParamId, Tensor> V) : OptimiserState(Steps)
    {
        public override string Kind => "WritesIntoItsState";

        public override StateNode ToNode() =>
            new(Kind, StepCount, [.. V.OrderBy(e => e.Key.Value).Select(e => new StateSlot(e.Key, "v", e.Value))], ImmutableDictionary<string, double>.Empty, []);
    }

    public OptimiserState Init(Params ps) => new State(0, ps.ToImmutableDictionary(p => p.Id, p => Tensor.Zeros(p.Shape)));

    public (OptimiserState State, Grads Delta) Update(OptimiserState state, Params ps, Grads grads)
    {
        var s = (State)state;
        var deltas = new List<KeyValuePair<Param, Tensor>>();
        foreach (var p in ps)
        {
            if (!grads.TryGet(p, out var g)) continue;
            var v = s.V[p.Id];
            var memory = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(v.Span), v.Length);   // the bug: in place
            for (var i = 0; i < memory.Length; i++) memory[i] = Rho * memory[i] + g[i];
            deltas.Add(new(p, Eta * v));
        }
        return (new State(s.StepCount + 1, s.V), Grads.Of(deltas));
    }

    public OptimiserState Restore(StateNode node) =>
        new State(node.Step, node.Slots.ToImmutableDictionary(x => x.Param, x => Tensor.FromArray(x.Value.ToArray(), x.Value.Shape.Dims)));
}

/// <summary>Issue 10, item 10: the laws kit catches rules that go wrong after the first step, and checks partitions on a user's model.</summary>
public class LawKitTests
{
    private static Chain Model() => new([Layers.Dense(3, 4, seed: 1), Layers.Dense(4, 2, seed: 2)]);

    [Fact]
    public void ARuleThatAscendsFromStepTwoFailsDescentAtTheStepItClimbsAboveTheStart()
    {
        var report = OptimiserLaws.Check(new AscendsFromStepTwo());
        Assert.True(report[OptimiserLaws.FirstStepDirection].Holds);
        var descent = report[OptimiserLaws.Descent];
        Assert.False(descent.Holds);
        Assert.Equal(2, descent.Step);
        Assert.StartsWith("step 2 of the convex problem raised the loss of parameter W from ", descent.Detail);
        Assert.Contains("✗ descent (step 2): ", report.ToString());
        Assert.Single(report.Failures);
    }

    [Fact]
    public void ANaNAtStepFiveIsCaughtAtStepFiveWithTheDefaultSteps()
    {
        var report = OptimiserLaws.Check(new NaNAtStepFive());
        var finiteness = report[OptimiserLaws.Finiteness];
        Assert.False(finiteness.Holds);
        Assert.Equal(5, finiteness.Step);
        Assert.Equal("step 5 of the convex problem: parameter W is not finite.", finiteness.Detail);
    }

    [Fact]
    public void ARuleThatWritesIntoItsStateArraysFailsPurityNotOnlyDeterminism()
    {
        var report = OptimiserLaws.Check(new WritesIntoItsState());
        var purity = report[OptimiserLaws.Purity];
        Assert.False(purity.Holds);
        Assert.Equal(1, purity.Step);
        Assert.Contains("step 1 changed the state it was given: state (WritesIntoItsState) slot 'v' of #", purity.Detail);
    }

    [Fact]
    public void PerLayerAndByModelPartitionsAreCheckedOnTheUsersModel()
    {
        var model = Model();
        var perLayer = OptimiserLaws.Check(PerLayer(model, SGD(), ADAM()), model);
        Assert.True(perLayer.AllHold, perLayer.ToString());
        var byModel = Partition(ParamLabels.ByModel("head", ("encoder", model[0])), ("encoder", Momentum()), ("head", ADAM()));
        var report = OptimiserLaws.Check(byModel, model.Params(), seed: 3, steps: 4, descentSteps: 30);
        Assert.True(report.AllHold, report.ToString());
        var broken = PerLayer(model, SGD(), new AscendsFromStepTwo());
        Assert.Equal([OptimiserLaws.Descent], OptimiserLaws.Check(broken, model).Failures.Select(f => f.Law));
    }
}
