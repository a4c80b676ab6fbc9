using Xunit;
using Xunit.Abstractions;

namespace Flux.Tests.Solvers;

/// <summary>
/// L-BFGS against PyTorch: for every case of <c>lbfgs_torch.json</c> (Rosenbrock and a logistic
/// regression, under several settings), the solver evaluates the loss at the same points in the same
/// order, reaches the same iterates with the same losses, and makes as many iterations and
/// evaluations, to 1e-10 relative (the ∞-norm of the difference over the ∞-norm of PyTorch's vector).
/// On Rosenbrock they agree bit for bit; on the logistic regression to about 1e-15, the rounding
/// of the loss's own arithmetic (matrix product, softplus, mean), not of the solver's.
/// </summary>
public class TorchReferenceTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-10;

    public static TheoryData<string> Cases() => [.. TorchCase.All.Select(c => c.Name)];

    private static TorchCase Case(string name) => TorchCase.All.Single(c => c.Name == name);

    private static double[] Flat(Params ps) => [.. ps.SelectMany(p => p.Value.ToArray())];

    /// <summary>‖a − b‖∞ / ‖b‖∞ (the absolute difference when b is 0).</summary>
    private static double RelativeDifference(double[] a, double[] b)
    {
        Assert.Equal(b.Length, a.Length);
        var (diff, scale) = (0.0, 0.0);
        for (var i = 0; i < a.Length; i++) (diff, scale) = (Math.Max(diff, Math.Abs(a[i] - b[i])), Math.Max(scale, Math.Abs(b[i])));
        return scale == 0 ? diff : diff / scale;
    }

    private static double RelativeDifference(double a, double b) => RelativeDifference([a], [b]);

    private sealed class Recorder : IProgress<MinimisationProgress>
    {
        public List<double[]> Iterates { get; } = [];
        public void Report(MinimisationProgress value) => Iterates.Add(Flat(value.Params));
    }

    private (MinimisationResult Result, List<double[]> Iterates, List<(double[] X, double Loss)> Evaluations) Run(TorchCase c)
    {
        var evaluations = new List<(double[] X, double Loss)>();
        Expr Recording(Params q)
        {
            var loss = c.Loss(q);
            evaluations.Add((Flat(q), loss.Value[0]));
            return loss;
        }
        var recorder = new Recorder();
        var result = LBFGS.Minimise(Recording, c.Start, c.Options, recorder);
        return (result, recorder.Iterates, evaluations);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_evaluated_point_and_its_loss_equal_PyTorchs(string name)
    {
        var c = Case(name);
        var (_, _, evaluations) = Run(c);
        Assert.Equal(c.EvaluatedAt.Length, evaluations.Count);
        var worstPoint = evaluations.Select((e, k) => RelativeDifference(e.X, c.EvaluatedAt[k])).Max();
        var worstLoss = evaluations.Select((e, k) => RelativeDifference(e.Loss, c.EvaluatedLosses[k])).Max();
        output.WriteLine($"{name}: {evaluations.Count} evaluations; max relative difference of the points {worstPoint:E2}, of the losses {worstLoss:E2}");
        Assert.True(worstPoint <= Tolerance, $"{name}: an evaluated point differs from PyTorch's by {worstPoint:E2} relative");
        Assert.True(worstLoss <= Tolerance, $"{name}: a loss differs from PyTorch's by {worstLoss:E2} relative");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Iterates_losses_and_counts_equal_PyTorchs(string name)
    {
        var c = Case(name);
        var (result, iterates, _) = Run(c);
        Assert.Equal(c.Iterates.Length, result.Iterations);
        Assert.Equal(c.Iterates.Length, iterates.Count);
        Assert.Equal(c.Evaluations, result.Evaluations);
        // PyTorch's n_iter also counts a last iteration that found no descent direction and took no step.
        Assert.Equal(c.Iterations, result.Iterations + (result.Stop == MinimisationStop.NoDescentDirection ? 1 : 0));
        var worstIterate = iterates.Select((x, k) => RelativeDifference(x, c.Iterates[k])).DefaultIfEmpty(0).Max();
        var worstLoss = result.Losses.Select((f, k) => RelativeDifference(f, c.Losses[k])).Max();
        output.WriteLine($"{name}: {result.Iterations} iterations, {result.Evaluations} evaluations, {result.Stop}; max relative difference of the iterates {worstIterate:E2}, of the losses {worstLoss:E2}");
        Assert.True(worstIterate <= Tolerance, $"{name}: an iterate differs from PyTorch's by {worstIterate:E2} relative");
        Assert.True(worstLoss <= Tolerance, $"{name}: a loss differs from PyTorch's by {worstLoss:E2} relative");
        Assert.Equal(c.Losses.Length, result.Losses.Length);
        Assert.Equal(iterates[^1], Flat(result.Params));
    }

    [Fact]
    public void The_file_holds_both_problems_and_every_case_moved()
    {
        Assert.Contains(TorchCase.All, c => c.Problem == "rosenbrock");
        Assert.Contains(TorchCase.All, c => c.Problem == "logistic");
        Assert.All(TorchCase.All, c => Assert.True(c.Iterates.Length >= 5, $"{c.Name}: {c.Iterates.Length} iterates"));
    }
}
