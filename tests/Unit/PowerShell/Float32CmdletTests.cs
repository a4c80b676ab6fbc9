using System.Management.Automation;
using Xunit;
using static Flux.Tests.Unit.Data.IdxTests;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>The float32 surface of the module in the hosted engine: -Float32, ConvertTo-Float32/64, Import-Checkpoint -Convert.</summary>
public sealed class Float32CmdletTests : IDisposable
{
    private readonly PowerShellSession _ps = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-f32-cmdlet-").FullName;
    private static readonly string Iris = Flux.Tests.Unit.CsvTests.IrisPath;

    public void Dispose()
    {
        _ps.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("New-Tensor -Shape 2, 3 -Value 1, 2, 3, 4, 5, 0.1")]
    [InlineData("New-Tensor -Value 0.1, 0.2")]
    [InlineData("New-Tensor -Shape 2, 3 -Random -Seed 4")]
    [InlineData("New-Tensor -Shape 3 -Randn -Seed 4")]
    [InlineData("New-Tensor -Shape 2, 2 -Zeros")]
    [InlineData("New-Tensor -Shape 2 -Ones")]
    [InlineData("1..6 | New-Tensor -Shape 2, 3")]
    public void NewTensor_Float32_is_the_float64_tensor_rounded_once(string script)
    {
        var wide = _ps.Single<Tensor>(script);
        var narrow = _ps.Single<Tensor>(script + " -Float32");
        Assert.Equal(ElementType.Float64, wide.ElementType);
        Assert.Equal(ElementType.Float32, narrow.ElementType);
        Assert.Equal(wide.ToFloat32(), narrow);
    }

    [Fact]
    public void NewParam_keeps_its_tensors_type_and_makes_float32_from_a_shape()
    {
        Assert.Equal(ElementType.Float32, _ps.Single<Param>("New-Tensor -Shape 2 -Zeros -Float32 | New-Param -Name b").ElementType);
        Assert.Equal(ElementType.Float32, _ps.Single<Param>("New-Param -Name b -Value (New-Tensor -Shape 2 -Ones -Float32)").ElementType);
        Assert.Equal(ElementType.Float64, _ps.Single<Param>("New-Param -Name b -Value (New-Tensor -Shape 2 -Ones)").ElementType);
        var p = _ps.Single<Param>("New-Param -Name W -Shape 3, 4 -Init Randn -Seed 7 -Float32");
        Assert.Equal(Tensor.Randn(new Seed(7), 3, 4).ToFloat32(), p.Value);
    }

    [Fact]
    public void NewDense_Float32_is_the_librarys_float32_layer()
    {
        var dense = _ps.Single<Dense>("New-Dense 4 3 Tanh -Seed 5 -Float32");
        Assert.Equal(Layers.Dense(4, 3, Activation.Tanh, 5, ElementType.Float32).Params().Select(p => p.Value), dense.Params().Select(p => p.Value));
        Assert.All(dense.Params(), p => Assert.Equal(ElementType.Float32, p.ElementType));
        Assert.All(_ps.Single<Dense>("New-Dense 4 3 -Seed 5").Params(), p => Assert.Equal(ElementType.Float64, p.ElementType));
    }

    [Fact]
    public void ImportDataset_Float32_reads_every_format_as_the_library_does()
    {
        _ps.Set("iris", Iris);
        Assert.Equal(Csv.LoadClassification(Iris, "species", elementType: ElementType.Float32), _ps.Single<Dataset>("Import-Dataset $iris -Target species -Float32"));
        var numbers = Path.Combine(_dir, "numbers.csv");
        File.WriteAllText(numbers, "x,y\n0.1,2.5\n3,1e-3\n");
        _ps.Set("numbers", numbers);
        Assert.Equal(Csv.LoadRegression(numbers, ElementType.Float32, "y"), _ps.Single<Dataset>("Import-Dataset $numbers -Target y -Regression -Float32"));
        var images = WriteFile(_dir, "images.gz", IdxBytes([3, 2, 2], [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 255]), gzip: true);
        var labels = WriteFile(_dir, "labels", IdxBytes([3], [2, 0, 1]), gzip: false);
        var idx = _ps.Set("images", images).Set("labels", labels).Single<Dataset>("Import-Dataset $images -LabelPath $labels -First 2 -Float32");
        Assert.Equal(Idx.LoadClassification(images, labels, limit: 2, elementType: ElementType.Float32), idx);
        Assert.Equal(ElementType.Float32, idx.ElementType);
        Assert.Equal(ElementType.Float64, _ps.Single<Dataset>("Import-Dataset $iris -Target species").ElementType);
    }

    [Fact]
    public void ConvertToDataset_Float32_reads_rows_into_float32()
    {
        var data = _ps.Single<Dataset>("1..5 | ForEach-Object { [pscustomobject]@{ x = $_; y = 0.1 * $_ } } | ConvertTo-Dataset -Target y -Regression -Float32");
        var wide = _ps.Single<Dataset>("1..5 | ForEach-Object { [pscustomobject]@{ x = $_; y = 0.1 * $_ } } | ConvertTo-Dataset -Target y -Regression");
        Assert.Equal(wide.ToFloat32(), data);
        Assert.Equal(ElementType.Float32, data.Targets.ElementType);
    }

    [Fact]
    public void ConvertTo_converts_tensors_params_models_and_datasets_from_the_pipeline()
    {
        var t = _ps.Single<Tensor>("New-Tensor -Value 0.1, 0.2 | ConvertTo-Float32");
        Assert.Equal(Tensor.Vector(0.1, 0.2).ToFloat32(), t);
        Assert.Equal(t.ToFloat64(), _ps.Set("t", t).Single<Tensor>("$t | ConvertTo-Float64"));

        var p = _ps.Single<Param>("New-Param -Name W -Shape 2, 2 -Seed 1");
        var p32 = _ps.Set("p", p).Single<Param>("$p | ConvertTo-Float32");
        Assert.Equal((p.Id, p.Name, ElementType.Float32), (p32.Id, p32.Name, p32.ElementType));

        var chain = _ps.Single<Chain>("New-Chain (New-Dense 4 8 Relu -Seed 1), (New-Dense 8 3 -Seed 2), (New-Softmax) | ConvertTo-Float32");
        var library = Layers.Chain(Layers.Dense(4, 8, Activation.Relu, seed: 1), Layers.Dense(8, 3, seed: 2), Layers.Softmax).ToFloat32();
        Assert.Equal(library.Params().Select(q => q.Value), chain.Params().Select(q => q.Value));
        Assert.All(_ps.Set("c", chain).Single<Chain>("$c | ConvertTo-Float64").Params(), q => Assert.Equal(ElementType.Float64, q.ElementType));

        var data = _ps.Set("iris", Iris).Single<Dataset>("Import-Dataset $iris -Target species | ConvertTo-Float32");
        Assert.Equal(Csv.LoadClassification(Iris, "species").ToFloat32(), data);

        var several = _ps.Eval("(New-Tensor -Value 1), (New-Tensor -Value 2 -Float32) | ConvertTo-Float32");
        Assert.All(several, o => Assert.Equal(ElementType.Float32, ((Tensor)o).ElementType));
        Assert.Same(t, _ps.Single<Tensor>("$t | ConvertTo-Float32"));
    }

    [Fact]
    public void ConvertTo_something_else_is_an_error_naming_what_came_and_what_is_expected()
    {
        var (output, errors) = _ps.Run("'abc', (New-Tensor -Value 1) | ConvertTo-Float32");
        Assert.Single(output); // the tensor still comes through
        var e = Assert.Single(errors);
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.Contains("ConvertTo-Float32: a String (abc) cannot be converted to Float32", e.Exception.Message);
        Assert.Contains("pipe a Tensor, Param, model", e.Exception.Message);
    }

    [Fact]
    public void ImportCheckpoint_refuses_another_type_naming_the_fix_and_converts_with_Convert()
    {
        var path = Path.Combine(_dir, "run32.json");
        var saved = Layers.Chain(Layers.Dense(4, 3, seed: 1, elementType: ElementType.Float32));
        Checkpoints.Save(path, saved, null, 7);
        _ps.Set("path", path);
        var e = _ps.Error("Import-Checkpoint -Path $path -Model (New-Chain (New-Dense 4 3 -Seed 2))");
        Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
        Assert.Contains("is Float32 in the file but Float64 in the model", e.Exception.Message);
        Assert.Contains("Import-Checkpoint -Convert", e.Exception.Message);

        dynamic loaded = Assert.Single(_ps.Eval("Import-Checkpoint -Path $path -Model (New-Chain (New-Dense 4 3 -Seed 2)) -Convert"));
        var model = (IModel)loaded.Model;
        Assert.Equal(saved.Params().Select(p => p.Value.ToFloat64()), model.Params().Select(p => p.Value));
        dynamic same = Assert.Single(_ps.Eval("Import-Checkpoint -Path $path -Model (New-Chain (New-Dense 4 3 -Seed 2 -Float32))"));
        Assert.Equal(saved.Params().Select(p => p.Value), ((IModel)same.Model).Params().Select(p => p.Value));
    }

    [Fact]
    public void The_param_and_dataset_tables_show_the_element_type()
    {
        var printed = PowerShellSession.PrintedByTheRunner(
            $"New-Param -Name W -Shape 2, 2 -Seed 1 -Float32\nImport-Dataset '{Iris}' -Target species -Float32");
        Assert.Matches(@"Name\s+Shape\s+Type\s+Id\s+Value", printed);
        Assert.Matches(@"W\s+\(2, 2\)\s+Float32\s", printed);
        Assert.Matches(@"Classes\s+Type", printed);
        Assert.Matches(@"setosa, versicolor, virginica\s+Float32", printed);
    }
}
