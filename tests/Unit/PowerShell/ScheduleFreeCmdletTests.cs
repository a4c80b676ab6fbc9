using Xunit;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>
/// Schedule-free rules from PowerShell (found by the registry, no cmdlet edit), and the evaluation
/// model a training result carries: Measure-Accuracy and Export-Checkpoint use it when given the
/// result, Import-Checkpoint gives it back with the state, and a rule that keeps none measures the
/// trained model as before.
/// </summary>
public sealed class ScheduleFreeCmdletTests : IDisposable
{
    private readonly PowerShellSession _ps = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-sf-cmdlet-").FullName;

    public void Dispose()
    {
        _ps.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private PowerShellSession Session => _ps.Set("root", PowerShellSession.RepositoryRoot).Set("dir", _dir);

    private static string Trained(string optimiser) => $"""
        $data = Import-Dataset -Path (Join-Path $root 'examples/data/iris.csv') -Target species
        $m = New-Chain (New-Dense 4 3 -Seed 1), (New-Softmax)
        $opt = {optimiser}
        $result = Invoke-Training -Model $m -Optimiser $opt -Loss CrossEntropy -Data $data -Epochs 3 -BatchSize 25 -Seed 1

        """;

    [Fact]
    public void New_Optimiser_builds_both_rules_by_name_with_their_declared_hyperparameters()
    {
        Assert.Equal(new ScheduleFreeAdamW(eta: 0.01, warmupSteps: 10, beta1: 0.95, weightDecay: 0.1),
            _ps.Single<IOptimiser>("New-Optimiser ScheduleFreeAdamW -Eta 0.01 -WarmupSteps 10 -Beta1 0.95 -DecoupledWeightDecay 0.1"));
        Assert.Equal(new ScheduleFreeSGD(), _ps.Single<IOptimiser>("New-Optimiser schedulefreesgd"));
        Assert.Equal(new ScheduleFreeSGD(weightLrPower: 1), _ps.Single<IOptimiser>("New-Optimiser ScheduleFreeSGD -WeightLrPower 1"));
        Assert.Contains("warmupSteps", _ps.Error("New-Optimiser ScheduleFreeSGD -WarmupSteps 1.5").Exception.Message);
        Assert.Contains("-Beta2 does not apply", _ps.Error("New-Optimiser ScheduleFreeSGD -Beta2 0.9").Exception.Message);
        Assert.Equal(ScheduleFreeAdamW.Declared, _ps.Single<RuleDeclaration>("Get-OptimiserRule ScheduleFreeAdamW"));
    }

    [Fact]
    public void Measure_Accuracy_given_a_result_measures_its_evaluation_model()
    {
        var s = Session;
        s.Eval(Trained("New-Optimiser ScheduleFreeAdamW -Eta 0.05"));
        var result = Outcome(s, "$result");
        var data = (Dataset)s.Eval("$data").Single();
        Assert.NotEqual(result.Model.Params(), result.EvaluationModel.Params());
        Assert.Equal(result.State!.EvaluationModel(result.Model).Params(), result.EvaluationModel.Params());
        Assert.Equal(Metrics.Accuracy((ILayer)result.EvaluationModel, data), s.Eval("Measure-Accuracy -Model $result -Data $data").Single());
        Assert.Equal(s.Eval("Measure-Accuracy -Model $result.EvaluationModel -Data $data").Single(), s.Eval("$data | Measure-Accuracy $result").Single());
        Assert.Equal(Metrics.Accuracy((ILayer)result.Model, data), s.Eval("Measure-Accuracy $result.Model $data").Single());

        // ADAM keeps no evaluation parameters: the result's model itself.
        s.Eval(Trained("New-Optimiser ADAM -Eta 0.05"));
        Assert.True((bool)s.Eval("[object]::ReferenceEquals($result.Model, $result.EvaluationModel)").Single());
        Assert.Equal(s.Eval("Measure-Accuracy $result.Model $data").Single(), s.Eval("Measure-Accuracy -Model $result -Data $data").Single());
    }

    [Fact]
    public void Export_Checkpoint_saves_the_evaluation_model_when_given_the_result_and_everything_to_resume_when_piped_it()
    {
        var s = Session;
        s.Eval(Trained("New-Optimiser ScheduleFreeSGD -Eta 0.1") + """
            Export-Checkpoint -Path (Join-Path $dir 'use.json') -Model $result
            $result | Export-Checkpoint -Path (Join-Path $dir 'resume.json')
            $use = Import-Checkpoint -Path (Join-Path $dir 'use.json') -Model $m
            $resume = Import-Checkpoint -Path (Join-Path $dir 'resume.json') -Model $m -Optimiser $opt
            """);
        var outcome = Outcome(s, "$result");
        var use = Outcome(s, "$use");
        var resume = Outcome(s, "$resume");
        Assert.Equal(outcome.EvaluationModel.Params(), use.Model.Params());
        Assert.Null(use.State);
        Assert.Equal(outcome.Model.Params(), resume.Model.Params());
        Assert.Equal(outcome.State!.ToNode(), resume.State!.ToNode());
        Assert.Equal(outcome.EvaluationModel.Params(), resume.EvaluationModel.Params());
        Assert.Equal(s.Eval("Measure-Accuracy $result $data").Single(), s.Eval("Measure-Accuracy $resume $data").Single());
    }

    /// <summary>A result's model, state and evaluation model (the module's types are not referenced here: read by name).</summary>
    private sealed record Result(IModel Model, OptimiserState? State, IModel EvaluationModel);

    private static Result Outcome(PowerShellSession s, string variable)
    {
        dynamic o = s.Eval(variable).Single();
        return new((IModel)o.Model, (OptimiserState?)o.State, (IModel)o.EvaluationModel);
    }
}
