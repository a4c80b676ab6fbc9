using System.Text;
using Xunit;

namespace Flux.Tests.Unit;

/// <summary>Issue 10, item 7: checkpoints are streamed, deep states load, stale temporary files go, bad files say what is wrong.</summary>
public sealed class CheckpointStreamingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-ckpt-stream-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void A_state_of_30_nested_wrappers_saves_and_loads()
    {
        var opt = Enumerable.Range(0, 30).Aggregate((IOptimiser)Optimisers.ADAM(0.01), (inner, _) => Optimisers.FiniteOnly(inner));
        var data = TrainingTests.Blobs(12, 1);
        var first = Training.Train(TrainingTests.Model(1), opt, TrainingTests.Loss, data, 1, 5, 1);
        var path = PathOf("deep.json");
        Checkpoints.Save(path, first.Model, first.State, first.Steps);

        var (model, state, step) = Checkpoints.Load(path, TrainingTests.Model(1), opt);
        Assert.Equal(first.Steps, step);
        var depth = 0;
        for (var node = state.ToNode(); node.Children.Length == 1; node = node.Children[0]) depth++;
        Assert.Equal(30, depth);
        var a = Training.Resume(first.Model, first.State, first.Steps, opt, TrainingTests.Loss, data, 2, 5, 1);
        var b = Training.Resume(model, state, step, opt, TrainingTests.Loss, data, 2, 5, 1);
        Assert.Equal(a.Losses.ToArray(), b.Losses.ToArray());
    }

    [Fact]
    public void A_file_nested_deeper_than_any_checkpoint_is_refused_as_too_deep_not_as_truncated()
    {
        const int levels = 600;
        var node = new StringBuilder();
        for (var i = 0; i < levels; i++) node.Append("{\"kind\": \"X\", \"step\": 0, \"scalars\": {}, \"slots\": [], \"children\": [");
        for (var i = 0; i < levels; i++) node.Append("]}");
        var text = $"{{\"format\": \"Flux.Checkpoint\", \"version\": 1, \"sha256\": \"{new string('0', 64)}\", \"payload\": {{\"step\": 0, \"params\": [], \"optimiser\": {node}}}}}";
        var path = PathOf("deep.json");
        File.WriteAllText(path, text);
        var e = Assert.Throws<CheckpointException>(() => Checkpoints.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains($"deeper than {JsonTokens.MaxDepth} levels", e.Message);
        Assert.Contains("line 1, byte", e.Message);
        Assert.Contains("optimiser.children[0]", e.Message);
        Assert.DoesNotContain("truncated", e.Message);
    }

    [Fact]
    public void A_truncated_file_says_so_and_where_in_the_checkpoint_it_ends()
    {
        var m = TrainingTests.Model(1);
        var text = Encoding.UTF8.GetString(Checkpoints.ToJson(Checkpoint.Of(m, null, 3)));
        var cut = text.IndexOf("\"data\": [", StringComparison.Ordinal) + "\"data\": [".Length + 10; // inside the first value
        var path = PathOf("cut.json");
        File.WriteAllText(path, text[..cut]);
        var e = Assert.Throws<CheckpointException>(() => Checkpoints.Read(path));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("params[0].data", e.Message);
        Assert.Contains($"byte {cut} of the file", e.Message);
    }

    [Fact]
    public void Invalid_json_is_named_corrupt_with_its_line_and_what_was_expected()
    {
        var path = PathOf("bad.json");
        File.WriteAllText(path, "{\n  \"format\": \"Flux.Checkpoint\",\n  \"version\": 1 2\n}");
        var e = Assert.Throws<CheckpointException>(() => Checkpoints.Read(path));
        Assert.Contains("not valid JSON at line 3", e.Message);
        Assert.Contains("Expected", e.Message);
        Assert.DoesNotContain("truncated", e.Message);
    }

    private string Temporary(string checkpoint, bool stale)
    {
        var temp = PathOf($".{checkpoint}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temp, "{ \"half of a save");
        if (stale) File.SetLastWriteTimeUtc(temp, DateTime.UtcNow - Checkpoints.StaleTemporaryAge - TimeSpan.FromHours(1));
        return temp;
    }

    [Fact]
    public void The_next_save_removes_the_stale_temporary_files_of_that_checkpoint_only()
    {
        var path = PathOf("ckpt.json");
        var (stale, anotherStale) = (Temporary("ckpt.json", stale: true), Temporary("ckpt.json", stale: true));
        var recent = Temporary("ckpt.json", stale: false);   // another save may still be writing it
        var held = Temporary("ckpt.json", stale: true);      // another save holds it open
        var other = Temporary("other.json", stale: true);    // another checkpoint's
        using (new FileStream(held, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            Checkpoints.Save(path, TrainingTests.Model(1), null, 1);
        Assert.False(File.Exists(stale));
        Assert.False(File.Exists(anotherStale));
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(held));
        Assert.True(File.Exists(other));
        Assert.Equal(1, Checkpoints.Read(path).Step);
    }

    [Fact]
    public void A_large_checkpoint_is_saved_and_read_in_memory_near_its_own_size()
    {
        const int n = 1_000_000; // 3M values, an 88 MB file: large enough that a copy of the file would show, quick to write
        var p = new Param("w", Tensor.Randn(new Seed(1), 1000, n / 1000));
        var checkpoint = new Checkpoint(Params.Of(p), Optimisers.ADAM().Init(Params.Of(p)).ToNode(), 7);
        var modelBytes = 3L * n * sizeof(double); // the parameter and ADAM's two moments
        var path = PathOf("large.json");

        var before = GC.GetAllocatedBytesForCurrentThread();
        Checkpoints.Save(path, checkpoint);
        var saving = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(saving < modelBytes / 16, $"saving {modelBytes:N0} bytes of values allocated {saving:N0} bytes");

        before = GC.GetAllocatedBytesForCurrentThread();
        var back = Checkpoints.Read(path);
        var reading = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(reading < modelBytes + modelBytes / 8, $"reading {modelBytes:N0} bytes of values allocated {reading:N0} bytes");
        Assert.Equal(checkpoint, back);
    }

    [Fact]
    public void An_existing_checkpoint_loads_and_is_written_again_byte_for_byte()
    {
        var path = Path.Combine(Flux.Tests.Unit.PowerShell.PowerShellSession.RepositoryRoot, "tests", "Unit", "Serialization", "iris.ckpt.json");
        var bytes = File.ReadAllBytes(path);
        var checkpoint = Checkpoints.Read(path);
        Assert.Equal(800, checkpoint.Step);
        if (Environment.NewLine == "\n") Assert.Equal(bytes, Checkpoints.ToJson(checkpoint));
    }
    [Fact]
    public void A_token_longer_than_the_read_buffer_round_trips()
    {
        var name = new string('w', 200_000) + "\"\\\u00e9"; // longer than the 64 KiB buffer, with escapes
        var checkpoint = new Checkpoint(Params.Of(new Param(name, Tensor.Vector(1.0, -0.0))), null, 2);
        var path = PathOf("long.json");
        Checkpoints.Save(path, checkpoint);
        Assert.Equal(checkpoint, Checkpoints.Read(path));
    }

    [Fact]
    public void Saving_a_state_nested_deeper_than_a_checkpoint_holds_is_refused_before_writing()
    {
        var node = new StateNode("Leaf", 0, [], System.Collections.Immutable.ImmutableDictionary<string, double>.Empty, []);
        for (var i = 0; i < Checkpoints.MaxNesting + 1; i++) node = new StateNode("Wrap", 0, [], System.Collections.Immutable.ImmutableDictionary<string, double>.Empty, [node]);
        var path = PathOf("too-deep.json");
        var e = Assert.Throws<ArgumentException>(() => Checkpoints.Save(path, new Checkpoint(Params.Of(new Param("w", Tensor.Scalar(1))), node, 0)));
        Assert.Contains($"at most {Checkpoints.MaxNesting}", e.Message);
        Assert.False(File.Exists(path));
        var deepest = node.Children[0]; // exactly MaxNesting deep: saves and reads back
        Checkpoints.Save(path, new Checkpoint(Params.Of(new Param("w", Tensor.Scalar(1))), deepest, 0));
        Assert.Equal(deepest, Checkpoints.Read(path).Optimiser);
    }
    [Fact]
    public void Upper_case_hex_digits_read_as_before()
    {
        var text = Encoding.UTF8.GetString(Checkpoints.ToJson(new Checkpoint(Params.Of(new Param("w", Tensor.Vector(-1.5, 0.1))), null, 0)));
        var start = text.IndexOf("\"payload\": ", StringComparison.Ordinal) + "\"payload\": ".Length;
        var payload = text[start..text.LastIndexOf('}')].TrimEnd().Replace("bff8000000000000", "BFF8000000000000").Replace("3fb999999999999a", "3FB999999999999A");
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(payload))).ToLowerInvariant();
        var file = $"{{\"format\": \"Flux.Checkpoint\", \"version\": 1, \"sha256\": \"{hash}\", \"payload\": {payload}}}";
        Assert.Contains("BFF8", file);
        Assert.Equal([-1.5, 0.1], Checkpoints.FromJson(Encoding.UTF8.GetBytes(file), "upper").Params[0].Value.ToArray());
    }
}
