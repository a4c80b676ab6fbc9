using System.Reflection;
using Xunit;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>
/// The object model a PowerShell user expects: a chain is one object, a parameter has Expr's fluent
/// methods, and an invalid argument stops the statement instead of handing <c>$null</c> on.
/// </summary>
public sealed class ObjectModelTests : IDisposable
{
    private readonly PowerShellSession _ps = new();

    public void Dispose() => _ps.Dispose();

    private const string Chain = "New-Chain (New-Dense 4 3 -Seed 1), (New-Dense 3 3 -Seed 2), (New-Softmax)";

    [Fact]
    public void A_chain_stays_one_object_through_the_pipeline()
    {
        Assert.Equal(1, _ps.Eval($"$m = {Chain}; ($m | Measure-Object).Count").Single());
        Assert.Equal(1, _ps.Eval($"({Chain} | ForEach-Object {{ $_ }} | Measure-Object).Count").Single());
        Assert.Equal(3, _ps.Eval($"$m = {Chain}; $m.Count").Single());
        Assert.Equal("Dense(3 => 3)", _ps.Eval($"$m = {Chain}; $m[1].ToString()").Single());
        Assert.Equal(3, _ps.Eval($"$m = {Chain}; ($m.Layers | Measure-Object).Count").Single());
    }

    [Fact]
    public void A_chain_returned_from_a_function_is_a_chain_that_cmdlets_take()
    {
        _ps.Set("iris", Path.Combine(PowerShellSession.RepositoryRoot, "examples", "data", "iris.csv"));
        Assert.Equal("Chain", _ps.Eval($"function New-Model {{ $m = {Chain}; $m }}; (New-Model).GetType().Name").Single());
        Assert.Equal("Chain", _ps.Eval($"function New-Model {{ $m = {Chain}; return $m }}; (New-Model).GetType().Name").Single());
        var accuracy = _ps.Eval($"function New-Model {{ $m = {Chain}; $m }}; Measure-Accuracy -Model (New-Model) -Data (Import-Dataset -Path $iris -Target species)").Single();
        Assert.InRange((double)accuracy, 0.0, 1.0);
    }

    [Fact]
    public void A_models_parameters_have_paths_for_lookup_in_the_pipeline_and_by_index()
    {
        Assert.Equal(["layers[0].W", "layers[0].b", "layers[1].W", "layers[1].b"],
            _ps.Eval($"$m = {Chain}; Get-Param $m | ForEach-Object Path").Select(o => o.ToString()));
        Assert.Equal("(3, 3)", _ps.Eval($"$m = {Chain}; (Get-Param $m -Path 'layers[1].W').Shape.ToString()").Single().ToString());
        Assert.Equal("(3, 3)", _ps.Eval($"$m = {Chain}; $m.Params()['layers[1].W'].Shape.ToString()").Single().ToString());
        var missing = _ps.Error($"$m = {Chain}; Get-Param $m -Path 'layers[7].W'");
        Assert.Contains("layers[1].b", missing.Exception.Message);
        Assert.Equal("ParamPathNotFound", missing.FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public void A_param_has_the_fluent_methods_of_an_expression()
    {
        var g = _ps.Single<Grads>("""
            $W = New-Param -Name W -Value (New-Tensor -Shape 2 -Value 1, -3)
            Get-Gradient -Loss { $W.Square().Sum() } -Param $W
            """);
        Assert.Equal([2.0, -6.0], g.Single().Value.ToArray());
        Assert.Equal(4.0, _ps.Eval("(New-Param -Name b -Value (New-Tensor -Shape 2 -Value 1, 3)).Mean().Value.ToScalar() * 2").Single());
    }

    [Fact]
    public void Param_declares_every_fluent_method_of_Expr()
    {
        static IEnumerable<string> Fluent(Type t) => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.ReturnType == typeof(Expr) && !m.IsSpecialName)
            .Select(m => $"{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})");
        Assert.Empty(Fluent(typeof(Expr)).Except(Fluent(typeof(Param))));
    }

    [Theory]
    [InlineData("New-Optimiser ADAM -Eta -1")]
    [InlineData("New-Optimiser ADAM -Epsilon -1")]
    [InlineData("New-Tensor -Shape 2, 3 -Value 1")]
    [InlineData("New-Schedule -Piecewise -Init 0.1 -Boundary 10, 20 -Scale 0.5")]
    [InlineData("Set-OptimiserHyperparameter $o -State $st -Name gamma -Value 1")]
    [InlineData("Import-Dataset -Path $iris -Target species, petal_width")]
    [InlineData("Invoke-Training -Model (New-Dense 4 3 -Seed 1) -Optimiser $o -Loss Nope -Data (Import-Dataset -Path $iris -Target species)")]
    public void An_invalid_argument_is_a_terminating_error_that_catch_sees(string command)
    {
        _ps.Set("iris", Path.Combine(PowerShellSession.RepositoryRoot, "examples", "data", "iris.csv"));
        var output = _ps.Eval($$"""
            $o = New-Optimiser ADAM; $st = $o.Init([Flux.Params]::Of([Flux.Param[]] @(New-Param -Name W -Value (New-Tensor -Shape 1 -Value 1))))
            try { $x = {{command}}; "went on with $x" } catch { "caught: $($_.FullyQualifiedErrorId)" }
            """);
        Assert.StartsWith("caught: ", (string)Assert.Single(output));
    }

    private IEnumerable<string> Complete(string input) =>
        _ps.Eval($"(TabExpansion2 -inputScript '{input.Replace("'", "''")}' -cursorColumn {input.Length}).CompletionMatches | ForEach-Object CompletionText").Cast<string>();

    [Fact]
    public void Invoke_Training_completes_the_loss_names()
    {
        Assert.Equal(["CrossEntropy"], Complete("Invoke-Training -Loss Cr"));
        Assert.Contains("Mse", Complete("Invoke-Training -Loss "));
    }

    [Fact]
    public void Import_Dataset_completes_the_columns_of_its_file()
    {
        var iris = Path.Combine(PowerShellSession.RepositoryRoot, "examples", "data", "iris.csv");
        Assert.Equal(["species"], Complete($"Import-Dataset -Path '{iris}' -Target sp"));
        Assert.Equal(["sepal_length", "sepal_width"], Complete($"Import-Dataset -Path '{iris}' -Target se"));
        _ps.Eval($"Set-Location -LiteralPath '{Path.GetDirectoryName(iris)}'");
        Assert.Equal(["petal_length", "petal_width"], Complete("Import-Dataset iris.csv -Target pe"));
        Assert.Empty(Complete("Import-Dataset -Path missing.csv -Target pe"));
    }

    [Fact]
    public void Set_OptimiserHyperparameter_completes_the_names_of_the_optimiser_given()
    {
        _ps.Eval("$opt = New-Optimiser ADAM; $sgd = New-Optimiser SGD");
        Assert.Equal(["beta1", "beta2"], Complete("Set-OptimiserHyperparameter -Optimiser $opt -Name be"));
        Assert.Equal(["decay", "eta"], Complete("Set-OptimiserHyperparameter $sgd -Name "));
        Assert.Empty(Complete("Set-OptimiserHyperparameter -Name be"));
    }
}
