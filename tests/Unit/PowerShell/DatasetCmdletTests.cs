using Xunit;
using System.Management.Automation;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>Import-Dataset, ConvertTo-Dataset, Split-Dataset and Measure-Accuracy.</summary>
public sealed class DatasetCmdletTests : IDisposable
{
    private readonly PowerShellSession _ps = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-dataset-").FullName;
    private static readonly string Iris = Path.Combine(PowerShellSession.RepositoryRoot, "examples", "data", "iris.csv");

    public void Dispose()
    {
        _ps.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ImportDataset_reads_a_classification_file_as_the_library_does()
    {
        var data = _ps.Set("path", Iris).Single<Dataset>("Import-Dataset -Path $path -Target species");
        Assert.Equal(Csv.LoadClassification(Iris, "species"), data);
        Assert.Equal<string>(["setosa", "versicolor", "virginica"], data.Classes);
    }

    [Fact]
    public void ImportDataset_resolves_a_relative_path_against_the_current_location_and_binds_paths_from_the_pipeline()
    {
        Write("xy.csv", "x,y\n1,3\n2,5\n");
        var data = _ps.Set("dir", _dir).Single<Dataset>("$null = $ExecutionContext.SessionState.Path.SetLocation($dir); 'xy.csv' | Import-Dataset -Target y -Regression");
        Assert.Equal(new Dataset(Tensor.FromArray([1, 2], 1, 2), Tensor.FromArray([3, 5], 1, 2), featureNames: ["x"]), data);
        var byProperty = _ps.Single<Dataset>("[pscustomobject]@{ FullName = \"$dir/xy.csv\" } | Import-Dataset -Target y -Regression");
        Assert.Equal(data, byProperty);
    }

    [Fact]
    public void ImportDataset_takes_the_class_order_given()
    {
        var data = _ps.Set("path", Iris).Single<Dataset>("Import-Dataset $path species -Class virginica, versicolor, setosa");
        Assert.Equal<string>(["virginica", "versicolor", "setosa"], data.Classes);
        Assert.Equal(1.0, data.Targets[2, 0]);
    }

    [Fact]
    public void ImportDataset_of_a_bad_number_names_the_file_line_and_column()
    {
        var path = Write("bad.csv", "a,b,label\n1,2,x\n3,oops,y\n");
        var error = _ps.Set("path", path).Error("Import-Dataset $path -Target label");
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(path, error.TargetObject);
        Assert.Contains("line 3, column 2 (\"b\")", error.Exception.Message);
        Assert.Contains("\"oops\" is not a number", error.Exception.Message);
    }

    [Fact]
    public void ImportDataset_of_a_missing_file_or_column_is_an_error()
    {
        var missing = _ps.Set("path", Path.Combine(_dir, "none.csv")).Error("Import-Dataset $path -Target y");
        Assert.Equal(ErrorCategory.ObjectNotFound, missing.CategoryInfo.Category);
        var column = _ps.Set("path", Iris).Error("Import-Dataset $path -Target colour");
        Assert.Equal(ErrorCategory.InvalidData, column.CategoryInfo.Category);
        Assert.Contains("no column \"colour\"", column.Exception.Message);
    }

    [Fact]
    public void ImportDataset_with_two_label_columns_asks_for_regression()
    {
        var error = _ps.Set("path", Iris).Error("Import-Dataset $path -Target species, petal_width");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("-Regression", error.Exception.Message);
    }

    [Fact]
    public void ConvertToDataset_reads_rows_as_ImportCsv_writes_them()
    {
        var data = _ps.Single<Dataset>("""
            $rows = @(
                [pscustomobject]@{ sepal = '5.1'; petal = '1.4'; species = 'setosa' }
                [pscustomobject]@{ sepal = '7.0'; petal = '4.7'; species = 'versicolor' }
                [pscustomobject]@{ sepal = '4.9'; petal = '1.5'; species = 'setosa' }
            )
            $rows | ConvertTo-Dataset -Target species
            """);
        Assert.Equal(Tensor.FromArray([5.1, 1.4, 7.0, 4.7, 4.9, 1.5], 2, 3), data.Features);
        Assert.Equal(Tensor.FromArray([1, 0, 0, 1, 1, 0], 2, 3), data.Targets);
        Assert.Equal<string>(["setosa", "versicolor"], data.Classes);
        Assert.Equal<string>(["sepal", "petal"], data.FeatureNames);
    }

    [Fact]
    public void ConvertToDataset_takes_numbers_hashtables_chosen_features_and_regression_targets()
    {
        var data = _ps.Single<Dataset>("1..4 | ForEach-Object { @{ x = $_; noise = 'n/a'; y = 2 * $_ + 1 } } | ConvertTo-Dataset -Target y -Feature x -Regression");
        Assert.Equal(Tensor.FromArray([1, 2, 3, 4], 1, 4), data.Features);
        Assert.Equal(Tensor.FromArray([3, 5, 7, 9], 1, 4), data.Targets);
        Assert.Empty(data.Classes);
    }

    [Fact]
    public void ConvertToDataset_matches_column_names_in_any_case_as_PowerShell_does()
    {
        var data = _ps.Single<Dataset>("[pscustomobject]@{ Size = '1'; Kind = 'a' }, [pscustomobject]@{ size = 2; kind = 'b' } | ConvertTo-Dataset -Target KIND");
        Assert.Equal(Tensor.FromArray([1, 2], 1, 2), data.Features);
        Assert.Equal<string>(["Size"], data.FeatureNames);
        Assert.Equal<string>(["a", "b"], data.Classes);
    }

    [Fact]
    public void ConvertToDataset_of_a_bad_value_names_the_row_and_column_with_the_row_as_target()
    {
        var error = _ps.Error("""
            [pscustomobject]@{ a = '1'; label = 'x' }, [pscustomobject]@{ a = 'abc'; label = 'y' } | ConvertTo-Dataset -Target label
            """);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal("abc", ((PSObject)error.TargetObject).Properties["a"].Value);
        Assert.Contains("row 2, column \"a\": \"abc\" is not a number", error.Exception.Message);
    }

    [Fact]
    public void ConvertToDataset_of_a_missing_column_or_target_is_an_error()
    {
        var row = _ps.Error("[pscustomobject]@{ a = 1; y = 2 }, [pscustomobject]@{ b = 1; y = 2 } | ConvertTo-Dataset -Target y -Regression");
        Assert.Contains("row 2, column \"a\"", row.Exception.Message);
        var target = _ps.Error("[pscustomobject]@{ a = 1 } | ConvertTo-Dataset -Target y");
        Assert.Equal(ErrorCategory.InvalidArgument, target.CategoryInfo.Category);
        Assert.Contains("no target column \"y\"", target.Exception.Message);
        Assert.Contains("not one of the classes", _ps.Error("[pscustomobject]@{ a = 1; y = 'c' } | ConvertTo-Dataset -Target y -Class a, b").Exception.Message);
    }

    [Fact]
    public void SplitDataset_holds_out_every_nth_sample_and_binds_from_the_pipeline()
    {
        var iris = Csv.LoadClassification(Iris, "species");
        var parts = _ps.Set("iris", iris).Eval("$iris | Split-Dataset -HoldOutEvery 5").Cast<Dataset>().ToList();
        var (train, test) = iris.Split(i => i % 5 == 4);
        Assert.Equal([train, test], parts);
        Assert.Equal((120, 30), (parts[0].Count, parts[1].Count));
        Assert.IsAssignableFrom<ParameterBindingException>(_ps.Error("Split-Dataset $iris -HoldOutEvery 1").Exception);
    }

    [Fact]
    public void MeasureAccuracy_is_the_library_metric_and_binds_datasets_from_the_pipeline()
    {
        var iris = Csv.LoadClassification(Iris, "species");
        var model = Layers.Chain(Layers.Dense(4, 3, seed: 1), Layers.Softmax);
        var accuracies = _ps.Set("iris", iris).Set("m", model).Eval("$iris, $iris | Measure-Accuracy -Model $m").Cast<double>();
        Assert.All(accuracies, a => Assert.Equal(Metrics.Accuracy(model, iris), a));
    }

    [Fact]
    public void MeasureAccuracy_of_a_model_with_the_wrong_outputs_names_both_shapes()
    {
        var iris = Csv.LoadClassification(Iris, "species");
        var error = _ps.Set("iris", iris).Set("m", Layers.Dense(4, 2, seed: 1)).Error("Measure-Accuracy $m $iris");
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Same(iris, error.TargetObject);
        Assert.Contains("(2, 150)", error.Exception.Message);
        Assert.Contains("(3, 150)", error.Exception.Message);
    }
}
