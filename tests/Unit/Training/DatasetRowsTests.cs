using System.Numerics;
using Xunit;

namespace Flux.Tests.Unit;

public sealed class DatasetRowsTests
{
    private static IReadOnlyDictionary<string, object?> Row(params (string Column, object? Value)[] fields) =>
        fields.ToDictionary(f => f.Column, f => f.Value);

    private static IReadOnlyDictionary<string, object?>[] Iris =>
    [
        Row(("sepal", "5.1"), ("petal", "1.4"), ("species", "setosa")),
        Row(("sepal", "7.0"), ("petal", "4.7"), ("species", "versicolor")),
        Row(("sepal", "4.9"), ("petal", "1.5"), ("species", "setosa")),
    ];

    [Fact]
    public void Classification_reads_the_other_columns_as_features_and_the_labels_as_one_hot_classes_in_first_seen_order()
    {
        var data = DatasetRows.Classification(Iris, "species");
        Assert.Equal(Tensor.FromArray([5.1, 1.4, 7.0, 4.7, 4.9, 1.5], 2, 3), data.Features);
        Assert.Equal(Tensor.FromArray([1, 0, 0, 1, 1, 0], 2, 3), data.Targets);
        Assert.Equal(["setosa", "versicolor"], data.Classes.ToArray());
        Assert.Equal(["sepal", "petal"], data.FeatureNames.ToArray());
    }

    [Fact]
    public void Classification_is_what_the_csv_loader_reads_from_the_same_table()
    {
        var lines = File.ReadAllLines(CsvTests.IrisPath);
        var header = lines[0].Split(',');
        var rows = lines[1..].Where(l => l.Length > 0)
            .Select(l => l.Split(','))
            .Select(fields => (IReadOnlyDictionary<string, object?>)Enumerable.Range(0, header.Length).ToDictionary(c => header[c], c => (object?)fields[c]))
            .ToArray();
        Assert.Equal(Csv.LoadClassification(CsvTests.IrisPath, "species"), DatasetRows.Classification(rows, "species"));
    }

    [Fact]
    public void Given_features_and_classes_fix_the_feature_and_target_rows()
    {
        var data = DatasetRows.Classification(Iris, "species", featureColumns: ["petal"], classes: ["virginica", "versicolor", "setosa"]);
        Assert.Equal(Tensor.FromArray([1.4, 4.7, 1.5], 1, 3), data.Features);
        Assert.Equal(["petal"], data.FeatureNames.ToArray());
        Assert.Equal(["virginica", "versicolor", "setosa"], data.Classes.ToArray());
        Assert.Equal([2, 1, 2], Labels.OneCold(data.Targets));
    }

    [Fact]
    public void Numeric_labels_are_classes_written_in_the_invariant_culture()
    {
        var data = DatasetRows.Classification([Row(("x", 1), ("y", 2)), Row(("x", 2), ("y", 0.5)), Row(("x", 3), ("y", "2"))], "y");
        Assert.Equal(["2", "0.5"], data.Classes.ToArray());
        Assert.Equal([0, 1, 0], Labels.OneCold(data.Targets));
    }

    [Fact]
    public void Regression_reads_numeric_targets_in_the_order_given()
    {
        var rows = new[] { Row(("x", 1), ("y", 3), ("z", -1)), Row(("x", 2), ("y", 5), ("z", -2)) };
        var data = DatasetRows.Regression(rows, ["z", "y"]);
        Assert.Equal(Tensor.FromArray([1, 2], 1, 2), data.Features);
        Assert.Equal(Tensor.Matrix(new[,] { { -1.0, -2.0 }, { 3.0, 5.0 } }), data.Targets);
        Assert.Equal(["x"], data.FeatureNames.ToArray());
        Assert.True(data.Classes.IsEmpty);
    }

    [Fact]
    public void Regression_with_given_features_ignores_the_other_columns()
    {
        var rows = Enumerable.Range(1, 4).Select(i => Row(("x", i), ("noise", "n/a"), ("y", 2 * i + 1))).ToArray();
        var data = DatasetRows.Regression(rows, ["y"], featureColumns: ["x"]);
        Assert.Equal(Tensor.FromArray([1, 2, 3, 4], 1, 4), data.Features);
        Assert.Equal(Tensor.FromArray([3, 5, 7, 9], 1, 4), data.Targets);
    }

    [Fact]
    public void Numbers_of_every_numeric_type_and_invariant_strings_are_read()
    {
        object?[] values =
        [
            (byte)1, (sbyte)-2, (short)3, (ushort)4, 5, 6u, 7L, 8UL, 9.5f, 10.25, 11.5m,
            (Half)12.5, (Int128)13, (UInt128)14, new BigInteger(15), (nint)16, (nuint)17, "1.8e1", " -19 ",
        ];
        var rows = values.Select(v => Row(("x", v), ("y", 0))).ToArray();
        var data = DatasetRows.Regression(rows, ["y"]);
        Assert.Equal([1, -2, 3, 4, 5, 6, 7, 8, 9.5, 10.25, 11.5, 12.5, 13, 14, 15, 16, 17, 18, -19], data.Features.ToArray());
    }

    [Fact]
    public void Columns_are_looked_up_as_the_rows_compare_names()
    {
        var rows = new[]
        {
            (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["A"] = 1, ["Label"] = "p" },
            new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["a"] = 2, ["label"] = "q" },
        };
        var data = DatasetRows.Classification(rows, "LABEL");
        Assert.Equal(["A"], data.FeatureNames.ToArray());
        Assert.Equal(Tensor.FromArray([1, 2], 1, 2), data.Features);
        var exact = new[] { Row(("y", 1), ("Y", 2), ("x", 3)) };
        Assert.Equal(["Y", "x"], DatasetRows.Regression(exact, ["y"]).FeatureNames.ToArray());
        Assert.Throws<ArgumentException>(() => DatasetRows.Regression(exact, ["X"]));
    }

    public static TheoryData<object?, string> BadNumbers => new()
    {
        { "abc", "row 2, column \"a\": \"abc\" is not a number." },
        { "", "row 2, column \"a\": the value is empty; expected a number." },
        { null, "row 2, column \"a\": the value is empty; expected a number." },
        { "NaN", "row 2, column \"a\": \"NaN\" is not a finite number." },
        { "1e999", "row 2, column \"a\": \"1e999\" is not a finite number." },
        { double.PositiveInfinity, "row 2, column \"a\": Infinity is not a finite number." },
        { float.NaN, "row 2, column \"a\": NaN is not a finite number." },
        { true, "row 2, column \"a\": a Boolean (True) is not a number." },
        { 'c', "row 2, column \"a\": a Char (c) is not a number." },
        { DayOfWeek.Monday, "row 2, column \"a\": a DayOfWeek (Monday) is not a number." },
    };

    [Theory]
    [MemberData(nameof(BadNumbers))]
    public void A_value_that_is_not_a_finite_number_names_the_row_the_column_and_the_value(object? value, string message)
    {
        var rows = new[] { Row(("a", "1"), ("label", "x")), Row(("a", value), ("label", "y")) };
        var e = Assert.Throws<DatasetFormatException>(() => DatasetRows.Classification(rows, "label"));
        Assert.Equal(message, e.Message);
        Assert.Equal(2, e.Row);
        Assert.Equal("a", e.ColumnName);
        Assert.Equal(value, e.Value);
        Assert.IsAssignableFrom<FormatException>(e);
    }

    [Fact]
    public void A_bad_regression_target_names_its_row_and_column()
    {
        var e = Assert.Throws<DatasetFormatException>(() => DatasetRows.Regression([Row(("x", 1), ("y", "high"))], ["y"]));
        Assert.Equal("row 1, column \"y\": \"high\" is not a number.", e.Message);
    }

    [Fact]
    public void A_row_without_a_column_names_the_row_and_its_columns()
    {
        var rows = new[] { Row(("a", 1), ("y", 2)), Row(("b", 1), ("y", 2)) };
        var e = Assert.Throws<DatasetFormatException>(() => DatasetRows.Regression(rows, ["y"]));
        Assert.Equal("row 2, column \"a\": the row has no such column; it has b, y.", e.Message);
        Assert.Null(e.Value);
    }

    [Fact]
    public void An_empty_label_or_one_outside_the_given_classes_names_the_row()
    {
        var empty = Assert.Throws<DatasetFormatException>(() => DatasetRows.Classification([Row(("a", 1), ("y", "p")), Row(("a", 1), ("y", ""))], "y"));
        Assert.Equal("row 2, column \"y\": the label is empty.", empty.Message);
        var missing = Assert.Throws<DatasetFormatException>(() => DatasetRows.Classification([Row(("a", 1), ("y", null))], "y"));
        Assert.Equal("row 1, column \"y\": the label is empty.", missing.Message);
        var stranger = Assert.Throws<DatasetFormatException>(() => DatasetRows.Classification([Row(("a", 1), ("y", "c"))], "y", classes: ["a", "b"]));
        Assert.Equal("row 1, column \"y\": the label \"c\" is not one of the classes a, b.", stranger.Message);
        Assert.Equal("c", stranger.Value);
    }

    [Fact]
    public void Bad_arguments_are_argument_exceptions_that_name_the_columns_of_row_1()
    {
        var rows = new[] { Row(("a", 1), ("y", 2)) };
        Assert.Equal("DatasetRows: there are no rows; expected one per sample. (Parameter 'rows')",
            Assert.Throws<ArgumentException>(() => DatasetRows.Regression([], ["y"])).Message);
        Assert.Equal("DatasetRows: there is no target column \"z\"; row 1 has the columns a, y. (Parameter 'labelColumn')",
            Assert.Throws<ArgumentException>(() => DatasetRows.Classification(rows, "z")).Message);
        Assert.Equal("DatasetRows: there is no feature column \"b\"; row 1 has the columns a, y. (Parameter 'featureColumns')",
            Assert.Throws<ArgumentException>(() => DatasetRows.Regression(rows, ["y"], ["b"])).Message);
        Assert.Equal("DatasetRows: there are no feature columns; row 1 has only a, y. (Parameter 'featureColumns')",
            Assert.Throws<ArgumentException>(() => DatasetRows.Regression(rows, ["a", "y"])).Message);
        Assert.Equal("DatasetRows: the target column \"y\" is named twice. (Parameter 'targetColumns')",
            Assert.Throws<ArgumentException>(() => DatasetRows.Regression(rows, ["y", "y"])).Message);
        Assert.Equal("DatasetRows: name at least one target column. (Parameter 'targetColumns')",
            Assert.Throws<ArgumentException>(() => DatasetRows.Regression(rows, [])).Message);
        Assert.Equal("DatasetRows: class \"p\" appears twice in the class list. (Parameter 'classes')",
            Assert.Throws<ArgumentException>(() => DatasetRows.Classification(rows, "y", classes: ["p", "p"])).Message);
        Assert.Equal("DatasetRows: row 2 is null. (Parameter 'rows')",
            Assert.Throws<ArgumentException>(() => DatasetRows.Regression([rows[0], null!], ["y"])).Message);
    }
}
