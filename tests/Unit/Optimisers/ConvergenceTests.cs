using Xunit;

namespace Flux.Tests.Optimisation;

/// <summary>
/// Every rule and chain of <see cref="OptimiserTable"/> converges on a convex quadratic and on the
/// Rosenbrock function within the budget and tolerance its row states (see the table's remarks for
/// the problems and the tuning). Gradients are analytic, so only the optimiser is under test.
/// </summary>
public class ConvergenceTests
{
    private static readonly double[] QuadraticCurvature = [1, 10];

    private static double[] QuadraticGradient(double[] p) => [QuadraticCurvature[0] * p[0], QuadraticCurvature[1] * p[1]];

    private static double[] RosenbrockGradient(double[] p) =>
        [-2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] * p[0]), 200 * (p[1] - p[0] * p[0])];

    private static double DistanceAfter(Convergence c, Func<double[], double[]> gradient, double[] start, double[] optimum)
    {
        var ps = Params.Of(new Param("p", Tensor.Vector(start)));
        var state = c.Optimiser.Init(ps);
        for (var k = 0; k < c.Steps; k++)
        {
            var grads = Grads.Of((ps[0], Tensor.Vector(gradient(ps[0].Value.ToArray()))));
            (state, ps) = c.Optimiser.Step(state, ps, grads);
        }
        Assert.Equal(c.Steps, state.StepCount);
        var p = ps[0].Value.ToArray();
        return Math.Sqrt(p.Zip(optimum, (a, b) => (a - b) * (a - b)).Sum());
    }

    [Theory]
    [MemberData(nameof(OptimiserTable.WithQuadratic), MemberType = typeof(OptimiserTable))]
    public void ConvergesOnAConvexQuadratic(string name)
    {
        var c = OptimiserTable.Get(name).Quadratic!;
        var distance = DistanceAfter(c, QuadraticGradient, [1, 1], [0, 0]);
        Assert.True(distance <= c.Tolerance, $"{name}: after {c.Steps} steps the distance to the optimum is {distance:G3}, above {c.Tolerance:G3}.");
    }

    [Theory]
    [MemberData(nameof(OptimiserTable.WithRosenbrock), MemberType = typeof(OptimiserTable))]
    public void ConvergesOnRosenbrock(string name)
    {
        var c = OptimiserTable.Get(name).Rosenbrock!;
        var distance = DistanceAfter(c, RosenbrockGradient, [-1.2, 1], [1, 1]);
        Assert.True(distance <= c.Tolerance, $"{name}: after {c.Steps} steps the distance to (1, 1) is {distance:G3}, above {c.Tolerance:G3}.");
    }

    [Fact]
    public void EveryRuleOfTheReferenceHasBothConvergenceChecks()
    {
        string[] rules = ["SGD", "Momentum", "Nesterov", "RMSProp", "ADAM", "AdaMax", "ADAGrad", "ADADelta", "AMSGrad", "NADAM", "ADAMW"];
        foreach (var r in rules)
        {
            var row = OptimiserTable.Get(r);
            Assert.NotNull(row.Quadratic);
            Assert.NotNull(row.Rosenbrock);
        }
    }

    [Fact]
    public void TheSeedLoopWithSgdThenAdamReducesTheLoss()
    {
        // The seed's linear regression, with Gradient.Of and the library's optimisers.
        var W = new Param("W", Tensor.Rand(new Seed(1), 2, 5));
        var b = new Param("b", Tensor.Rand(new Seed(2), 2));
        Tensor x = Tensor.Rand(new Seed(3), 5), y = Tensor.Rand(new Seed(4), 2);
        var ps = Params.Of(W, b);
        Expr Loss() => Ops.Sum(Ops.Square(ps[0] * x + ps[1] - y));
        var initial = Loss().Value.ToScalar();

        foreach (var opt in new IOptimiser[] { Optimisers.SGD(eta: 0.1), Optimisers.ADAM() })
        {
            var state = opt.Init(ps);
            for (var step = 0; step < 100; step++)
                (state, ps) = opt.Step(state, ps, Gradient.Of(Loss, ps));
        }
        Assert.True(Loss().Value.ToScalar() < initial / 10);
    }
}
