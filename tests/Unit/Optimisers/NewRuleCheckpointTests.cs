using Xunit;
using static Flux.Optimisers;

namespace Flux.Tests.Unit;

/// <summary>
/// Muon, Lookahead and EMA (issue 16) through a checkpoint file: a run saved mid-way (between two
/// synchronisations of Lookahead) and loaded into a freshly built model resumes bit for bit, with
/// every slot of every nested state equal to the uninterrupted run's, and EMA's averaged model too.
/// </summary>
public sealed class NewRuleCheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-ckpt-new-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Optimisers => ["Muon", "Muon(SGD fallback)", "Lookahead(ADAM)", "EMA(ADAM)", "EMA(Lookahead(Muon))"];

    private static IOptimiser Build(string name) => name switch
    {
        "Muon" => Muon(eta: 0.01, weightDecay: 0.01),
        "Muon(SGD fallback)" => Muon(eta: 0.01, nesterov: false, fallback: SGD(0.05)),
        "Lookahead(ADAM)" => Lookahead(ADAM(0.02), 4, 0.5),
        "EMA(ADAM)" => EMA(ADAM(0.02), 0.9),
        "EMA(Lookahead(Muon))" => EMA(Lookahead(Muon(eta: 0.01), 3, 0.6), 0.8, debias: false),
        _ => throw new ArgumentException(name),
    };

    // Every slot in the state's tree, keyed by the position of its parameter in the model (identities differ between builds).
    private static string[] Slots(OptimiserState state, Chain model)
    {
        var ids = model.Params().Select(p => p.Id).ToList();
        IEnumerable<string> Walk(StateNode n, string path) =>
            n.Slots.OrderBy(s => ids.IndexOf(s.Param)).ThenBy(s => s.Name, StringComparer.Ordinal)
                .Select(s => $"{path}/{n.Kind}#{n.Step}:{ids.IndexOf(s.Param)}.{s.Name}={string.Join(",", s.Value.ToArray().Select(BitConverter.DoubleToInt64Bits))}")
                .Concat(n.Children.SelectMany((c, i) => Walk(c, $"{path}/{n.Kind}[{i}]")));
        return [.. Walk(state.ToNode(), "")];
    }

    [Theory]
    [MemberData(nameof(Optimisers))]
    public void A_saved_run_resumes_bit_for_bit(string name)
    {
        var opt = Build(name);
        var data = TrainingTests.Blobs(30, 2);
        var whole = Training.Train(TrainingTests.Model(4), opt, TrainingTests.Loss, data, epochs: 3, batchSize: 7, seed: 3);
        var first = Training.Train(TrainingTests.Model(4), opt, TrainingTests.Loss, data, epochs: 3, batchSize: 7, seed: 3, stop: p => p.Step == 6);
        var path = Path.Combine(_dir, "run.json");
        Checkpoints.Save(path, first.Model, first.State, first.Steps);

        var (model, state, step) = Checkpoints.Load(path, TrainingTests.Model(99), opt);
        Assert.Equal(6, step);
        Assert.Equal(Slots(first.State, first.Model), Slots(state, model));
        var rest = Training.Resume(model, state, step, opt, TrainingTests.Loss, data, epochs: 3, batchSize: 7, seed: 3);

        Assert.Equal(whole.Losses.ToArray(), first.Losses.AddRange(rest.Losses).ToArray());
        Assert.Equal(whole.Model.Params().Select(p => p.Value), rest.Model.Params().Select(p => p.Value));
        Assert.Equal(Slots(whole.State, whole.Model), Slots(rest.State, rest.Model));
        if (opt is EMA ema)
            Assert.Equal(ema.Averaged(whole.State, whole.Model).Params().Select(p => p.Value), ema.Averaged(rest.State, rest.Model).Params().Select(p => p.Value));
    }

    [Fact]
    public void A_node_that_does_not_fit_is_refused_with_its_reason()
    {
        var ps = Params.Of(new Param("W", Tensor.Ones(2, 3)), new Param("b", Tensor.Ones(2)));
        var muon = Muon();
        var node = muon.Init(ps).ToNode();
        Assert.Contains("matrix", Assert.Throws<ArgumentException>(() => muon.Restore(node with { Slots = [new StateSlot(ps[1].Id, "m", Tensor.Ones(2))] })).Message);
        Assert.Contains("unknown slot", Assert.Throws<ArgumentException>(() => muon.Restore(node with { Slots = [new StateSlot(ps[0].Id, "v", Tensor.Ones(2, 3))] })).Message);
        Assert.Contains("'ADAM'", Assert.Throws<ArgumentException>(() => muon.Restore(ADAM().Init(ps).ToNode())).Message);

        var ema = EMA(SGD());
        var e = ema.Init(ps).ToNode();
        Assert.Contains("count", Assert.Throws<ArgumentException>(() => ema.Restore(e with { Slots = [.. e.Slots.Where(s => s.Name != "count")] })).Message);
        Assert.Contains("count", Assert.Throws<ArgumentException>(() => ema.Restore(e with { Slots = [.. e.Slots.Select(s => s.Name == "count" ? s with { Value = Tensor.Scalar(3) } : s)] })).Message);

        var look = Lookahead(SGD());
        var l = look.Init(ps).ToNode();
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => look.Restore(l with { Slots = l.Slots.Add(l.Slots[0]) })).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Lookahead(SGD(), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Lookahead(SGD(), 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => EMA(SGD(), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Muon(steps: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Muon(mu: 1));
    }

    [Fact]
    public void The_new_optimisers_print_as_they_are_written()
    {
        Assert.Equal("Lookahead(SGD(eta = 0.1, decay = 0), 5, 0.5)", Lookahead(SGD()).ToString());
        Assert.Equal("EMA(SGD(eta = 0.1, decay = 0), 0.999, debias = True)", EMA(SGD()).ToString());
        Assert.StartsWith("Muon(eta = 0.02, mu = 0.95, epsilon = 1E-08, weightDecay = 0, nesterov = True, steps = 5, fallback = ADAMW(eta = 0.02,", Muon().ToString());
        Assert.Equal(Muon(), Muon());
        Assert.NotEqual(Muon(), Muon(nesterov: false));
    }
}
