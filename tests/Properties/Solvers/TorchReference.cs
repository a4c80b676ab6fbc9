using System.Text.Json;

namespace Flux.Tests.Solvers;

/// <summary>
/// One case of <c>lbfgs_torch.json</c>, written by <c>benchmarks/peers/lbfgs_torch.py</c> from
/// <c>torch.optim.LBFGS(line_search_fn="strong_wolfe")</c> in float64: the problem, the settings,
/// and what PyTorch did (every point it evaluated, every iterate, the losses and the counts).
/// Regenerate with <c>/usr/bin/python3 benchmarks/peers/lbfgs_torch.py tests/Properties/Solvers/lbfgs_torch.json</c>.
/// </summary>
public sealed record TorchCase(
    string Name, string Problem, Params Start, Func<Params, Expr> Loss, LbfgsOptions Options,
    double[][] Iterates, double[] Losses, double[][] EvaluatedAt, double[] EvaluatedLosses, int Iterations, int Evaluations)
{
    public override string ToString() => Name;

    // Found from the repository root above the test binary (a CI build maps source paths to "/_/").
    private static string FilePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Flux.sln")))
                return Path.Combine(dir.FullName, "tests", "Properties", "Solvers", "lbfgs_torch.json");
        throw new InvalidOperationException("no Flux.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>Every case of the file, in its order.</summary>
    public static IReadOnlyList<TorchCase> All { get; } = Load();

    private static List<TorchCase> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(FilePath()));
        return [.. doc.RootElement.GetProperty("cases").EnumerateArray().Select(Parse)];
    }

    private static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    private static double[][] Rows(JsonElement e) => [.. e.EnumerateArray().Select(Doubles)];

    private static TorchCase Parse(JsonElement c)
    {
        var name = c.GetProperty("name").GetString()!;
        var problem = c.GetProperty("problem").GetString()!;
        var x0 = c.GetProperty("x0");
        var (start, loss) = problem switch
        {
            "rosenbrock" => Rosenbrock(Doubles(x0[0])[0], Doubles(x0[1])[0]),
            "logistic" => Logistic(Rows(x0[0])[0], Doubles(x0[1])[0], Rows(c.GetProperty("data").GetProperty("X")), Rows(c.GetProperty("data").GetProperty("y"))[0]),
            _ => throw new InvalidDataException($"lbfgs_torch.json: unknown problem {problem} in case {name}"),
        };
        var s = c.GetProperty("settings");
        var options = new LbfgsOptions
        {
            LearningRate = s.GetProperty("lr").GetDouble(),
            MaxIterations = s.GetProperty("max_iter").GetInt32(),
            MaxEvaluations = s.GetProperty("max_eval").GetInt32(),
            ToleranceGrad = s.GetProperty("tolerance_grad").GetDouble(),
            ToleranceChange = s.GetProperty("tolerance_change").GetDouble(),
            HistorySize = s.GetProperty("history_size").GetInt32(),
        };
        var evaluations = c.GetProperty("evaluations").EnumerateArray().ToList();
        return new TorchCase(name, problem, start, loss, options,
            Rows(c.GetProperty("iterates")), Doubles(c.GetProperty("losses")),
            [.. evaluations.Select(e => Doubles(e.GetProperty("x")))], [.. evaluations.Select(e => e.GetProperty("loss").GetDouble())],
            c.GetProperty("iterations").GetInt32(), c.GetProperty("func_evals").GetInt32());
    }

    /// <summary>(1 − a)² + 100 (b − a²)², a and b of one element each, as the peer script writes it.</summary>
    public static (Params, Func<Params, Expr>) Rosenbrock(double a0, double b0)
    {
        var a = new Param("a", Tensor.FromArray([a0], 1));
        var b = new Param("b", Tensor.FromArray([b0], 1));
        return (Params.Of(a, b), q => Ops.Sum(Ops.Square(1.0 - q[a])) + 100.0 * Ops.Sum(Ops.Square(q[b] - Ops.Square(q[a]))));
    }

    /// <summary>Logistic regression: logitbinarycrossentropy(w·X .+ b, y), w 1×d, b of one element, X d×n (rows as in the file).</summary>
    public static (Params, Func<Params, Expr>) Logistic(double[] w0, double b0, double[][] xRows, double[] y)
    {
        var (d, n) = (xRows.Length, xRows[0].Length);
        var columnMajor = new double[d * n];
        for (var i = 0; i < d; i++)
            for (var j = 0; j < n; j++) columnMajor[j * d + i] = xRows[i][j];
        var x = Tensor.FromArray(columnMajor, d, n);
        var targets = Tensor.FromArray(y, 1, n);
        var w = new Param("w", Tensor.FromArray(w0, 1, d));
        var b = new Param("b", Tensor.FromArray([b0], 1));
        return (Params.Of(w, b), q => Flux.Losses.LogitBinaryCrossEntropy(q[w] * x + q[b], targets));
    }
}
