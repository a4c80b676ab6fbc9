using Xunit;

namespace Flux.Tests.Unit;

/// <summary>Issue 10, item 6: a load reads the file once, so model, state and step come from one save.</summary>
public sealed class CheckpointOneReadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-ckpt-once-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (Chain Model, OptimiserState State, byte[] File) Saved(int seed, long step)
    {
        var m = TrainingTests.Model(seed);
        var state = Optimisers.ADAM().Init(m.Params());
        return (m, state, Checkpoints.ToJson(Checkpoint.Of(m, state, step)));
    }

    [Fact]
    public void LoadInto_returns_the_model_and_step_of_one_save_while_the_file_is_replaced()
    {
        if (!ChangingFile.Supported) return;
        var (a, b) = (Saved(1, 10), Saved(2, 20));
        using (var file = new ChangingFile(Path.Combine(_dir, "model.json"), a.File, b.File))
        {
            var (model, state, step) = Checkpoints.LoadInto(file.Path, TrainingTests.Model(3), null);
            Assert.Equal(1, file.Served);
            Assert.Equal(10, step);
            Assert.Null(state);
            Assert.Equal(a.Model.Params().Select(p => p.Value), model.Params().Select(p => p.Value));
        }
        using (var file = new ChangingFile(Path.Combine(_dir, "run.json"), b.File, a.File))
        {
            var (model, state, step) = Checkpoints.LoadInto(file.Path, TrainingTests.Model(3), Optimisers.ADAM());
            Assert.Equal(1, file.Served);
            Assert.Equal(20, step);
            Assert.Equal(b.Model.Params().Select(p => p.Value), model.Params().Select(p => p.Value));
            Assert.Equal(b.State.StepCount, state!.StepCount);
        }
    }
}
