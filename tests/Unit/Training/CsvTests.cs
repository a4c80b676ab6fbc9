using Xunit;

namespace Flux.Tests.Unit;

public sealed class CsvTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    internal static string IrisPath
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "examples", "data", "iris.csv");
                if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException("examples/data/iris.csv not found above " + AppContext.BaseDirectory);
        }
    }

    [Fact]
    public void Iris_loads_as_four_features_and_three_one_hot_classes()
    {
        var iris = Csv.LoadClassification(IrisPath, "species");
        Assert.Equal(150, iris.Count);
        Assert.Equal(Shape.Matrix(4, 150), iris.Features.Shape);
        Assert.Equal(Shape.Matrix(3, 150), iris.Targets.Shape);
        Assert.Equal(["setosa", "versicolor", "virginica"], iris.Classes.ToArray());
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width"], iris.FeatureNames.ToArray());
        Assert.Equal(Tensor.Vector(5.1, 3.5, 1.4, 0.2), Tensor.FromArray(iris.Features.ToArray()[..4], 4));
        Assert.Equal(Enumerable.Repeat(50.0, 3), Enumerable.Range(0, 3).Select(r => Enumerable.Range(0, 150).Sum(j => iris.Targets[r, j])));
    }

    [Fact]
    public void A_bad_value_names_the_file_line_and_column()
    {
        var path = Write("bad.csv", "a,b,label\n1,2,x\n3,oops,y\n");
        var e = Assert.Throws<CsvFormatException>(() => Csv.LoadClassification(path, "label"));
        Assert.Equal(path, e.Path);
        Assert.Equal(3, e.Line);
        Assert.Equal(2, e.Column);
        Assert.Equal("b", e.ColumnName);
        Assert.Contains(path, e.Message);
        Assert.Contains("line 3", e.Message);
        Assert.Contains("column 2 (\"b\")", e.Message);
        Assert.Contains("\"oops\"", e.Message);
    }

    [Theory]
    [InlineData("a,b,label\n1,2\n", 2, "2 fields")]
    [InlineData("a,b,label\n1,,x\n", 2, "empty")]
    [InlineData("a,b,label\n1,1e999,x\n", 2, "finite")]
    [InlineData("a,b,label\n1,2,\n", 2, "label is empty")]
    [InlineData("", 1, "empty")]
    [InlineData("a,b,label\n", 1, "no samples")]
    [InlineData("a,a,label\n1,2,x\n", 1, "twice")]
    [InlineData("a,b,label\n\n\n1,\"2,x\n", 4, "not closed")]
    public void Malformed_files_are_refused_with_the_line(string text, int line, string problem)
    {
        var path = Write("m.csv", text);
        var e = Assert.Throws<CsvFormatException>(() => Csv.LoadClassification(path, "label"));
        Assert.Equal(line, e.Line);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void A_missing_label_column_lists_the_columns()
    {
        var path = Write("m.csv", "a,b\n1,2\n");
        var e = Assert.Throws<CsvFormatException>(() => Csv.LoadClassification(path, "species"));
        Assert.Contains("no column \"species\"", e.Message);
        Assert.Contains("a, b", e.Message);
    }

    [Fact]
    public void Given_classes_fix_the_rows_and_refuse_strangers()
    {
        var path = Write("c.csv", "x,label\n1,b\n2,a\n");
        var d = Csv.LoadClassification(path, "label", ["a", "b", "c"]);
        Assert.Equal(["a", "b", "c"], d.Classes.ToArray());
        Assert.Equal([1, 0], Labels.OneCold(d.Targets));
        var e = Assert.Throws<CsvFormatException>(() => Csv.LoadClassification(path, "label", ["a"]));
        Assert.Equal(2, e.Line);
        Assert.Equal(2, e.Column);
    }

    [Fact]
    public void Quoted_fields_and_numeric_targets()
    {
        var path = Write("r.csv", "\"x, first\",y,\"z\"\n1.5,\"2\",-3e-1\n\n4,5,6\n");
        var d = Csv.LoadRegression(path, "z", "y");
        Assert.Equal(["x, first"], d.FeatureNames.ToArray());
        Assert.Equal(Tensor.Matrix(new[,] { { 1.5, 4.0 } }), d.Features);
        Assert.Equal(Tensor.Matrix(new[,] { { -0.3, 6.0 }, { 2.0, 5.0 } }), d.Targets);
        Assert.True(d.Classes.IsEmpty);
    }

    [Fact]
    public void A_missing_file_is_a_FileNotFoundException()
    {
        Assert.Throws<FileNotFoundException>(() => Csv.LoadClassification(Path.Combine(_dir, "nope.csv"), "label"));
    }
    [Fact]
    public void A_duplicate_header_among_200000_columns_is_found_without_a_quadratic_scan()
    {
        // The old check compared every header with every earlier one: about 2·10¹⁰ comparisons here
        // (minutes); a set of the headers seen so far does it in one pass.
        const int columns = 200_000;
        var header = string.Join(",", Enumerable.Range(1, columns - 1).Select(c => $"c{c}").Append("c7"));
        var path = Write("wide.csv", header + "\n" + string.Join(",", Enumerable.Repeat("1", columns)) + "\n");
        var e = Assert.Throws<CsvFormatException>(() => Csv.LoadRegression(path, "c1"));
        Assert.Equal(1, e.Line);
        Assert.Equal(columns, e.Column);
        Assert.Equal("c7", e.ColumnName);
        Assert.Contains("also the header of column 7", e.Message);
    }

    [Fact]
    public void A_file_of_200000_distinct_columns_loads()
    {
        const int columns = 200_000;
        var path = Write("wide.csv", string.Join(",", Enumerable.Range(1, columns).Select(c => $"c{c}")) + "\n"
                                     + string.Join(",", Enumerable.Range(1, columns)) + "\n");
        var d = Csv.LoadRegression(path, "c1");
        Assert.Equal(Shape.Matrix(columns - 1, 1), d.Features.Shape);
        Assert.Equal((double)columns, d.Features.Span[^1]);
    }

    private string WriteBytes(string name, params byte[][] parts)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, [.. parts.SelectMany(p => p)]);
        return path;
    }

    private static byte[] Ascii(string s) => System.Text.Encoding.ASCII.GetBytes(s);

    [Fact]
    public void Labels_that_are_not_UTF8_are_refused_naming_the_line_column_and_bytes()
    {
        // Valid UTF-8, with or without a byte order mark and with any line ending, keeps é and è apart.
        foreach (var bom in new[] { Array.Empty<byte>(), [0xEF, 0xBB, 0xBF] })
        {
            var valid = WriteBytes("u.csv", bom, System.Text.Encoding.UTF8.GetBytes("x,label\r1,café\r\n2,cafè\n3,café"));
            var d = Csv.LoadClassification(valid, "label");
            Assert.Equal(["café", "cafè"], d.Classes.ToArray());
            Assert.Equal(["x"], d.FeatureNames.ToArray());
            Assert.Equal([0, 1, 0], Labels.OneCold(d.Targets));
        }

        // caf\xE9 and caf\xE8 (Latin-1 é and è) both decoded to caf\uFFFD: two classes silently merged.
        var path = WriteBytes("latin1.csv", Ascii("x,label\n1,ok\n2,caf"), [0xE9], Ascii("\n3,caf"), [0xE8], Ascii("\n"));
        var e = Assert.Throws<CsvFormatException>(() => Csv.LoadClassification(path, "label"));
        Assert.Equal(path, e.Path);
        Assert.Equal(3, e.Line);
        Assert.Equal(2, e.Column);
        Assert.Equal("label", e.ColumnName);
        Assert.Contains("0xE9", e.Message);
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void Invalid_UTF8_in_the_header_or_after_a_quoted_comma_names_its_own_line_and_column()
    {
        var header = WriteBytes("h.csv", Ascii("a,b"), [0xFF], Ascii("\r\n1,2\r\n"));
        var e = Assert.Throws<CsvFormatException>(() => Csv.LoadRegression(header, "a"));
        Assert.Equal(1, e.Line);
        Assert.Equal(2, e.Column);
        Assert.Null(e.ColumnName); // the header itself could not be read
        Assert.Contains("0xFF", e.Message);

        var quoted = WriteBytes("q.csv", Ascii("x,label,y\n\n1,\"a,b\",2\n1,c,\""), [0xC3, 0x28], Ascii("\"\n"));
        var q = Assert.Throws<CsvFormatException>(() => Csv.LoadRegression(quoted, "y"));
        Assert.Equal(4, q.Line);
        Assert.Equal(3, q.Column);
        Assert.Equal("y", q.ColumnName);
        Assert.Contains("0xC3", q.Message);
    }
}
