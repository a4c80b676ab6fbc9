using System.Diagnostics.Contracts;
using System.Globalization;

namespace Flux;

/// <summary>
/// The settings of <see cref="LBFGS.Minimise(Func{Params, Expr}, Params, LbfgsOptions?, IProgress{MinimisationProgress}?, CancellationToken)"/>,
/// named after and defaulting as <c>torch.optim.LBFGS(lr=1, max_iter=20, max_eval=max_iter*5//4,
/// tolerance_grad=1e-7, tolerance_change=1e-9, history_size=100, line_search_fn="strong_wolfe")</c>,
/// whose <c>_strong_wolfe</c> uses c1 = 1e-4, c2 = 0.9, at most 25 evaluations and a bracket
/// tolerance of 1e-9. One call of <c>Minimise</c> is one call of PyTorch's <c>step(closure)</c>.
/// </summary>
/// <remarks>
/// Every setting is declared once in <see cref="Declarations"/> (name, PyTorch's name as its symbol,
/// default, range, meaning); <see cref="Validated"/> and the <c>Invoke-Minimisation</c> cmdlet's
/// parameters read it. The line search accepts a step t along the direction d when it satisfies the
/// strong Wolfe conditions with <c>0 &lt; c1 &lt; c2 &lt; 1</c>:
/// <c>f(x + t·d) ≤ f(x) + c1·t·∇f(x)ᵀd</c> (sufficient decrease, Armijo) and
/// <c>|∇f(x + t·d)ᵀd| ≤ c2·|∇f(x)ᵀd|</c> (curvature).
/// </remarks>
public sealed record LbfgsOptions
{
    private const string Solver = "LBFGS";

    private static readonly HyperparameterRange OpenUnit = new(0, true, 1, true);
    private static readonly HyperparameterRange WholeCount = new(1, false, int.MaxValue, false, Whole: true);

    /// <summary>Each setting once: its name here and in the cmdlet, PyTorch's name as the symbol, its default, its range and its meaning.</summary>
    public static ImmutableArray<Hyperparameter> Declarations { get; } =
    [
        new(nameof(LearningRate), "lr", 1, HyperparameterRange.Positive, "the first step every line search tries after the first iteration", "lr"),
        new(nameof(MaxIterations), "max_iter", 20, WholeCount, "the most iterations of one call"),
        new(nameof(MaxEvaluations), "max_eval", null, WholeCount, "the loss evaluations after which the solver stops (MaxIterations*5/4 when not given)"),
        new(nameof(ToleranceGrad), "tolerance_grad", 1e-7, HyperparameterRange.NonNegative, "the largest gradient element at which the solver stops"),
        new(nameof(ToleranceChange), "tolerance_change", 1e-9, HyperparameterRange.NonNegative, "the change of loss or step below which the solver stops"),
        new(nameof(HistorySize), "history_size", 100, WholeCount, "the most curvature pairs kept"),
        new(nameof(C1), "c1", 1e-4, OpenUnit, "the sufficient-decrease constant of the strong Wolfe conditions"),
        new(nameof(C2), "c2", 0.9, OpenUnit, "the curvature constant of the strong Wolfe conditions"),
        new(nameof(MaxLineSearch), "max_ls", 25, WholeCount, "the most loss evaluations of one line search"),
        new(nameof(LineSearchTolerance), "tolerance_change of _strong_wolfe", 1e-9, HyperparameterRange.NonNegative, "the bracket width (times max |d|) below which the line search stops"),
    ];

    /// <summary>PyTorch's defaults.</summary>
    public static LbfgsOptions Default { get; } = new();

    /// <summary>η (<c>lr</c>): the first step tried by every line search after the first iteration (the first tries min(1, 1/‖g₀‖₁)·η).</summary>
    public double LearningRate { get; init; } = DefaultOf(nameof(LearningRate));

    /// <summary><c>max_iter</c>: the most iterations (line searches) of one call.</summary>
    public int MaxIterations { get; init; } = (int)DefaultOf(nameof(MaxIterations));

    /// <summary><c>max_eval</c>: stop once the loss has been evaluated this often (checked after each iteration); null for <c>MaxIterations·5/4</c> rounded down.</summary>
    public int? MaxEvaluations { get; init; }

    /// <summary><c>tolerance_grad</c>: stop when <c>maxᵢ |∇f(x)ᵢ| ≤</c> this (first-order optimality).</summary>
    public double ToleranceGrad { get; init; } = DefaultOf(nameof(ToleranceGrad));

    /// <summary><c>tolerance_change</c>: stop when the loss or the step changes less than this, or the direction is not one of descent by more than this.</summary>
    public double ToleranceChange { get; init; } = DefaultOf(nameof(ToleranceChange));

    /// <summary><c>history_size</c>: the most curvature pairs (s, y) kept.</summary>
    public int HistorySize { get; init; } = (int)DefaultOf(nameof(HistorySize));

    /// <summary>c1, the sufficient-decrease constant of the strong Wolfe conditions.</summary>
    public double C1 { get; init; } = DefaultOf(nameof(C1));

    /// <summary>c2, the curvature constant of the strong Wolfe conditions.</summary>
    public double C2 { get; init; } = DefaultOf(nameof(C2));

    /// <summary><c>max_ls</c>: the most loss evaluations of one line search.</summary>
    public int MaxLineSearch { get; init; } = (int)DefaultOf(nameof(MaxLineSearch));

    /// <summary>The line search's <c>tolerance_change</c>: it stops zooming once <c>|t_high − t_low|·maxᵢ|dᵢ|</c> is below this.</summary>
    public double LineSearchTolerance { get; init; } = DefaultOf(nameof(LineSearchTolerance));

    /// <summary>The evaluation limit in force: <see cref="MaxEvaluations"/>, or <c>MaxIterations·5/4</c> rounded down.</summary>
    public int EvaluationLimit => MaxEvaluations ?? (int)Math.Min(int.MaxValue, MaxIterations * 5L / 4);

    /// <summary>The declaration of the setting called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="KeyNotFoundException">No setting has that name; the message lists them.</exception>
    [Pure]
    public static Hyperparameter Declaration(string name) =>
        Declarations.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"{Solver}: no setting named \"{name}\"; the settings are {string.Join(", ", Declarations.Select(h => h.Name))}.");

    /// <summary>These options when every setting is in its declared range and c1 &lt; c2.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it, the range and the value.</exception>
    [Pure]
    public LbfgsOptions Validated()
    {
        Check(nameof(LearningRate), LearningRate);
        Check(nameof(MaxIterations), MaxIterations);
        if (MaxEvaluations is { } maxEval) Check(nameof(MaxEvaluations), maxEval);
        Check(nameof(ToleranceGrad), ToleranceGrad);
        Check(nameof(ToleranceChange), ToleranceChange);
        Check(nameof(HistorySize), HistorySize);
        Check(nameof(C1), C1);
        Check(nameof(C2), C2);
        Check(nameof(MaxLineSearch), MaxLineSearch);
        Check(nameof(LineSearchTolerance), LineSearchTolerance);
        // Both Wolfe conditions can hold at once only when c1 < c2 (Nocedal & Wright, Lemma 3.1).
        if (!(C1 < C2))
            throw new ArgumentOutOfRangeException(nameof(C1), C1,
                $"{Solver}: C1 must be less than C2 (0 < c1 < c2 < 1); got C1 = {F(C1)} and C2 = {F(C2)}.");
        return this;
    }

    // The declared default; the declarations come first in the file, so they exist when Default is built.
    private static double DefaultOf(string name) => Declaration(name).Default!.Value;

    private static void Check(string name, double value) => Declaration(name).Validate(Solver, value);

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Every setting as <c>Name=value</c>.</summary>
    public override string ToString() =>
        $"LbfgsOptions(LearningRate={F(LearningRate)}, MaxIterations={MaxIterations}, MaxEvaluations={EvaluationLimit}, ToleranceGrad={F(ToleranceGrad)}, "
        + $"ToleranceChange={F(ToleranceChange)}, HistorySize={HistorySize}, C1={F(C1)}, C2={F(C2)}, MaxLineSearch={MaxLineSearch}, LineSearchTolerance={F(LineSearchTolerance)})";
}
