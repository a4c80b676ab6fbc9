using Xunit;

namespace Flux.Tests.Unit.Solvers;

/// <summary>The settings of L-BFGS: PyTorch's defaults, and a refusal naming the setting, its range and the value for anything out of range.</summary>
public class LbfgsOptionsTests
{
    private static readonly Param X = new("x", Tensor.FromArray([1.0, 2.0], 2));

    private static Expr Loss(Params q) => Ops.Sum(Ops.Square(q[X]));

    [Fact]
    public void The_defaults_are_PyTorchs()
    {
        var o = LbfgsOptions.Default;
        Assert.Equal((1.0, 20, 1e-7, 1e-9, 100), (o.LearningRate, o.MaxIterations, o.ToleranceGrad, o.ToleranceChange, o.HistorySize));
        Assert.Equal((1e-4, 0.9, 25, 1e-9), (o.C1, o.C2, o.MaxLineSearch, o.LineSearchTolerance));
        Assert.Null(o.MaxEvaluations);
        Assert.Equal(25, o.EvaluationLimit);
        Assert.Same(o, o.Validated());
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(7, 8)]
    [InlineData(1, 1)]
    public void The_evaluation_limit_defaults_to_five_quarters_of_the_iterations_rounded_down(int maxIterations, int limit)
    {
        Assert.Equal(limit, new LbfgsOptions { MaxIterations = maxIterations }.EvaluationLimit);
        Assert.Equal(4, new LbfgsOptions { MaxIterations = maxIterations, MaxEvaluations = 4 }.EvaluationLimit);
    }

    public static TheoryData<string, LbfgsOptions, string, string> OutOfRange() => new()
    {
        { "LearningRate", new LbfgsOptions { LearningRate = 0 }, "finite and greater than 0", "got 0" },
        { "LearningRate", new LbfgsOptions { LearningRate = double.NaN }, "finite and greater than 0", "got NaN" },
        { "MaxIterations", new LbfgsOptions { MaxIterations = 0 }, "a whole number, 1 or more", "got 0" },
        { "MaxEvaluations", new LbfgsOptions { MaxEvaluations = -3 }, "a whole number, 1 or more", "got -3" },
        { "ToleranceGrad", new LbfgsOptions { ToleranceGrad = -1e-7 }, "finite and 0 or more", "got -1E-07" },
        { "ToleranceChange", new LbfgsOptions { ToleranceChange = double.PositiveInfinity }, "finite and 0 or more", "got Infinity" },
        { "HistorySize", new LbfgsOptions { HistorySize = 0 }, "a whole number, 1 or more", "got 0" },
        { "C1", new LbfgsOptions { C1 = 0 }, "in (0, 1)", "got 0" },
        { "C2", new LbfgsOptions { C2 = 1 }, "in (0, 1)", "got 1" },
        { "MaxLineSearch", new LbfgsOptions { MaxLineSearch = 0 }, "a whole number, 1 or more", "got 0" },
        { "LineSearchTolerance", new LbfgsOptions { LineSearchTolerance = -1 }, "finite and 0 or more", "got -1" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void A_setting_out_of_range_is_refused_naming_it_its_range_and_the_value(string name, LbfgsOptions options, string range, string value)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LBFGS.Minimise(Loss, Params.Of(X), options));
        Assert.Equal(name, e.ParamName);
        Assert.StartsWith($"LBFGS: {name} must be {range}; {value}.", e.Message);
    }

    [Theory]
    [InlineData(0.5, 0.5)]
    [InlineData(0.9, 0.1)]
    public void C1_must_be_below_C2(double c1, double c2)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LbfgsOptions { C1 = c1, C2 = c2 }.Validated());
        Assert.Contains("C1 must be less than C2", e.Message);
        Assert.Contains($"C1 = {c1}", e.Message);
        Assert.Contains($"C2 = {c2}", e.Message);
    }

    [Fact]
    public void Every_setting_is_declared_once_with_its_PyTorch_name_and_default()
    {
        var o = LbfgsOptions.Default;
        var names = LbfgsOptions.Declarations.Select(h => h.Name).ToArray();
        Assert.Equal(typeof(LbfgsOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).Order(), names.Order());
        foreach (var h in LbfgsOptions.Declarations.Where(h => h.Default is not null))
            Assert.Equal(h.Default!.Value, Convert.ToDouble(typeof(LbfgsOptions).GetProperty(h.Name)!.GetValue(o)));
        Assert.Equal("max_iter", LbfgsOptions.Declaration("maxiterations").Symbol);
        Assert.Contains("HistorySize", Assert.Throws<KeyNotFoundException>(() => LbfgsOptions.Declaration("momentum")).Message);
    }
}
