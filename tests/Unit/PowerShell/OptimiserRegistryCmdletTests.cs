using Xunit;
using System.Globalization;
using System.Management.Automation;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>
/// New-Optimiser, its completion, Get-OptimiserRule and the help, all derived from the library's
/// registry (<see cref="Optimisers.Rules"/>): a rule the library declares is offered everywhere with
/// no edit to the module.
/// </summary>
public sealed class OptimiserRegistryCmdletTests : IDisposable
{
    private readonly PowerShellSession _ps = new();
    private readonly Param _w = new("W", Tensor.Vector(1, -2)), _b = new("b", Tensor.Scalar(3));
    private readonly Grads _g;

    public OptimiserRegistryCmdletTests()
    {
        _g = Grads.Of((_w, Tensor.Vector(0.5, -1)), (_b, Tensor.Scalar(2)));
        _ps.Set("W", _w).Set("b", _b).Set("g", _g);
    }

    public void Dispose() => _ps.Dispose();

    public static TheoryData<string> RuleNames() => [.. Optimisers.Rules.Select(d => d.Name)];

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    // A value for each hyperparameter without a default: the rule cannot be built without one.
    private static Dictionary<string, double> Required(RuleDeclaration d) =>
        d.Hyperparameters.Where(h => h.Default is null).ToDictionary(h => h.Name, _ => 1.0);

    private static string Arguments(Dictionary<string, double> values) =>
        string.Concat(values.Select(v => $" -{char.ToUpperInvariant(v.Key[0])}{v.Key[1..]} {F(v.Value)}"));

    // What CommandCompletion offers at the end of the script's last line (after the lines before it have run).
    private string[] Completions(string setup, string input) =>
        [.. _ps.Eval($$"""
            {{setup}}
            $input = '{{input.Replace("'", "''")}}'
            [System.Management.Automation.CommandCompletion]::CompleteInput($input, $input.Length, $null).CompletionMatches | ForEach-Object CompletionText
            """).Cast<string>()];

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Every_rule_of_the_registry_is_New_Optimiser_with_its_declared_defaults(string name)
    {
        var declaration = Optimisers.Rules.Single(d => d.Name == name);
        var required = Required(declaration);
        var built = _ps.Single<IOptimiser>($"New-Optimiser {name}{Arguments(required)}");
        Assert.Equal(Optimisers.ByName(name, required), built);
        if (built is not Rule opt) return;   // a composite (Muon) keeps its values its own way: MuonCmdletTests
        Assert.Equal(declaration, opt.Declaration);
        for (var i = 0; i < declaration.Hyperparameters.Length; i++)
            Assert.Equal(declaration.Hyperparameters[i].Default ?? required[declaration.Hyperparameters[i].Name], opt.Values[i]);
    }

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Every_hyperparameter_is_a_parameter_with_its_aliases_and_its_declared_default_in_the_help_message(string name)
    {
        var declaration = Optimisers.Rules.Single(d => d.Name == name);
        var parameters = _ps.Single<CmdletInfo>("Get-Command New-Optimiser").Parameters.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var lines = _ps.Eval($$"""
            $p = (Get-Command New-Optimiser -ArgumentList {{name}}).Parameters.Values | Where-Object { $_.IsDynamic -and $_.ParameterType -eq [double] }
            foreach ($q in $p) { $q.Name + '|' + ($q.Aliases -join ',') + '|' + $q.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0].HelpMessage }
            """).Cast<string>().Select(l => l.Split('|')).ToDictionary(l => l[0], l => (Aliases: l[1], Help: l[2]));
        foreach (var h in declaration.Hyperparameters)
        {
            var natural = char.ToUpperInvariant(h.Name[0]) + h.Name[1..];
            var expected = parameters.Contains(natural) ? h.Aliases.First(a => !parameters.Contains(a)) : natural;
            Assert.True(lines.TryGetValue(expected, out var p), $"{name}: no -{expected} for {h.Name}");
            Assert.All(h.Aliases.Where(a => a != expected && !parameters.Contains(a)), a => Assert.Contains(a, p.Aliases.Split(',')));
            Assert.Contains(h.Range.ToString(), p.Help);
            Assert.Contains(h.Default is { } d ? "default " + F(d) : "required", p.Help);
        }
    }

    [Fact]
    public void Get_OptimiserRule_lists_the_registry_with_the_declared_hyperparameters()
    {
        var listed = _ps.Eval("Get-OptimiserRule").Cast<RuleDeclaration>().ToList();
        Assert.Equal(Optimisers.Rules, listed);
        var yogi = _ps.Single<RuleDeclaration>("Get-OptimiserRule yogi");
        Assert.Equal(["m", "v"], yogi.Slots.ToArray());
        var lines = _ps.Eval("(Get-OptimiserRule ADAM).Hyperparameters | ForEach-Object { '{0} {1} {2} {3}' -f $_.Name, $_.Symbol, $_.Default, $_.Range }").Cast<string>();
        Assert.Equal(["eta η 0.001 finite and 0 or more", "beta1 β1 0.9 in [0, 1)", "beta2 β2 0.999 in [0, 1)", "epsilon ϵ 1E-08 finite and greater than 0", "decay decay 0 finite and 0 or more"], lines);
    }

    [Fact]
    public void Get_OptimiserRule_filters_by_wildcard_pipes_and_reports_an_unknown_name()
    {
        Assert.Equal(["ClipNorm", "ClipValue"], _ps.Eval("Get-OptimiserRule clip* | ForEach-Object Name").Cast<string>());
        Assert.Equal(["ADAM", "Lion"], _ps.Eval("'adam', 'LION' | Get-OptimiserRule | ForEach-Object Name").Cast<string>());
        var built = _ps.Eval("Get-OptimiserRule | Where-Object { $_.Slots -contains 'v' -and $_.Name -clike 'ADAM*' } | ForEach-Object { New-Optimiser $_.Name }");
        Assert.Equal([Optimisers.ADAM(), Optimisers.ADAMW()], built.Cast<IOptimiser>());
        var error = _ps.Error("Get-OptimiserRule Adagrad2");
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("Yogi", error.Exception.Message);
    }

    // The help's prose, parameter descriptions and examples, as Get-Help gives them.
    private string HelpText(string cmdlet) => string.Join("\n", _ps.Eval($$"""
        $h = Get-Help {{cmdlet}} -Full
        $h.Synopsis
        $h.description | ForEach-Object Text
        $h.parameters.parameter | ForEach-Object { $_.description | ForEach-Object Text }
        $h.examples.example | ForEach-Object { $_.code; $_.remarks | ForEach-Object Text }
        """).Select(o => o?.ToString()));

    [Fact]
    public void The_help_of_New_Optimiser_points_to_Get_OptimiserRule_and_carries_no_list_of_its_own()
    {
        var text = HelpText("New-Optimiser");
        Assert.Contains("Get-OptimiserRule", text);
        // A help that carries its own list names most rules; the one here names a few as examples.
        var named = Optimisers.Rules.Count(d => System.Text.RegularExpressions.Regex.IsMatch(text, $@"\b{d.Name}\b"));
        Assert.True(named < Optimisers.Rules.Length / 2, $"New-Optimiser's help names {named} of {Optimisers.Rules.Length} rules");
        Assert.DoesNotContain("0.999", text);
        var rule = HelpText("Get-OptimiserRule");
        Assert.Contains("Hyperparameters", rule);
    }

    [Fact]
    public void Yogi_binds_its_hyperparameters_and_steps_like_the_library()
    {
        var expected = new Yogi(eta: 0.02, initial: 1e-4);
        Assert.Equal(expected, _ps.Single<IOptimiser>("New-Optimiser Yogi -LearningRate 0.02 -Initial 1e-4"));
        var ps = Params.Of(_w, _b);
        var (state, next) = expected.Step(expected.Init(ps), ps, _g);
        dynamic step = Assert.Single(_ps.Eval("Invoke-Optimiser (New-Optimiser Yogi -Eta 0.02 -Initial 1e-4) -Param $W, $b -Gradient $g"));
        Assert.Equal(next.Select(p => p.Value), ((Param[])step.Param).Select(p => p.Value));
        Assert.Equal(state.ToNode(), ((OptimiserState)step.State).ToNode());
    }

    [Fact]
    public void SignDecay_binds_lambda_and_composes_with_the_L2_decay_beside_it()
    {
        Assert.Equal(new SignDecay(0.01), _ps.Single<IOptimiser>("New-Optimiser SignDecay -Lambda 0.01"));
        var chain = _ps.Single<OptimiserChain>("New-Optimiser SignDecay -Lambda 0.01 -WeightDecay 0.1 -ExpDecay 0.5, 0.9");
        Assert.Equal(new IOptimiser[] { new WeightDecay(0.1), new SignDecay(0.01), new ExpDecay(0.5, 0.9) }, chain.Elements.ToArray());
    }

    [Fact]
    public void Type_completes_from_the_registry_and_the_hyperparameters_from_the_rule()
    {
        Assert.Equal(["Yogi"], Completions("", "New-Optimiser Yo"));
        Assert.Equal(["SignDecay", "ScheduleFreeSGD", "ScheduleFreeAdamW", "SGD"], Completions("", "New-Optimiser -Type S").Where(c => c.StartsWith("S", StringComparison.Ordinal)).Order().Reverse());
        Assert.Equal(Optimisers.Rules.Select(d => d.Name).Order(), Completions("", "New-Optimiser ").Order());
        Assert.Equal(["-Initial"], Completions("", "New-Optimiser Yogi -Ini"));
        Assert.Contains("-DecoupledWeightDecay", Completions("", "New-Optimiser Lion -Dec"));
        Assert.Equal(["beta1", "beta2"], Completions("", "New-Optimiser Yogi -Schedule $s -ScheduledParameter bet"));
    }

    [Fact]
    public void Set_OptimiserHyperparameter_Name_completes_from_the_optimiser_given()
    {
        Assert.Equal(["beta1", "beta2"], Completions("$opt = New-Optimiser Yogi", "Set-OptimiserHyperparameter -Optimiser $opt -Name be"));
        Assert.Equal(new Yogi().HyperparameterNames, Completions("$opt = New-Optimiser Yogi", "Set-OptimiserHyperparameter -Optimiser $opt -Name "));
        Assert.Equal(["beta1", "beta2", "eta", "gamma", "weightDecay"],
            Completions("$opt = New-Optimiser Lion -WeightDecay 0.1 -SkipNonFinite", "Set-OptimiserHyperparameter $opt -Name "));
    }

    [Theory]
    [InlineData("New-Optimiser ADAM -Eta -1", "eta")]
    [InlineData("New-Optimiser ClipValue", "delta")]
    [InlineData("New-Optimiser ADAM -Rho 0.9", "-Rho")]
    [InlineData("(New-Optimiser SGD) | New-Optimiser -Model (New-Chain (New-Dense 2 3 -Seed 1), (New-Dense 3 1 -Seed 2))", "2")]
    [InlineData("Set-OptimiserHyperparameter (New-Optimiser ADAM) -State (Invoke-Optimiser (New-Optimiser ADAM) -Param $W -Gradient $g).State -Name eta -Value -1", "eta")]
    public void Invalid_arguments_are_terminating_errors_so_no_null_flows_on(string command, string named)
    {
        // A non-terminating error would let 'reached' run with $o = $null; a terminating one goes to catch.
        var output = _ps.Eval($$"""
            try { $o = {{command}}; 'reached' } catch { 'caught: ' + $_.Exception.Message }
            """).Cast<string>();
        var line = Assert.Single(output);
        Assert.StartsWith("caught: ", line);
        Assert.Contains(named, line);
    }
}
