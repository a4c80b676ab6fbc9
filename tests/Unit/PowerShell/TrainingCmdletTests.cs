using System.Collections.Immutable;
using Xunit;
using System.Management.Automation;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>Invoke-Training, Export-Checkpoint and Import-Checkpoint.</summary>
public sealed class TrainingCmdletTests : IDisposable
{
    private readonly PowerShellSession _ps = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-training-").FullName;
    private static readonly Dataset Iris = Csv.LoadClassification(Path.Combine(PowerShellSession.RepositoryRoot, "examples", "data", "iris.csv"), "species");
    private static Chain Model() => Layers.Chain(Layers.Dense(4, 8, Activation.Relu, seed: 1), Layers.Dense(8, 3, seed: 2), Layers.Softmax);

    private readonly Chain _m = Model();

    public TrainingCmdletTests() => _ps.Set("data", Iris).Set("m", _m).Set("dir", _dir);

    public void Dispose()
    {
        _ps.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    // Flux.PowerShell's result types live in the module the engine loaded; the tests read them by name.
    private dynamic Outcome(string script, string type = "Flux.PowerShell.TrainingOutcome")
    {
        var outcome = Assert.Single(_ps.Eval(script));
        Assert.Equal(type, outcome.GetType().FullName);
        return outcome;
    }

    private const string Train = "Invoke-Training -Model $m -Optimiser (New-Optimiser ADAM -Eta 0.01) -Loss CrossEntropy -Data $data -Epochs 3 -BatchSize 50 -Seed 7";

    [Fact]
    public void A_named_loss_trains_exactly_as_the_library_does()
    {
        var outcome = Outcome(Train);
        var expected = Training.Train(Model(), Optimisers.ADAM(0.01), (c, x, y) => Losses.CrossEntropy(c.Apply(x), y), Iris, 3, 50, 7);
        Assert.Equal(expected.Losses, ((ImmutableArray<double>)outcome.Losses).ToArray());
        Assert.Equal(expected.Steps, (long)outcome.Step);
        Assert.Equal(TrainingStop.Completed, (TrainingStop)outcome.Stop);
        Assert.Equal(expected.Model.Params().Select(p => p.Value), ((IModel)outcome.Model).Params().Select(p => p.Value));
        Assert.Equal(3, ((ImmutableArray<double>)outcome.EpochLosses).Length);
        Assert.Equal(expected.Losses.Take(3).Average(), ((ImmutableArray<double>)outcome.EpochLosses)[0], 12);
    }

    [Fact]
    public void A_script_block_loss_gets_the_model_the_features_and_the_targets()
    {
        var outcome = Outcome("$data | Invoke-Training -Model $m -Optimiser (New-Optimiser SGD -Eta 0.1) -Loss { param($model, $x, $y) [Flux.Losses]::Mse($model.Apply($x), $y) } -Epochs 2 -BatchSize 30 -Seed 1");
        var expected = Training.Train(Model(), Optimisers.SGD(0.1), (c, x, y) => Losses.Mse(c.Apply(x), y), Iris, 2, 30, 1);
        Assert.Equal(expected.Losses, ((ImmutableArray<double>)outcome.Losses).ToArray());
    }

    [Fact]
    public void Progress_arrives_per_batch_under_a_parent_per_epoch_with_a_verbose_line_per_epoch()
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _ps.Runspace;
        ps.AddScript(Train + " -Verbose");
        var output = ps.Invoke();
        Assert.Single(output);
        var progress = ps.Streams.Progress.ToList();
        var batches = progress.Where(p => p.ActivityId == 2 && p.RecordType == ProgressRecordType.Processing).ToList();
        Assert.Equal(9, batches.Count); // 3 epochs of ⌈150 / 50⌉ batches
        Assert.All(batches, b => Assert.Equal(1, b.ParentActivityId));
        Assert.Equal("batch 3/3", batches[2].StatusDescription[..9]);
        var epochs = progress.Where(p => p.ActivityId == 1 && p.RecordType == ProgressRecordType.Processing).ToList();
        Assert.Equal([0, 33, 66, 100], epochs.Select(p => p.PercentComplete));
        Assert.Equal(2, progress.Count(p => p.RecordType == ProgressRecordType.Completed));
        var verbose = ps.Streams.Verbose.Select(v => v.Message).ToList();
        Assert.Equal(3, verbose.Count);
        Assert.Matches(@"epoch 1/3: mean loss \d", verbose[0]);
    }

    [Fact]
    public void Training_resumes_from_a_state_and_step_as_the_uninterrupted_run()
    {
        var whole = Outcome(Train);
        var resumed = Outcome("""
            $opt = New-Optimiser ADAM -Eta 0.01
            $first = Invoke-Training -Model $m -Optimiser $opt -Loss CrossEntropy -Data $data -Epochs 1 -BatchSize 50 -Seed 7
            $first | Invoke-Training -Optimiser $opt -Loss CrossEntropy -Data $data -Epochs 3 -BatchSize 50 -Seed 7
            """);
        Assert.Equal(((ImmutableArray<double>)whole.Losses).ToArray()[3..], ((ImmutableArray<double>)resumed.Losses).ToArray());
        Assert.Equal(((IModel)whole.Model).Params().Select(p => p.Value), ((IModel)resumed.Model).Params().Select(p => p.Value));
    }

    [Fact]
    public void An_unknown_loss_name_is_an_error_listing_the_names()
    {
        var error = _ps.Error("Invoke-Training -Model $m -Optimiser (New-Optimiser SGD) -Loss Hinge -Data $data");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("Hinge", error.TargetObject);
        Assert.Contains("BinaryCrossEntropy, CrossEntropy, LogitBinaryCrossEntropy, LogitCrossEntropy, Mse", error.Exception.Message);   // Losses.Names, in order
    }

    [Fact]
    public void A_loss_of_the_wrong_shape_is_the_library_message_with_the_untrained_model_and_the_session_goes_on()
    {
        var small = Layers.Dense(4, 2, seed: 1);
        var (output, errors) = _ps.Set("small", small).Run("Invoke-Training -Model $small -Optimiser (New-Optimiser SGD) -Loss Mse -Data $data -Seed 1");
        var error = Assert.Single(errors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("(2, 32)", error.Exception.Message);
        Assert.Contains("(3, 32)", error.Exception.Message);
        dynamic outcome = Assert.Single(output).BaseObject;
        Assert.Equal(0L, (long)outcome.Step);
        Assert.Equal(small, (IModel)outcome.Model);
        Assert.Same(outcome, error.TargetObject);
        Assert.Single(_ps.Eval(Train));
    }

    [Fact]
    public void A_failing_step_writes_an_error_and_still_outputs_the_steps_before_it()
    {
        var (output, errors) = _ps.Run("""
            $calls = 0
            Invoke-Training -Model $m -Optimiser (New-Optimiser ADAM -Eta 0.01) -Data $data -Epochs 3 -BatchSize 50 -Seed 7 -Loss {
                param($model, $x, $y)
                if (++$script:calls -eq 5) { throw 'the loss broke' }
                [Flux.Losses]::CrossEntropy($model.Apply($x), $y)
            }
            'the script goes on'
            """);
        var error = Assert.Single(errors);
        Assert.Equal("TrainingFailed", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("the loss broke", error.Exception.Message);
        Assert.Contains("step 5 failed", error.ErrorDetails.Message);
        Assert.Equal(2, output.Count);
        Assert.Equal("the script goes on", output[1].BaseObject);
        dynamic outcome = output[0].BaseObject;
        Assert.Same(outcome, error.TargetObject);
        var expected = Training.Train(_m, Optimisers.ADAM(0.01), (c, x, y) => Losses.CrossEntropy(c.Apply(x), y), Iris, 3, 50, 7, stop: p => p.Step == 4);
        Assert.Equal(4L, (long)outcome.Step);
        Assert.Equal(expected.Losses, ((ImmutableArray<double>)outcome.Losses).ToArray());
        Assert.Equal(expected.Model, (IModel)outcome.Model);
        Assert.Equal(expected.State, (OptimiserState)outcome.State);
        Assert.StartsWith("Failed: ", ((TrainingStop)outcome.Stop).ToString());
    }

    [Fact]
    public void Stopping_the_pipeline_leaves_the_finished_steps_in_the_result_variable()
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _ps.Runspace;
        ps.AddScript("Invoke-Training -Model $m -Optimiser (New-Optimiser ADAM -Eta 0.01) -Loss CrossEntropy -Data $data -Epochs 1000000 -BatchSize 50 -Seed 7 -ResultVariable run");
        using var started = new ManualResetEventSlim();
        ps.Streams.Progress.DataAdded += (_, _) => { if (ps.Streams.Progress.Count > 10) started.Set(); };
        var output = new PSDataCollection<PSObject>();
        var running = ps.BeginInvoke<PSObject, PSObject>(null, output);
        Assert.True(started.Wait(TimeSpan.FromSeconds(60)), "training did not start");
        ps.Stop();
        Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(running));
        Assert.Empty(output); // PowerShell takes no output once stopping: the variable holds the result
        var run = _ps.Runspace.SessionStateProxy.GetVariable("run");
        dynamic outcome = run is PSObject wrapped ? wrapped.BaseObject : run;
        Assert.Equal(TrainingStop.Cancelled, (TrainingStop)outcome.Stop);
        var steps = (long)outcome.Step;
        Assert.True(steps >= 5, $"{steps} steps");
        var expected = Training.Train(_m, Optimisers.ADAM(0.01), (c, x, y) => Losses.CrossEntropy(c.Apply(x), y), Iris, 1000000, 50, 7, stop: p => p.Step == steps);
        Assert.Equal(expected.Losses, ((ImmutableArray<double>)outcome.Losses).ToArray());
        Assert.Equal(expected.Model, (IModel)outcome.Model);
        Assert.Equal(expected.State, (OptimiserState)outcome.State);
    }

    [Fact]
    public void Bad_epochs_and_batch_sizes_are_rejected_at_binding()
    {
        Assert.IsAssignableFrom<ParameterBindingException>(_ps.Error(Train + " -BatchSize 0").Exception);
        Assert.IsAssignableFrom<ParameterBindingException>(_ps.Error("Invoke-Training -Model $m -Optimiser (New-Optimiser SGD) -Loss Mse -Data $data -Epochs -1").Exception);
    }

    [Fact]
    public void A_non_finite_loss_stops_with_a_warning()
    {
        var (output, errors) = _ps.Run("Invoke-Training -Model $m -Optimiser (New-Optimiser SGD) -Loss { param($m, $x, $y) [Flux.Losses]::Mse($m.Apply($x), $y) / 0 } -Data $data -Seed 1 3>&1");
        Assert.Empty(errors);
        Assert.Contains(output, o => o.BaseObject is WarningRecord w && w.Message.Contains("training stopped there"));
        dynamic outcome = Assert.Single(output, o => o.BaseObject is not WarningRecord).BaseObject;
        Assert.Equal(TrainingStop.NonFiniteLoss, (TrainingStop)outcome.Stop);
    }

    [Fact]
    public void A_step_that_makes_a_parameter_non_finite_warns_and_returns_the_model_from_before_it()
    {
        // A finite loss whose first step overflows the parameters (η = 1e300): the warning's "model from before that step" is the input model.
        var (output, errors) = _ps.Run("Invoke-Training -Model $m -Optimiser (New-Optimiser SGD -Eta 1e300) -Loss { param($m, $x, $y) [Flux.Losses]::CrossEntropy($m.Apply($x), $y) * 1e10 } -Data $data -Seed 1 3>&1");
        Assert.Empty(errors);
        var warning = (WarningRecord)Assert.Single(output, o => o.BaseObject is WarningRecord).BaseObject;
        Assert.Contains("made parameter", warning.Message);
        Assert.Contains("returning the model from before that step (after 0 steps)", warning.Message);
        dynamic outcome = Assert.Single(output, o => o.BaseObject is not WarningRecord).BaseObject;
        Assert.IsType<TrainingStop.NonFiniteParameterCase>((TrainingStop)outcome.Stop);
        Assert.Equal(_m, (IModel)outcome.Model);
        Assert.All(((IModel)outcome.Model).Params(), p => Assert.True(p.Value.IsFinite()));
    }

    [Fact]
    public void A_checkpoint_round_trips_model_state_and_step_and_binds_from_the_training_result()
    {
        var loaded = Outcome($$"""
            $null = $ExecutionContext.SessionState.Path.SetLocation($dir)
            {{Train}} | Export-Checkpoint -Path run.json
            Import-Checkpoint -Path run.json -Model $m -Optimiser (New-Optimiser ADAM -Eta 0.01)
            """, "Flux.PowerShell.CheckpointContents");
        Assert.True(File.Exists(Path.Combine(_dir, "run.json")));
        var trained = Outcome(Train);
        Assert.Equal(((IModel)trained.Model).Params().Select(p => p.Value), ((IModel)loaded.Model).Params().Select(p => p.Value));
        Assert.Equal(9L, (long)loaded.Step);
        Assert.Equal(9L, (long)((OptimiserState)loaded.State).StepCount);
    }

    [Fact]
    public void ExportCheckpoint_passes_the_file_through_and_ImportCheckpoint_without_an_optimiser_reads_the_model()
    {
        var file = Assert.IsType<FileInfo>(Assert.Single(_ps.Eval("Export-Checkpoint -Path \"$dir/m.json\" -Model $m -Step 4 -PassThru")));
        Assert.Equal(Path.Combine(_dir, "m.json"), file.FullName);
        var loaded = Outcome("\"$dir/m.json\" | Import-Checkpoint -Model $m", "Flux.PowerShell.CheckpointContents");
        Assert.Equal(4L, (long)loaded.Step);
        Assert.Null((object?)loaded.State);
        Assert.Empty(_ps.Eval("Export-Checkpoint -Path \"$dir/w.json\" -Model $m -WhatIf"));
        Assert.False(File.Exists(Path.Combine(_dir, "w.json")));
    }

    [Fact]
    public void ImportCheckpoint_errors_name_the_file_and_the_misfit()
    {
        var missing = _ps.Error("Import-Checkpoint -Path \"$dir/none.json\" -Model $m");
        Assert.Equal(ErrorCategory.ObjectNotFound, missing.CategoryInfo.Category);
        Assert.Equal(Path.Combine(_dir, "none.json"), missing.TargetObject);

        File.WriteAllText(Path.Combine(_dir, "bad.json"), "{ not json");
        var corrupt = _ps.Error("Import-Checkpoint -Path \"$dir/bad.json\" -Model $m");
        Assert.Equal(ErrorCategory.InvalidData, corrupt.CategoryInfo.Category);
        Assert.Contains("bad.json", corrupt.Exception.Message);

        _ps.Eval("Export-Checkpoint -Path \"$dir/m.json\" -Model $m");
        var misfit = _ps.Set("other", Layers.Dense(4, 3, seed: 1)).Error("Import-Checkpoint -Path \"$dir/m.json\" -Model $other");
        Assert.Equal(ErrorCategory.InvalidData, misfit.CategoryInfo.Category);
        Assert.Contains("m.json", misfit.Exception.Message);
        var noState = _ps.Error("Import-Checkpoint -Path \"$dir/m.json\" -Model $m -Optimiser (New-Optimiser ADAM)");
        Assert.Contains("no optimiser state", noState.Exception.Message);
    }
}
