using System.Security.Cryptography;
using System.Text;
using Xunit;

namespace Flux.Tests.Unit;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static readonly double[] Awkward =
    [
        0.0, -0.0, 1.0 / 3, -2.5e-308, double.Epsilon, -double.Epsilon, 2.2250738585072009e-308 /* largest subnormal */,
        double.MaxValue, double.MinValue, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
        BitConverter.Int64BitsToDouble(0x7ff8_0000_0000_1234) /* NaN with a payload */, BitConverter.Int64BitsToDouble(unchecked((long)0xfff0_0000_0000_0001)) /* signalling, negative */,
    ];

    [Fact]
    public void Doubles_round_trip_to_the_bit()
    {
        var p = new Param("awkward", Tensor.FromArray(Awkward, 2, 7));
        var s = new Param("s", Tensor.Scalar(-0.0));
        var v = new Param("v", Tensor.Vector(Awkward));
        var node = new StateNode("Custom", 3, [new StateSlot(p.Id, "m", Tensor.FromArray(Awkward, 7, 2))],
            System.Collections.Immutable.ImmutableDictionary<string, double>.Empty.Add("nan", Awkward[^2]).Add("negzero", -0.0), []);
        var checkpoint = new Checkpoint(Params.Of(p, s, v), node, 42);
        var path = PathOf("awkward.json");
        Checkpoints.Save(path, checkpoint);
        var back = Checkpoints.Read(path);
        Assert.Equal(checkpoint, back);
        Assert.Equal(Awkward.Select(BitConverter.DoubleToInt64Bits), back.Params[0].Value.ToArray().Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(back.Optimiser!.Scalars["negzero"]));
        Assert.Equal(BitConverter.DoubleToInt64Bits(Awkward[^2]), BitConverter.DoubleToInt64Bits(back.Optimiser.Scalars["nan"]));
        Assert.Equal(p.Id, back.Params[0].Id);
        Assert.Equal(Shape.Scalar, back.Params[1].Shape);
        Assert.Equal(Shape.Vector(14), back.Params[2].Shape);
        Assert.Contains("\"3ff0000000000000\"", Encoding.UTF8.GetString(Checkpoints.ToJson(new Checkpoint(Params.Of(new Param("one", Tensor.Scalar(1.0))), null, 0))));
    }

    [Fact]
    public void A_saved_run_resumes_bit_for_bit_in_a_freshly_built_model()
    {
        var data = TrainingTests.Blobs(30, 2);
        var opt = Optimisers.ADAM(0.02);
        var whole = Training.Train(TrainingTests.Model(4), opt, TrainingTests.Loss, data, epochs: 3, batchSize: 7, seed: 3);

        var first = Training.Train(TrainingTests.Model(4), opt, TrainingTests.Loss, data, epochs: 3, batchSize: 7, seed: 3, stop: p => p.Step == 6);
        var path = PathOf("run.json");
        Checkpoints.Save(path, first.Model, first.State, first.Steps);

        var template = TrainingTests.Model(99); // same architecture, other weights and identities
        var (model, state, step) = Checkpoints.Load(path, template, opt);
        Assert.Equal(6, step);
        Assert.Equal(template.Params().Select(p => p.Id), model.Params().Select(p => p.Id));
        Assert.Equal(first.Model.Params().Select(p => p.Value), model.Params().Select(p => p.Value));
        var rest = Training.Resume(model, state, step, opt, TrainingTests.Loss, data, epochs: 3, batchSize: 7, seed: 3);

        Assert.Equal(whole.Losses.ToArray(), first.Losses.AddRange(rest.Losses).ToArray());
        Assert.Equal(whole.Model.Params().Select(p => p.Value), rest.Model.Params().Select(p => p.Value));
        Assert.Equal(TrainingTests.SlotsInParamOrder(whole), TrainingTests.SlotsInParamOrder(rest));
    }

    [Fact]
    public void A_model_alone_loads_into_a_template()
    {
        var m = TrainingTests.Model(1);
        var path = PathOf("model.json");
        Checkpoints.Save(path, m, null, 0);
        var loaded = Checkpoints.LoadModel(path, TrainingTests.Model(2));
        Assert.Equal(m.Params().Select(p => p.Value), loaded.Params().Select(p => p.Value));
        Assert.IsType<Chain>(loaded);
        var e = Assert.Throws<CheckpointException>(() => Checkpoints.Load(path, TrainingTests.Model(2), Optimisers.SGD()));
        Assert.Contains("no optimiser state", e.Message);
    }

    [Fact]
    public void Saving_replaces_the_file_whole_and_leaves_no_temporary_files()
    {
        var path = PathOf("ckpt.json");
        Checkpoints.Save(path, TrainingTests.Model(1), null, 1);
        Checkpoints.Save(path, TrainingTests.Model(2), null, 2);
        Assert.Equal(2, Checkpoints.Read(path).Step);
        Assert.Equal(["ckpt.json"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failed_save_leaves_the_old_file_in_place()
    {
        var path = PathOf("keep.json");
        Checkpoints.Save(path, TrainingTests.Model(1), null, 1);
        var before = File.ReadAllBytes(path);
        // The target's folder path runs through a file, so the temporary file cannot be created.
        Assert.ThrowsAny<IOException>(() => Checkpoints.Save(Path.Combine(path, "inner.json"), TrainingTests.Model(2), null, 2));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    private CheckpointException Refused(string name, byte[] bytes, Func<string, object> load)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<CheckpointException>(() => load(path));
        Assert.Equal(path, e.Path);
        Assert.Contains(path, e.Message);
        Assert.Equal(bytes, File.ReadAllBytes(path)); // loses nothing
        return e;
    }

    private static byte[] Good(int seed = 1)
    {
        var m = TrainingTests.Model(seed);
        return Checkpoints.ToJson(Checkpoint.Of(m, Optimisers.ADAM().Init(m.Params()), 0));
    }

    [Fact]
    public void Empty_truncated_and_foreign_files_are_refused_clearly()
    {
        Assert.Contains("empty", Refused("empty.json", [], Checkpoints.Read).Message);
        var good = Good();
        var truncated = Refused("cut.json", good[..(good.Length / 2)], Checkpoints.Read);
        Assert.Contains("truncated", truncated.Message);
        Assert.Contains("line", truncated.Message);
        Assert.Contains("not a Flux checkpoint", Refused("other.json", "{\"hello\": 1}"u8.ToArray(), Checkpoints.Read).Message);
        Assert.Contains("not a Flux checkpoint", Refused("array.json", "[1, 2]"u8.ToArray(), Checkpoints.Read).Message);
        var future = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(good).Replace("\"version\": 1", "\"version\": 2"));
        Assert.Contains("version 2", Refused("future.json", future, Checkpoints.Read).Message);
        Assert.Throws<FileNotFoundException>(() => Checkpoints.Read(PathOf("missing.json")));
    }

    [Fact]
    public void A_changed_digit_is_caught_by_the_checksum()
    {
        var text = Encoding.UTF8.GetString(Good());
        var at = System.Text.RegularExpressions.Regex.Match(text, "\"data\": \\[\\s*\"").Index;
        at = text.IndexOf('"', at + 8) + 5; // the fifth hex digit of the first value
        var digit = text[at];
        var flipped = text[..at] + (digit == '0' ? '1' : '0') + text[(at + 1)..];
        var e = Refused("flipped.json", Encoding.UTF8.GetBytes(flipped), Checkpoints.Read);
        Assert.Contains("corrupt", e.Message);
        Assert.Contains("SHA-256", e.Message);
    }

    /// <summary>A file whose payload is edited and its checksum recomputed: structurally wrong but intact.</summary>
    private static byte[] WithPayload(Func<string, string> edit)
    {
        var text = Encoding.UTF8.GetString(Good());
        var start = text.IndexOf("\"payload\": ", StringComparison.Ordinal) + "\"payload\": ".Length;
        var end = text.LastIndexOf('}');
        var payload = edit(text[start..end].TrimEnd());
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(payload))).ToLowerInvariant();
        return Encoding.UTF8.GetBytes($"{{\"format\": \"Flux.Checkpoint\", \"version\": 1, \"sha256\": \"{hash}\", \"payload\": {payload}}}");
    }

    [Fact]
    public void Malformed_payloads_name_the_place()
    {
        Assert.Equal(4, Checkpoints.FromJson(WithPayload(p => p), "x").Params.Count);
        var e = Refused("short.json", WithPayload(p => ReplaceFirst(p, "\"shape\": [\n", "\"shape\": [\n 9,")), Checkpoints.Read);
        Assert.Contains("params[0]", e.Message);
        var bad = Refused("hex.json", WithPayload(p => ReplaceFirst(p, "\"data\": [\n", "\"data\": [\n\"zz\",")), Checkpoints.Read);
        Assert.Contains("params[0]", bad.Message);
        var noStep = Refused("nostep.json", WithPayload(p => ReplaceFirst(p, "\"step\"", "\"stop\"")), Checkpoints.Read);
        Assert.Contains("payload.step is missing", noStep.Message);
    }

    private static string ReplaceFirst(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{what}' not in the payload");
        return text[..at] + with + text[(at + what.Length)..];
    }

    [Fact]
    public void A_checkpoint_of_another_model_or_optimiser_is_refused()
    {
        var path = PathOf("adam.json");
        var m = TrainingTests.Model(1);
        Checkpoints.Save(path, m, Optimisers.ADAM().Init(m.Params()), 0);
        var before = File.ReadAllBytes(path);

        var bigger = Layers.Chain(Layers.Dense(2, 9, Activation.Tanh, seed: 1), Layers.Dense(9, 2, seed: 2), Layers.Softmax);
        var shape = Assert.Throws<CheckpointException>(() => Checkpoints.Load(path, bigger, Optimisers.ADAM()));
        Assert.Contains("does not fit the model", shape.Message);
        Assert.Contains("(8, 2)", shape.Message);
        Assert.Contains("(9, 2)", shape.Message);

        var fewer = Assert.Throws<CheckpointException>(() => Checkpoints.LoadModel(path, Layers.Chain(Layers.Dense(2, 2, seed: 1))));
        Assert.Contains("4 parameters", fewer.Message);

        var sgd = Assert.Throws<CheckpointException>(() => Checkpoints.Load(path, TrainingTests.Model(5), Optimisers.Momentum()));
        Assert.Contains("does not fit the optimiser", sgd.Message);
        Assert.Contains("ADAM", sgd.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void Chained_optimiser_state_round_trips()
    {
        var data = TrainingTests.Blobs(12, 1);
        var opt = Optimisers.Chain(Optimisers.ClipNorm(1.0), Optimisers.ADAM(0.01));
        var first = Training.Train(TrainingTests.Model(1), opt, TrainingTests.Loss, data, 2, 5, 1);
        var path = PathOf("chain.json");
        Checkpoints.Save(path, first.Model, first.State, first.Steps);
        var (model, state, step) = Checkpoints.Load(path, TrainingTests.Model(1), opt);
        Assert.Equal(first.State.ToNode().Kind, state.ToNode().Kind);
        var a = Training.Resume(first.Model, first.State, first.Steps, opt, TrainingTests.Loss, data, 4, 5, 1);
        var b = Training.Resume(model, state, step, opt, TrainingTests.Loss, data, 4, 5, 1);
        Assert.Equal(a.Losses.ToArray(), b.Losses.ToArray());
    }
}
