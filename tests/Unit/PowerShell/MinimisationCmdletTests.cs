using System.Collections.Immutable;
using System.Management.Automation;
using Xunit;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>Invoke-Minimisation in the hosted engine: it runs the library's L-BFGS and reports as the other cmdlets do.</summary>
public sealed class MinimisationCmdletTests : IDisposable
{
    private readonly PowerShellSession _ps = new();
    private readonly Param _w = new("W", Tensor.Uniform(new Seed(1), -1, 1, 2, 5)), _b = new("b", Tensor.Uniform(new Seed(2), -1, 1, 2));
    private readonly Tensor _x = Tensor.Uniform(new Seed(3), -1, 1, 5, 7), _y = Tensor.Uniform(new Seed(4), -1, 1, 2, 7);

    public MinimisationCmdletTests() => _ps.Set("W", _w).Set("b", _b).Set("x", _x).Set("y", _y);

    public void Dispose() => _ps.Dispose();

    private const string Loss = "{ ($W * $x + $b - $y).Square().Sum() }";

    private MinimisationResult Expected(LbfgsOptions? options = null) =>
        LBFGS.Minimise(() => Ops.Sum(Ops.Square(_w * _x + _b - _y)), Params.Of(_w, _b), options);

    // The module's result type lives in the assembly the engine loaded; the tests read it by name.
    private dynamic Outcome(string script)
    {
        var outcome = Assert.Single(_ps.Eval(script));
        Assert.Equal("Flux.PowerShell.MinimisationOutcome", outcome.GetType().FullName);
        return outcome;
    }

    private static void SameRun(MinimisationResult expected, dynamic outcome)
    {
        Assert.Equal(expected, (MinimisationResult)outcome.Result);
        Assert.Equal(expected.Losses.ToArray(), ((ImmutableArray<double>)outcome.Losses).ToArray());
        Assert.Equal(expected.Iterations, (int)outcome.Iterations);
        Assert.Equal(expected.Stop, (MinimisationStop)outcome.Stop);
    }

    [Fact]
    public void A_loss_script_block_is_minimised_exactly_as_the_library_does()
    {
        var outcome = Outcome($"Invoke-Minimisation -Loss {Loss} -Param $W, $b -MaxIterations 100");
        var expected = Expected(new LbfgsOptions { MaxIterations = 100 });
        SameRun(expected, outcome);
        Assert.True((bool)outcome.Converged, expected.ToString());
        Assert.Null(outcome.Model);
        Assert.True((double)outcome.FinalLoss < (double)outcome.FirstLoss);
        Assert.Equal([_w.Id, _b.Id], ((Param[])outcome.Param).Select(p => p.Id));
    }

    [Fact]
    public void Parameters_bind_from_the_pipeline_and_the_result_assigns_back()
    {
        var values = _ps.Eval($"$r = $W, $b | Invoke-Minimisation -Loss {Loss} -MaxIterations 100; $W2, $b2 = $r.Param; $W2; $b2");
        var expected = Expected(new LbfgsOptions { MaxIterations = 100 });
        Assert.Equal(expected.Params[_w], Assert.IsType<Param>(values[0]));
        Assert.Equal(expected.Params[_b], Assert.IsType<Param>(values[1]));
        Assert.NotEqual(_w.Value, ((Param)values[0]).Value); // and $W itself is unchanged
        Assert.Equal(_w, Assert.IsType<Param>(Assert.Single(_ps.Eval("$W"))));
    }

    [Fact]
    public void Every_setting_reaches_the_solver()
    {
        var outcome = Outcome($"Invoke-Minimisation -Loss {Loss} -Param $W, $b -lr 0.5 -MaxIterations 6 -MaxEvaluations 50 -ToleranceGrad 1e-12 -ToleranceChange 1e-14 -HistorySize 2 -C1 0.001 -C2 0.5 -MaxLineSearch 10 -LineSearchTolerance 1e-12");
        var options = new LbfgsOptions
        {
            LearningRate = 0.5, MaxIterations = 6, MaxEvaluations = 50, ToleranceGrad = 1e-12, ToleranceChange = 1e-14, HistorySize = 2,
            C1 = 0.001, C2 = 0.5, MaxLineSearch = 10, LineSearchTolerance = 1e-12,
        };
        SameRun(Expected(options), outcome);
        Assert.Equal(MinimisationStop.IterationLimit, (MinimisationStop)outcome.Stop);
        Assert.NotEqual(Expected(options with { C2 = 0.9 }).Losses.ToArray(), ((ImmutableArray<double>)outcome.Losses).ToArray());
    }

    [Fact]
    public void A_model_is_minimised_over_its_parameters_and_returned_rebuilt()
    {
        var dense = Layers.Dense(5, 2, seed: 9);
        _ps.Set("m", dense);
        var outcome = Outcome("$m | Invoke-Minimisation -Loss { param($m) ($m.Apply($x) - $y).Square().Mean() } -MaxIterations 50");
        var expected = LBFGS.Minimise(() => Losses.Mse(dense.Apply(_x), _y), dense.Params(), new LbfgsOptions { MaxIterations = 50 });
        SameRun(expected, outcome);
        var model = Assert.IsType<Dense>((IModel)outcome.Model);
        Assert.Equal(expected.Params.Select(p => p.Value), model.Params().Select(p => p.Value));
    }

    [Fact]
    public void Progress_arrives_per_iteration_with_a_verbose_summary()
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _ps.Runspace;
        ps.AddScript($"Invoke-Minimisation -Loss {Loss} -Param $W, $b -MaxIterations 5 -Verbose");
        Assert.Single(ps.Invoke());
        var progress = ps.Streams.Progress.Where(p => p.RecordType == ProgressRecordType.Processing).ToList();
        Assert.Equal(5, progress.Count);
        Assert.StartsWith("iteration 1/5: loss ", progress[0].StatusDescription);
        Assert.Equal([20, 40, 60, 80, 100], progress.Select(p => p.PercentComplete));
        Assert.Single(ps.Streams.Progress, p => p.RecordType == ProgressRecordType.Completed);
        Assert.Matches(@"^Invoke-Minimisation: 5 iterations, \d+ evaluations, final loss .*, IterationLimit\.$", Assert.Single(ps.Streams.Verbose).Message);
    }

    [Fact]
    public void A_setting_out_of_range_is_a_terminating_error_naming_it()
    {
        var error = _ps.Error($"Invoke-Minimisation -Loss {Loss} -Param $W, $b -HistorySize 0");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("HistorySize must be a whole number, 1 or more; got 0", error.Exception.Message);
        var (output, errors) = _ps.Run($"try {{ Invoke-Minimisation -Loss {Loss} -Param $W -C1 0.95 }} catch {{ 'caught' }}");
        Assert.Empty(errors);
        Assert.Equal("caught", Assert.Single(output).BaseObject);
    }

    [Fact]
    public void A_failing_loss_writes_an_error_and_still_outputs_the_iterations_before_it()
    {
        var (output, errors) = _ps.Run("""
            $calls = 0
            Invoke-Minimisation -Param $W, $b -Loss {
                if (++$script:calls -eq 4) { throw 'the loss broke' }
                ($W * $x + $b - $y).Square().Sum()
            }
            'the script goes on'
            """);
        var error = Assert.Single(errors);
        Assert.Equal("MinimisationFailed", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("the loss broke", error.Exception.Message);
        Assert.Contains("evaluation 4 of the loss failed", error.ErrorDetails.Message);
        Assert.Equal(2, output.Count);
        Assert.Equal("the script goes on", output[1].BaseObject);
        dynamic outcome = output[0].BaseObject;
        Assert.Same(outcome, error.TargetObject);
        Assert.IsType<MinimisationStop.FailedCase>((MinimisationStop)outcome.Stop);
        Assert.Equal(4, (int)outcome.Evaluations);
        var expected = Expected(new LbfgsOptions { MaxEvaluations = 3 }); // the iterations done within the first three evaluations
        Assert.Equal(expected.Iterations, (int)outcome.Iterations);
        Assert.Equal(expected.Params.Select(p => p.Value), ((Param[])outcome.Param).Select(p => p.Value));
    }

    [Fact]
    public void A_non_finite_loss_stops_with_a_warning_and_the_last_finite_iterate()
    {
        var (output, errors) = _ps.Run("Invoke-Minimisation -Param $W, $b -Loss { ($W * $x + $b - $y).Square().Sum() / 0 } 3>&1");
        Assert.Empty(errors);
        Assert.Contains(output, o => o.BaseObject is WarningRecord w && w.Message.Contains("NaN or infinite"));
        dynamic outcome = Assert.Single(output, o => o.BaseObject is not WarningRecord).BaseObject;
        Assert.Equal(MinimisationStop.NonFiniteLoss, (MinimisationStop)outcome.Stop);
        Assert.Equal([_w.Value, _b.Value], ((Param[])outcome.Param).Select(p => p.Value));
    }

    [Fact]
    public void Stopping_the_pipeline_leaves_the_finished_iterations_in_the_result_variable()
    {
        // Σ x⁴ has a degenerate minimum, so L-BFGS creeps toward it for hundreds of iterations; each evaluation sleeps.
        _ps.Set("p", new Param("p", Tensor.Vector(1.0, -2.0, 0.5)));
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _ps.Runspace;
        ps.AddScript("Invoke-Minimisation -Loss { Start-Sleep -Milliseconds 2; $p.Pow(4).Sum() } -Param $p -MaxIterations 100000 -MaxEvaluations 1000000 -ToleranceGrad 0 -ToleranceChange 0 -ResultVariable run");
        using var started = new ManualResetEventSlim();
        ps.Streams.Progress.DataAdded += (_, _) => { if (ps.Streams.Progress.Count > 10) started.Set(); };
        var output = new PSDataCollection<PSObject>();
        var running = ps.BeginInvoke<PSObject, PSObject>(null, output);
        Assert.True(started.Wait(TimeSpan.FromSeconds(60)), "the solver did not start");
        ps.Stop();
        Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(running));
        Assert.Empty(output); // PowerShell takes no output once stopping: the variable holds the result
        var run = _ps.Runspace.SessionStateProxy.GetVariable("run");
        dynamic outcome = run is PSObject wrapped ? wrapped.BaseObject : run;
        Assert.Equal(MinimisationStop.Cancelled, (MinimisationStop)outcome.Stop);
        Assert.True((int)outcome.Iterations >= 5, $"{outcome.Iterations} iterations");
    }
}
