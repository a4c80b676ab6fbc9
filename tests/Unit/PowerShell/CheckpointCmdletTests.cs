using Xunit;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>Import-Checkpoint against a file that another process replaces while it reads (issue 10, item 6).</summary>
public sealed class CheckpointCmdletTests : IDisposable
{
    private readonly PowerShellSession _ps = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-ckpt-cmdlet-").FullName;

    private static Chain Model(int seed) => Layers.Chain(Layers.Dense(4, 8, Activation.Relu, seed: seed), Layers.Dense(8, 3, seed: seed + 1), Layers.Softmax);

    public void Dispose()
    {
        _ps.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void ImportCheckpoint_reads_the_file_once_so_model_and_step_come_from_one_save()
    {
        if (!Flux.Tests.Unit.ChangingFile.Supported) return;
        var (first, second) = (Model(1), Model(5));
        var a = Checkpoints.ToJson(Checkpoint.Of(first, null, 100));
        var b = Checkpoints.ToJson(Checkpoint.Of(second, null, 200));
        dynamic loaded;
        int served;
        // Every open of the path sees the next save: a second read would pair save a's model with save b's step.
        using (var file = new Flux.Tests.Unit.ChangingFile(Path.Combine(_dir, "run.json"), a, b))
        {
            loaded = Assert.Single(_ps.Set("m", Model(9)).Set("path", file.Path).Eval("Import-Checkpoint -Path $path -Model $m"));
            served = file.Served;
        }
        Assert.Equal(1, served);
        Assert.Equal(100L, (long)loaded.Step);
        Assert.Equal(first.Params().Select(p => p.Value), ((IModel)loaded.Model).Params().Select(p => p.Value));
    }
}
