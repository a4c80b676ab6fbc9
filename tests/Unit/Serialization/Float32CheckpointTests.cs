using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Xunit;

namespace Flux.Tests.Unit;

/// <summary>Checkpoints of float32 tensors: exact bits, the recorded type, and loading into a template of either type.</summary>
public sealed class Float32CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-ckpt32-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static readonly float[] Awkward =
    [
        0f, -0f, 1f / 3, float.Epsilon, -float.Epsilon, BitConverter.Int32BitsToSingle(0x007f_ffff) /* largest subnormal */,
        float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN,
        BitConverter.Int32BitsToSingle(0x7fc0_1234) /* NaN with a payload */, BitConverter.Int32BitsToSingle(unchecked((int)0xff80_0001)) /* signalling, negative */,
        16_777_217f,
    ];

    private static int[] Bits(Tensor t) => t.SingleSpan.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();

    // A state's slot values in the order of their parameters in `ps`, then by name.
    private static IEnumerable<Tensor> Slots(OptimiserState state, IModel model)
    {
        var ids = model.Params().Select(p => p.Id).ToList();
        return state.ToNode().Slots.OrderBy(s => ids.IndexOf(s.Param)).ThenBy(s => s.Name, StringComparer.Ordinal).Select(s => s.Value);
    }

    private static Chain Model(int seed, ElementType type) =>
        Layers.Chain(Layers.Dense(2, 3, Activation.Tanh, seed: seed, elementType: type), Layers.Dense(3, 2, seed: seed + 1, elementType: type));

    [Fact]
    public void Floats_round_trip_to_the_bit_with_their_type_recorded()
    {
        var p = new Param("awkward", Tensor.FromSingleArray(Awkward, 2, 7));
        var d = new Param("wide", Tensor.Vector(1.0 / 3, -0.0));
        var node = new StateNode("Custom", 3, [new StateSlot(p.Id, "m", Tensor.FromSingleArray(Awkward, 7, 2))], ImmutableDictionary<string, double>.Empty, []);
        var checkpoint = new Checkpoint(Params.Of(p, d), node, 5);
        var path = PathOf("awkward32.json");
        Checkpoints.Save(path, checkpoint);

        var back = Checkpoints.Read(path);
        Assert.Equal(checkpoint, back);
        Assert.Equal(ElementType.Float32, back.Params[0].ElementType);
        Assert.Equal(ElementType.Float64, back.Params[1].ElementType);
        Assert.Equal(Awkward.Select(BitConverter.SingleToInt32Bits), Bits(back.Params[0].Value));
        Assert.Equal(Awkward.Select(BitConverter.SingleToInt32Bits), Bits(back.Optimiser!.Slots[0].Value));
        var text = File.ReadAllText(path);
        Assert.Contains("\"type\": \"Float32\"", text);
        Assert.Contains("\"ff800001\"", text);  // the signalling NaN's own bits, not a quieted widening
        Assert.Contains("\"3fd5555555555555\"", text);  // the double 1/3 beside it, as before
    }

    [Fact]
    public void A_float64_file_is_written_as_before_and_one_without_a_type_reads_as_float64()
    {
        var json = Encoding.UTF8.GetString(Checkpoints.ToJson(new Checkpoint(Params.Of(new Param("w", Tensor.Vector(1.0, 2.0))), null, 0)));
        Assert.DoesNotContain("\"type\"", json);
        var fixture = Path.Combine(Flux.Tests.Unit.PowerShell.PowerShellSession.RepositoryRoot, "tests", "Unit", "Serialization", "iris.ckpt.json");
        Assert.DoesNotContain("\"type\"", File.ReadAllText(fixture));
        var old = Checkpoints.Read(fixture);
        Assert.All(old.Params, p => Assert.Equal(ElementType.Float64, p.ElementType));
        Assert.All(old.Optimiser!.Children.Append(old.Optimiser).SelectMany(n => n.Slots), s => Assert.Equal(ElementType.Float64, s.Value.ElementType));
    }

    [Fact]
    public void A_float32_run_loads_into_a_float32_template_with_its_state_in_float32()
    {
        var m = Model(1, ElementType.Float32);
        var opt = Optimisers.ADAM(0.01);
        var grads = Gradient.Of(() => Ops.Sum(Ops.Square(m.Apply(Tensor.FromSingleArray([0.5f, -1f], 2, 1)))), m.Params());
        var (state, trained) = opt.Step(opt.Init(m), m, grads);
        var path = PathOf("run32.json");
        Checkpoints.Save(path, trained, state, 1);

        var (model, loaded, step) = Checkpoints.Load(path, Model(7, ElementType.Float32), opt);
        Assert.Equal(1, step);
        Assert.Equal(trained.Params().Select(p => p.Value), model.Params().Select(p => p.Value));
        Assert.All(loaded.ToNode().Slots, s => Assert.Equal(ElementType.Float32, s.Value.ElementType));
        Assert.Equal(Slots(state, trained), Slots(loaded, model));
    }

    [Theory]
    [InlineData(ElementType.Float32, ElementType.Float64)]
    [InlineData(ElementType.Float64, ElementType.Float32)]
    public void A_template_of_the_other_type_is_refused_naming_the_parameter_the_types_and_the_fix(ElementType saved, ElementType template)
    {
        var path = PathOf("typed.json");
        var m = Model(1, saved);
        Checkpoints.Save(path, m, Optimisers.ADAM().Init(m), 0);

        var e = Assert.Throws<CheckpointException>(() => Checkpoints.LoadModel(path, Model(2, template)));
        Assert.Contains(path, e.Message);
        Assert.Contains($"parameter 0 ({m.Params()[0].Name} (3, 2)) is {saved} in the file but {template} in the model", e.Message);
        Assert.Contains("convert: true", e.Message);
        Assert.Contains($"To{saved}()", e.Message);
        Assert.Throws<CheckpointException>(() => Checkpoints.Load(path, Model(2, template), Optimisers.ADAM()));
    }

    [Theory]
    [InlineData(ElementType.Float32, ElementType.Float64)]
    [InlineData(ElementType.Float64, ElementType.Float32)]
    public void Asked_to_convert_a_load_converts_the_params_and_the_state_to_the_template_types(ElementType saved, ElementType template)
    {
        var path = PathOf("converted.json");
        var m = Model(1, saved);
        var opt = Optimisers.ADAM(0.01);
        var grads = Gradient.Of(() => Ops.Sum(Ops.Square(m.Apply(Tensor.Vector(0.25, -1).ToElementType(saved)))), m.Params());
        var (state, trained) = opt.Step(opt.Init(m), m, grads);
        Checkpoints.Save(path, trained, state, 1);

        var t = Model(2, template);
        var (model, loaded, _) = Checkpoints.Load(path, t, opt, convert: true);
        Assert.Equal(t.Params().Select(p => p.Id), model.Params().Select(p => p.Id));
        Assert.Equal(trained.Params().Select(p => p.Value.ToElementType(template)), model.Params().Select(p => p.Value));
        Assert.Equal(Slots(state, trained).Select(v => v.ToElementType(template)), Slots(loaded, model));
        Assert.All(loaded.ToNode().Slots, s => Assert.Equal(template, s.Value.ElementType));
        Assert.Equal(model.Params().Select(p => p.Value), Checkpoints.LoadModel(path, t, convert: true).Params().Select(p => p.Value));
    }

    [Fact]
    public void A_slot_of_another_type_than_its_parameter_is_refused_unless_converting()
    {
        var p = new Param("w", Tensor.FromSingleArray([1f, 2f]));
        var node = Optimisers.Momentum().Init(Params.Of(p)).ToNode();
        node = node with { Slots = [.. node.Slots.Select(s => s with { Value = s.Value.ToFloat64() })] };
        var path = PathOf("slot.json");
        Checkpoints.Save(path, new Checkpoint(Params.Of(p), node, 0));
        var one = new OneParam(new Param("w", Tensor.FromSingleArray([0f, 0f])));
        var e = Assert.Throws<CheckpointException>(() => Checkpoints.Load(path, one, Optimisers.Momentum()));
        Assert.Contains("optimiser.slots[0]", e.Message);
        Assert.Contains("is Float64 in the file but its parameter is Float32", e.Message);
        var (_, state, _) = Checkpoints.Load(path, one, Optimisers.Momentum(), convert: true);
        Assert.All(state.ToNode().Slots, s => Assert.Equal(ElementType.Float32, s.Value.ElementType));
    }

    private sealed record OneParam(Param W) : IModel
    {
        public Params Params() => Flux.Params.Of(W);
        public IModel With(Params ps) => new OneParam(ps[0]);
    }

    /// <summary>A checkpoint of one float32 vector [1, 2] whose payload is edited and its checksum recomputed.</summary>
    private static byte[] Edited(Func<string, string> edit)
    {
        var text = Encoding.UTF8.GetString(Checkpoints.ToJson(new Checkpoint(Params.Of(new Param("w", Tensor.FromSingleArray([1f, 2f]))), null, 0)));
        var start = text.IndexOf("\"payload\": ", StringComparison.Ordinal) + "\"payload\": ".Length;
        var payload = edit(text[start..text.LastIndexOf('}')].TrimEnd());
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(payload))).ToLowerInvariant();
        return Encoding.UTF8.GetBytes($"{{\"format\": \"Flux.Checkpoint\", \"version\": 1, \"sha256\": \"{hash}\", \"payload\": {payload}}}");
    }

    [Fact]
    public void Types_and_digits_that_disagree_are_malformed_and_name_the_place()
    {
        Assert.Equal(ElementType.Float32, Checkpoints.FromJson(Edited(p => p), "x").Params[0].ElementType);

        var unknown = Assert.Throws<CheckpointException>(() => Checkpoints.FromJson(Edited(p => p.Replace("\"Float32\"", "\"Float16\"")), "x"));
        Assert.Contains("params[0].type is \"Float16\", not an element type (Float64 or Float32)", unknown.Message);

        var wide = Assert.Throws<CheckpointException>(() => Checkpoints.FromJson(Edited(p => p.Replace("\"3f800000\"", "\"3ff0000000000000\"")), "x"));
        Assert.Contains("params[0].data[0] is \"3ff0000000000000\", not 8 hex digits", wide.Message);

        var untyped = Assert.Throws<CheckpointException>(() => Checkpoints.FromJson(Edited(p => p.Replace("\"type\": \"Float32\",", "")), "x"));
        Assert.Contains("params[0].data holds Float32 values (8 hex digits each) but params[0].type is Float64 (absent)", untyped.Message);
    }

    [Fact]
    public void The_type_may_come_after_the_data()
    {
        var moved = Edited(p =>
        {
            var without = p.Replace("\"type\": \"Float32\",", "");
            var at = without.IndexOf("\"data\"", StringComparison.Ordinal);
            return without[..at] + "\"type\": \"Float32\", " + without[at..];
        });
        var moved2 = Edited(p =>
        {
            var without = p.Replace("\"type\": \"Float32\",", "");
            var end = without.IndexOf(']', without.IndexOf("\"data\"", StringComparison.Ordinal));
            return without[..(end + 1)] + ", \"type\": \"Float32\"" + without[(end + 1)..];
        });
        foreach (var bytes in new[] { moved, moved2 })
        {
            var back = Checkpoints.FromJson(bytes, "x").Params[0].Value;
            Assert.Equal(Tensor.FromSingleArray([1f, 2f]), back);
        }
    }

    [Fact]
    public void A_float32_model_whose_optimiser_counts_steps_saves_and_loads_with_its_counts_in_float64()
    {
        // EMA and AccumGrad keep a "count" slot per parameter: a whole number of steps, Float64 in any model.
        var model = Model(5, ElementType.Float32);
        var opt = Optimisers.Chain(Optimisers.AccumGrad(Optimisers.EMA(Optimisers.ADAM(), 0.9), 2));
        var x = Tensor.Randn(new Seed(6), 2, 4).ToFloat32();
        var state = opt.Init(model.Params());
        for (var k = 0; k < 3; k++)
        {
            var m = model;
            var g = Gradient.Of(() => Losses.Mse(m.Apply(x), x), m.Params());
            (state, model) = opt.Step(state, model, g);
        }
        var path = PathOf("counted.json");
        Checkpoints.Save(path, model, state, 3);
        var (loaded, restored, step) = Checkpoints.Load(path, Model(5, ElementType.Float32), opt);
        Assert.Equal(3, step);
        Assert.Equal(model.Params().Select(p => p.Value), loaded.Params().Select(p => p.Value));
        static IEnumerable<StateSlot> All(StateNode n) => n.Slots.Concat(n.Children.SelectMany(All));
        // Each node's slots by the position of their parameter in its model (the loaded model has the template's identities).
        static IEnumerable<(string, Tensor)> InOrder(StateNode n, IModel m) =>
            n.Slots.OrderBy(s => m.Params().IndexOf(s.Param)).ThenBy(s => s.Name, StringComparer.Ordinal).Select(s => (s.Name, s.Value))
                .Concat(n.Children.SelectMany(c => InOrder(c, m)));
        Assert.Equal(InOrder(state.ToNode(), model), InOrder(restored.ToNode(), loaded));
        var counts = All(restored.ToNode()).Where(s => s.Name == "count").ToList();
        Assert.Equal(2 * 4, counts.Count); // AccumGrad's and EMA's, for each of the four parameters
        Assert.All(counts, s => Assert.Equal(ElementType.Float64, s.Value.ElementType));
        // Carried to float64 parameters and back: the moments convert and return exactly, the counts never leave Float64.
        var there = opt.ConvertedFor(state, model.ToFloat64().Params());
        Assert.All(All(there.ToNode()), s => Assert.Equal(ElementType.Float64, s.Value.ElementType));
        var back = opt.ConvertedFor(there, model.Params());
        Assert.Equal(InOrder(state.ToNode(), model), InOrder(back.ToNode(), model));
    }
}
