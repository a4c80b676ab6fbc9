using Xunit;
using System.Management.Automation;

namespace Flux.Tests.Unit.PowerShell;

public sealed class ScheduleCmdletTests : IDisposable
{
    private readonly PowerShellSession _ps = new();

    public void Dispose() => _ps.Dispose();

    private static readonly long[] Ts = [1, 2, 3, 5, 10, 11, 50, 100, 101, 1000];

    public static TheoryData<string, HyperparameterSchedule> Kinds() => new()
    {
        { "New-Schedule -Constant 0.1", Schedules.Constant(0.1) },
        { "New-Schedule -Step -Init 0.1 -Rate 0.5 -Every 10", Schedules.Step(0.1, 0.5, 10) },
        { "New-Schedule -Exponential -Init 0.1 -Rate 0.5 -Steps 10", Schedules.Exponential(0.1, 0.5, 10) },
        { "New-Schedule -Inverse -Init 0.1 -Decay 0.01", Schedules.Inverse(0.1, 0.01) },
        { "New-Schedule -Inverse -Init 0.1 -Decay 0.01 -Power 0.5", Schedules.Inverse(0.1, 0.01, 0.5) },
        { "New-Schedule -Polynomial -Init 0.1 -End 0.001 -Power 2 -Steps 100", Schedules.Polynomial(0.1, 0.001, 2, 100) },
        { "New-Schedule -Cosine -Init 0.1 -Steps 100", Schedules.Cosine(0.1, 100) },
        { "New-Schedule -Cosine -Init 0.1 -Steps 100 -Alpha 0.1", Schedules.Cosine(0.1, 100, 0.1) },
        { "New-Schedule -Linear -Init 0 -End 1 -Steps 10", Schedules.Linear(0, 1, 10) },
        { "New-Schedule -Warmup -Peak 0.1 -Steps 10", Schedules.Warmup(0.1, 10) },
        { "New-Schedule -WarmupCosine -Peak 0.1 -WarmupSteps 10 -DecaySteps 90 -End 0.001", Schedules.WarmupCosine(0.1, 10, 90, 0.001) },
        { "New-Schedule -Piecewise -Init 0.1 -Boundary 10, 50 -Scale 0.5, 0.1", Schedules.Piecewise(0.1, (10, 0.5), (50, 0.1)) },
        { "New-Schedule -Join (New-Schedule -Warmup -Peak 1 -Steps 10), (New-Schedule -Constant 0.5) -Boundary 10",
            Schedules.Join([Schedules.Warmup(1, 10), Schedules.Constant(0.5)], [10]) },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_is_the_library_schedule_with_its_values(string script, HyperparameterSchedule expected)
    {
        var schedule = _ps.Single<HyperparameterSchedule>(script);
        Assert.Equal(expected, schedule);
        Assert.Equal(Ts.Select(expected.At), Ts.Select(schedule.At));
    }

    [Fact]
    public void Values_follow_the_closed_forms()
    {
        var values = _ps.Eval("""
            $s = New-Schedule -Step -Init 0.1 -Rate 0.5 -Every 10
            1, 10, 11, 21 | ForEach-Object { $s.At($_) }
            """).Cast<double>();
        Assert.Equal([0.1, 0.1, 0.05, 0.025], values);
    }

    [Fact]
    public void A_join_binds_schedules_from_the_pipeline()
    {
        var schedule = _ps.Single<HyperparameterSchedule>("(New-Schedule -Constant 0.1), (New-Schedule -Step -Init 0.1 -Rate 0.5 -Every 10), (New-Schedule -Constant 0.01) | New-Schedule -Boundary 5, 25");
        Assert.Equal(Schedules.Join([Schedules.Constant(0.1), Schedules.Step(0.1, 0.5, 10), Schedules.Constant(0.01)], [5, 25]), schedule);
        Assert.Equal(0.05, schedule.At(16));
    }

    [Theory]
    [InlineData("New-Schedule -Cosine -Init 0.1 -Steps 0", "Steps")]
    [InlineData("New-Schedule -Cosine -Init 0.1 -Steps 10 -Alpha 2", "Alpha")]
    [InlineData("New-Schedule -Step -Init 0.1 -Rate -1 -Every 10", "Rate")]
    [InlineData("New-Schedule -Constant ([double]::NaN)", "value")]
    [InlineData("New-Schedule -WarmupCosine -Peak 0.1 -WarmupSteps 10 -DecaySteps 10 -End 0.2", "end")]
    [InlineData("New-Schedule -Piecewise -Init 0.1 -Boundary 10, 5 -Scale 0.5, 0.5", "increase")]
    [InlineData("New-Schedule -Piecewise -Init 0.1 -Boundary 10, 20 -Scale 0.5", "one -Scale per -Boundary")]
    [InlineData("(New-Schedule -Constant 1), (New-Schedule -Constant 2) | New-Schedule -Boundary 5, 10", "boundaries")]
    public void A_bad_value_is_an_error_naming_it(string script, string named)
    {
        var error = _ps.Error(script);
        Assert.Contains(named, error.Exception.Message + error.ErrorDetails?.Message);
        Assert.Single(_ps.Eval("New-Schedule -Constant 1"));   // the session goes on
    }

    [Fact]
    public void A_schedule_prints_its_closed_form_parameters()
    {
        var text = PowerShellSession.PrintedByTheRunner("New-Schedule -Cosine -Init 0.1 -Steps 100");
        Assert.Contains("Cosine(0.1, 100 steps, α = 0)", text);
    }
}
