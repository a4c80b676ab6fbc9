using Xunit;
using static Flux.Optimisers;

namespace Flux.Tests.Optimisation;

/// <summary>
/// Issue 10, items 2 and 3: ϵ = 0 is refused by every rule that divides by a running magnitude
/// (it gives 0/0 on a gradient element of 0), and η = 0 is accepted by every rule with a learning
/// rate (a step that moves nothing and advances the state), so schedules that reach 0 run through.
/// </summary>
public class RangeOfEpsilonAndEtaTests
{
    /// <summary>Every rule with an ϵ that guards a division, built with a given ϵ.</summary>
    public static TheoryData<string, Func<double, IOptimiser>> WithEpsilon => new()
    {
        { "ADAM", e => ADAM(epsilon: e) },
        { "RMSProp", e => RMSProp(epsilon: e) },
        { "ADAGrad", e => ADAGrad(epsilon: e) },
        { "ADADelta", e => ADADelta(epsilon: e) },
        { "AMSGrad", e => AMSGrad(epsilon: e) },
        { "NADAM", e => NADAM(epsilon: e) },
        { "AdaMax", e => AdaMax(epsilon: e) },
        { "ADAMW", e => ADAMW(epsilon: e) },
        { "AdamWTorch", e => AdamWTorch(epsilon: e) },
        { "AdaBelief", e => AdaBelief(epsilon: e) },
        { "RAdam", e => RAdam(epsilon: e) },
        { "OAdam", e => OAdam(epsilon: e) },
    };

    [Theory]
    [MemberData(nameof(WithEpsilon))]
    public void EpsilonZeroIsRefusedNamingTheRuleTheValueAndTheRange(string rule, Func<double, IOptimiser> make)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => make(0));
        Assert.Equal("epsilon", e.ParamName);
        Assert.StartsWith($"{rule}: epsilon must be finite and greater than 0; got 0.", e.Message);
        Assert.Contains("0/0", e.Message);
        var opt = make(1e-8);
        var adjust = Assert.Throws<ArgumentOutOfRangeException>(() => opt.Adjust(opt.Init(Params.Empty), "epsilon", 0));
        Assert.StartsWith($"{rule}: epsilon must be finite and greater than 0; got 0.", adjust.Message);
    }

    [Theory]
    [MemberData(nameof(WithEpsilon))]
    public void AnEpsilonThatRoundsToZeroInFloat32IsRefusedForAFloat32ParameterAndChangesNothing(string rule, Func<double, IOptimiser> make)
    {
        var opt = make(1e-50);
        var p = new Param("W", Tensor.FromArray([0.5, -0.25, 1.0], 3).ToFloat32());
        var ps = Params.Of(p);
        var state = opt.Init(ps);
        var before = state.ToNode();
        var grads = Grads.Of((p, Tensor.FromArray([0.0, 0.1, -0.2], 3).ToFloat32())); // a zero element would meet 0/0
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => opt.Step(state, ps, grads));
        Assert.Equal("epsilon", e.ParamName);
        Assert.StartsWith($"{rule}.Step: epsilon = 1E-50 rounds to 0 in float32, the element type of W", e.Message);
        Assert.Equal(before, state.ToNode());
        Assert.Equal([0.5f, -0.25f, 1.0f], p.Value.ToSingleArray());
        // In float64 the same ϵ is a positive double, and the step is finite.
        var wide = ps.ToElementType(ElementType.Float64);
        var (_, next) = opt.Step(opt.Init(wide), wide, grads.Map(t => t.ToFloat64()));
        Assert.True(next[0].Value.IsFinite());
    }

    /// <summary>Every rule with a learning rate, built with a given η (Rprop's η is an initial step size, not a rate).</summary>
    public static TheoryData<string, Func<double, IOptimiser>> WithEta => new()
    {
        { "SGD", e => SGD(eta: e) }, { "Momentum", e => Momentum(eta: e) }, { "Nesterov", e => Nesterov(eta: e) },
        { "RMSProp", e => RMSProp(eta: e) }, { "ADAM", e => ADAM(eta: e) }, { "AdaMax", e => AdaMax(eta: e) },
        { "ADAGrad", e => ADAGrad(eta: e) }, { "AMSGrad", e => AMSGrad(eta: e) }, { "NADAM", e => NADAM(eta: e) },
        { "ADAMW", e => ADAMW(eta: e) }, { "RAdam", e => RAdam(eta: e) }, { "AdaBelief", e => AdaBelief(eta: e) },
        { "OAdam", e => OAdam(eta: e) }, { "Lion", e => Lion(eta: e, weightDecay: 0.1) }, { "AdamWTorch", e => AdamWTorch(eta: e) },
    };

    private static Grads RandomGrads(Params ps, int seed) =>
        Grads.Of(ps.Select((p, i) => new KeyValuePair<Param, Tensor>(p, Tensor.Uniform(new Seed(seed + i), -1, 1, p.Shape.Dims))));

    [Theory]
    [MemberData(nameof(WithEta))]
    public void EtaZeroIsAStepThatMovesNothingAndAdvancesTheState(string rule, Func<double, IOptimiser> make)
    {
        var opt = make(0);
        var ps = Params.Of(new Param("W", Tensor.Uniform(new Seed(1), -1, 1, 3, 2)), new Param("b", Tensor.Uniform(new Seed(2), -1, 1, 5)));
        var (state, next) = (opt.Init(ps), ps);
        for (var k = 0; k < 4; k++) (state, next) = opt.Step(state, next, RandomGrads(next, 10 * k));
        Assert.Equal(4, state.StepCount);
        for (var i = 0; i < ps.Count; i++)
            Assert.True(ps[i].Value.Span.SequenceEqual(next[i].Value.Span), $"{rule} with eta 0 moved {ps[i].Name}");
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => make(-1e-3));
        Assert.StartsWith($"{rule}: eta must be finite and 0 or more; got -0.001.", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => make(double.NaN));
    }

    [Fact]
    public void WithEtaZeroAdamwsUnscaledDecayStillAppliesAndAdamWTorchsScaledDecayVanishes()
    {
        var p = new Param("W", Tensor.Vector(1.0, -2.0));
        var g = Grads.Of((p, Tensor.Vector(0.5, 0.5)));
        var (_, flux) = ADAMW(eta: 0, decay: 0.1).Step(ADAMW().Init(Params.Of(p)), Params.Of(p), g);
        Assert.Equal([1.0 - 0.1 * 1.0, -2.0 - 0.1 * -2.0], flux[0].Value.ToArray());
        var torch = AdamWTorch(eta: 0, weightDecay: 0.5);
        var (_, same) = torch.Step(torch.Init(Params.Of(p)), Params.Of(p), g);
        Assert.Equal(p.Value.ToArray(), same[0].Value.ToArray());
    }

    /// <summary>Schedules that reach 0 (or start there), with the first step whose value is 0.</summary>
    public static TheoryData<string, HyperparameterSchedule, int> ToZero => new()
    {
        { "Cosine with α = 0", Schedules.Cosine(0.1, 10, alpha: 0), 11 },
        { "Linear to 0", Schedules.Linear(0.1, 0, 3), 4 },   // 0.1 + (0 - 0.1)*3/3 rounds to -1.4e-17
        { "Polynomial to 0", Schedules.Polynomial(0.1, 0, 2, 5), 6 },
        { "WarmupCosine to 0", Schedules.WarmupCosine(peak: 0.1, warmupSteps: 3, decaySteps: 5), 9 },
        { "Linear from 0", Schedules.Linear(0, 0.1, 5), 1 },
    };

    [Theory]
    [MemberData(nameof(ToZero))]
    public void AScheduleRunsThroughTheStepWhereItReachesZero(string name, HyperparameterSchedule schedule, int zeroAt)
    {
        Assert.Equal(0.0, schedule.At(zeroAt));
        foreach (var inner in new IOptimiser[] { SGD(), ADAM(), AdamWTorch() })
        {
            var opt = Scheduled(inner, "eta", schedule);
            var ps = Params.Of(new Param("W", Tensor.Uniform(new Seed(3), -1, 1, 4)));
            var (state, next) = (opt.Init(ps), ps);
            var before = next;
            for (var t = 1; t <= zeroAt + 2; t++)
            {
                if (t == zeroAt) before = next;
                (state, next) = opt.Step(state, next, RandomGrads(next, t));
                if (t == zeroAt) Assert.True(before[0].Value.Span.SequenceEqual(next[0].Value.Span), $"{name}, {inner}: the step with eta 0 moved W");
            }
            Assert.Equal(zeroAt + 2, state.StepCount);
        }
    }

    [Fact]
    public void TheReadmesWarmupCosineTrainsPastItsEndAndThenHoldsTheModel()
    {
        var data = Flux.Tests.Unit.TrainingTests.Blobs(40, 3);
        var opt = Scheduled(ADAM(), "eta", Schedules.WarmupCosine(peak: 1e-3, warmupSteps: 100, decaySteps: 900));
        var model = Flux.Tests.Unit.TrainingTests.Model(1);
        var atEnd = Training.Train(model, opt, Flux.Tests.Unit.TrainingTests.Loss, data, epochs: 1000, batchSize: 40, seed: 5);
        var past = Training.Train(model, opt, Flux.Tests.Unit.TrainingTests.Loss, data, epochs: 1010, batchSize: 40, seed: 5);
        Assert.Equal(TrainingStop.Completed, past.Stop);
        Assert.Equal(1010, past.Steps);
        Assert.Equal(0.0, ((ScheduledState)past.State).Next);
        Assert.Equal(atEnd.Model.Params().Select(p => p.Value), past.Model.Params().Select(p => p.Value));
    }
}
