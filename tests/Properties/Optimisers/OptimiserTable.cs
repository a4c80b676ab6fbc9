using Xunit;
using static Flux.Optimisers;

namespace Flux.Tests.Optimisation;

/// <summary>How a rule is expected to converge: the optimiser (hyperparameters tuned per rule, stated here), the step budget and the tolerance on the distance to the optimum after exactly that many steps.</summary>
public sealed record Convergence(IOptimiser Optimiser, int Steps, double Tolerance);

/// <summary>
/// A row of the table: a name, the optimiser the laws run on, and its convergence settings (null for
/// building blocks that are not optimisers on their own). <c>Exempt</c> names the one law of
/// <see cref="OptimiserLaws"/> that does not apply by design (AccumGrad with n ≥ 2 does not move on
/// its first step, so <see cref="OptimiserLaws.FirstStepDirection"/> cannot hold).
/// </summary>
public sealed record OptimiserCase(string Name, IOptimiser Optimiser, Convergence? Quadratic, Convergence? Rosenbrock, string? Exempt = null)
{
    /// <summary>
    /// True when the step of one element depends on the others (a global norm), so the step of n
    /// elements is not the step of each element alone.
    /// </summary>
    public bool Coupled { get; init; }

    /// <summary>True when every law of the report holds but the exempt one.</summary>
    public bool Holds(LawReport report) => report.Results.All(r => r.Holds || r.Law == Exempt);

    public override string ToString() => Name;
}

/// <summary>
/// THE table: every rule of OPTIMISERS.md, every building block, and several chains. Shared by the
/// unit tests (convergence) and the property tests (laws, equivalences), which index it by name.
/// </summary>
/// <remarks>
/// Convergence problems: the quadratic <c>f(p) = (p₁² + 10 p₂²)/2</c> from (1, 1), optimum (0, 0);
/// Rosenbrock <c>f(x, y) = (1-x)² + 100 (y-x²)²</c> from (-1.2, 1), optimum (1, 1). The tolerance
/// is on the Euclidean distance to the optimum after exactly <c>Steps</c> steps. Tuning, honestly:
/// the Flux defaults serve where they converge in a reasonable budget; elsewhere η is raised (ADAM
/// family to 0.01–0.02, ADAGrad to 0.5) or lowered (SGD, Momentum and Nesterov on Rosenbrock to
/// 1e-3, where 0.1 and 0.01 diverge). RMSProp with a constant η ends in a cycle of amplitude ~η, so
/// its quadratic tolerance is 2e-3. ADADelta has no learning rate to anneal and hovers about 1e-2
/// from the optimum (0.05 on Rosenbrock); its tolerances are 1e-2 and 0.1, with the Flux defaults.
/// The toolkit's rules: RAdam's first five steps are unadapted momentum steps of size η*g, so on
/// Rosenbrock (gradients of ~200 at the start) η = 0.01 diverges and 1e-3 is used; OAdam (β2 = 0.9)
/// needs η = 1e-3 to settle within 1e-3 on the quadratic; Lion's steps have constant size η, so it
/// ends in a cycle of amplitude ~η (quadratic tolerance 2e-3) and is not run on Rosenbrock;
/// AdamWTorch's weight decay moves Rosenbrock's optimum off (1, 1), so it runs on the quadratic only.
/// Yogi (η = 0.01) needs 20,000 steps to settle within 1e-2 on Rosenbrock; SignDecay moves the optimum by λ, so its chain runs on the quadratic with λ = 1e-6.
/// Muon gives the one vector parameter of these problems to its fallback, so its rows have no convergence settings here;
/// MuonProperties checks that it converges on a matrix problem. Lookahead (k = 5, α = 0.5) advances about half as fast as its inner rule, so it gets η = 0.02 and twice ADAM's budget on the quadratic;
/// its synchronisation steps back toward the slow weights, which raises the loss above the last fast point by design, so the descent law is exempt for it.
/// The schedule-free rules (η = 0.1 for SGD, 0.01 for AdamW) run on the quadratic only: on Rosenbrock's curved valley their
/// average moves at the pace of an average (ScheduleFreeAdamW with η = 0.02 is still 0.05 away after 5,000 steps).
/// </remarks>
public static class OptimiserTable
{
    private static Convergence Q(IOptimiser o, int steps, double tol = 1e-3) => new(o, steps, tol);
    private static Convergence R(IOptimiser o, int steps, double tol = 1e-2) => new(o, steps, tol);

    public static IReadOnlyList<OptimiserCase> All { get; } =
    [
        // The rules, at their Flux defaults for the laws.
        new("SGD", SGD(), Q(SGD(), 500), R(SGD(eta: 1e-3), 20_000)),
        new("Momentum", Momentum(), Q(Momentum(), 500), R(Momentum(eta: 1e-3), 5_000)),
        new("Nesterov", Nesterov(), Q(Nesterov(), 500), R(Nesterov(eta: 1e-3), 5_000)),
        new("RMSProp", RMSProp(), Q(RMSProp(), 2_000, 2e-3), R(RMSProp(), 20_000)),
        new("ADAM", ADAM(), Q(ADAM(eta: 0.01), 2_000), R(ADAM(eta: 0.01), 5_000)),
        new("AdaMax", AdaMax(), Q(AdaMax(eta: 0.02), 2_000), R(AdaMax(eta: 0.02), 5_000)),
        new("ADAGrad", ADAGrad(), Q(ADAGrad(eta: 0.5), 500), R(ADAGrad(eta: 0.5), 20_000)),
        new("ADADelta", ADADelta(), Q(ADADelta(), 2_000, 1e-2), R(ADADelta(), 5_000, 0.1)),
        new("AMSGrad", AMSGrad(), Q(AMSGrad(eta: 0.02), 2_000), R(AMSGrad(eta: 0.02), 20_000)),
        new("NADAM", NADAM(), Q(NADAM(eta: 0.01), 2_000), R(NADAM(eta: 0.01), 5_000)),
        new("ADAMW", ADAMW(decay: 1e-4), Q(ADAMW(eta: 0.01), 2_000), R(ADAMW(eta: 0.01), 5_000)),

        // Rules with inverse decay.
        new("SGD decay", SGD(decay: 0.01), null, null),
        new("Momentum decay", Momentum(decay: 0.01), null, null),
        new("ADAM decay", ADAM(decay: 0.1), null, null),
        new("ADADelta decay", ADADelta(decay: 0.1), null, null),

        // Building blocks on their own.
        new("WeightDecay", WeightDecay(1e-4), null, null),
        new("ClipValue", ClipValue(0.5), null, null),
        new("ClipNorm", ClipNorm(1), null, null) { Coupled = true },
        new("InvDecay", InvDecay(0.01), null, null),
        new("ExpDecay", ExpDecay(), null, null),
        new("SignDecay", new SignDecay(), null, null),

        // Chains.
        new("Chain(ClipNorm, ADAM)", Chain(ClipNorm(1), ADAM(eta: 0.01)), Q(Chain(ClipNorm(1), ADAM(eta: 0.01)), 2_000), R(Chain(ClipNorm(1), ADAM(eta: 0.01)), 5_000)) { Coupled = true },
        new("Chain(WeightDecay, Momentum)", Chain(WeightDecay(1e-4), Momentum(eta: 1e-3)),
            Q(Chain(WeightDecay(1e-4), Momentum(eta: 1e-3)), 2_000), R(Chain(WeightDecay(1e-4), Momentum(eta: 1e-3)), 5_000)),
        new("Chain(ClipValue, SGD)", Chain(ClipValue(1), SGD(eta: 1e-3)), Q(Chain(ClipValue(1), SGD(eta: 1e-3)), 10_000), R(Chain(ClipValue(1), SGD(eta: 1e-3)), 20_000)),
        new("Chain(ADAM, ExpDecay)", Chain(ADAM(eta: 0.01), ExpDecay(eta: 1, decay: 0.5, decayStep: 1000, clip: 0.1)),
            Q(Chain(ADAM(eta: 0.01), ExpDecay(eta: 1, decay: 0.5, decayStep: 1000, clip: 0.1)), 2_000),
            R(Chain(ADAM(eta: 0.01), ExpDecay(eta: 1, decay: 0.5, decayStep: 1000, clip: 0.1)), 20_000)),
        new("Chain(ADAM, InvDecay)", Chain(ADAM(eta: 0.01), InvDecay(1e-3)), Q(Chain(ADAM(eta: 0.01), InvDecay(1e-3)), 2_000), R(Chain(ADAM(eta: 0.01), InvDecay(1e-3)), 20_000)),
        new("Chain(Chain(ClipNorm, WeightDecay), NADAM)", Chain(Chain(ClipNorm(10), WeightDecay(0)), NADAM(eta: 0.01)),
            Q(Chain(Chain(ClipNorm(10), WeightDecay(0)), NADAM(eta: 0.01)), 2_000), R(Chain(Chain(ClipNorm(10), WeightDecay(0)), NADAM(eta: 0.01)), 5_000)) { Coupled = true },
        new("Chain(InvDecay, SGD)", Chain(InvDecay(1e-5), SGD(eta: 1e-3)), Q(Chain(InvDecay(1e-5), SGD(eta: 1e-3)), 10_000), R(Chain(InvDecay(1e-5), SGD(eta: 1e-3)), 20_000)),

        // The toolkit's rules, at their defaults for the laws (Optax / Optimisers.jl defaults).
        new("RAdam", RAdam(), Q(RAdam(eta: 0.01), 2_000), R(RAdam(eta: 1e-3), 20_000)),
        new("AdaBelief", AdaBelief(), Q(AdaBelief(eta: 0.01), 2_000), R(AdaBelief(eta: 0.01), 5_000)),
        new("OAdam", OAdam(), Q(OAdam(eta: 1e-3), 5_000), R(OAdam(eta: 1e-3), 20_000)),
        new("Rprop", Rprop(), Q(Rprop(), 500), R(Rprop(), 5_000)),
        new("Lion", Lion(), Q(Lion(), 2_000, 2e-3), null),
        new("Lion decay", Lion(weightDecay: 0.1), null, null),
        new("AdamWTorch", AdamWTorch(), Q(AdamWTorch(eta: 0.01), 2_000), null),
        new("Yogi", new Yogi(), Q(new Yogi(eta: 0.01), 2_000), R(new Yogi(eta: 0.01), 20_000)),
        new("Chain(SignDecay, SGD)", Chain(new SignDecay(1e-4), SGD(eta: 0.01)), Q(Chain(new SignDecay(1e-6), SGD()), 500), null),

        // The toolkit's wrappers.
        new("Partition(bias: SGD, rest: ADAM)", Partition(ParamLabels.ByName(n => n == "b" ? "bias" : "rest"), ("bias", SGD(eta: 0.01)), ("rest", ADAM(eta: 0.01))),
            Q(Partition(ParamLabels.ByName(_ => "all"), ("all", ADAM(eta: 0.01))), 2_000), null),
        // Freezes nothing: the rows step parameters of every test, and a freeze refuses a list holding none of its
        // parameters (issue 10, item 5). Freezing real parameters is checked with OptimiserLaws.Check(opt, ps).
        new("Freeze(ADAM)", Freeze(ADAM(), Params.Empty), null, null),
        new("Scheduled(ADAM, eta: WarmupCosine)", Scheduled(ADAM(), "eta", Schedules.WarmupCosine(peak: 0.01, warmupSteps: 2, decaySteps: 100)),
            Q(Scheduled(ADAM(), "eta", Schedules.WarmupCosine(peak: 0.02, warmupSteps: 100, decaySteps: 1_900, end: 1e-4)), 2_000), null),
        new("Scheduled(Momentum, rho: Linear)", Scheduled(Momentum(), "rho", Schedules.Linear(0.5, 0.9, 10)), null, null),
        new("AccumGrad(ADAM, 2)", AccumGrad(ADAM(), 2), Q(AccumGrad(ADAM(eta: 0.01), 2), 4_000), null, OptimiserLaws.FirstStepDirection),
        new("AccumGrad(Momentum, 1)", AccumGrad(Momentum(), 1), null, null),
        new("FiniteOnly(ADAM)", FiniteOnly(ADAM()), Q(FiniteOnly(ADAM(eta: 0.01)), 2_000), null),
        new("FiniteOnly(Chain(ClipNorm, Lion))", FiniteOnly(Chain(ClipNorm(1), Lion())), null, null) { Coupled = true },

        // Issue 16: Muon (matrices orthogonalised, so coupled, and its first step need not follow each element's sign),
        // Lookahead (its synchronisation steps back, so the descent law is exempt) and parameter averaging.
        new("Muon", Muon(), null, null, OptimiserLaws.FirstStepDirection) { Coupled = true },
        new("Muon(plain momentum, weight decay)", Muon(eta: 0.01, mu: 0.9, weightDecay: 0.1, nesterov: false, steps: 3, fallback: SGD(eta: 0.01)), null, null, OptimiserLaws.FirstStepDirection) { Coupled = true },
        new("Lookahead(ADAM, 2, 0.5)", Lookahead(ADAM(), 2, 0.5), Q(Lookahead(ADAM(eta: 0.02), 5, 0.5), 4_000), R(Lookahead(ADAM(eta: 0.02), 5, 0.5), 10_000), OptimiserLaws.Descent),
        new("Lookahead(Momentum, 3, 0.8)", Lookahead(Momentum(), 3, 0.8), null, null, OptimiserLaws.Descent),
        new("EMA(ADAM, 0.9)", EMA(ADAM(), 0.9), Q(EMA(ADAM(eta: 0.01)), 2_000), null),
        new("EMA(Momentum, 0.5, no debias)", EMA(Momentum(), 0.5, debias: false), null, null),
        new("SWA(ADAM, 3, 2)", SWA(ADAM(), 3, 2), Q(SWA(ADAM(eta: 0.01), 500, 10), 2_000), null),
        new("SWA(Momentum)", SWA(Momentum()), null, null),

        // Issue 16: schedule-free SGD and AdamW (Optax's defaults for the laws). With a warm-up the first step of z has
        // η = 0 (Optax's count), so nothing moves on it and the first-step law is exempt for those rows.
        new("ScheduleFreeSGD", new ScheduleFreeSGD(), Q(new ScheduleFreeSGD(eta: 0.1), 2_000), null),
        new("ScheduleFreeSGD(warm-up, weight decay)", new ScheduleFreeSGD(eta: 0.1, warmupSteps: 3, beta1: 0.5, weightDecay: 1e-3), null, null, OptimiserLaws.FirstStepDirection),
        new("ScheduleFreeAdamW", new ScheduleFreeAdamW(), Q(new ScheduleFreeAdamW(eta: 0.01), 2_000), null),
        new("ScheduleFreeAdamW(warm-up, weight decay, r = 1)", new ScheduleFreeAdamW(eta: 0.01, warmupSteps: 4, weightDecay: 0.01, weightLrPower: 1), null, null, OptimiserLaws.FirstStepDirection),

        // Issue 16: reduce-on-plateau as the last chain element. The laws and the trajectories step without losses (no
        // Observe), so its factor stays 1 there; ReduceOnPlateauProperties drives it with losses.
        new("Chain(ADAM, ReduceOnPlateau)", Chain(ADAM(), ReduceOnPlateau(patience: 2)), Q(Chain(ADAM(eta: 0.01), ReduceOnPlateau()), 2_000), null),
    ];

    private static readonly Dictionary<string, OptimiserCase> ByName = All.ToDictionary(c => c.Name);

    public static OptimiserCase Get(string name) => ByName[name];

    /// <summary>Every row's name, for <c>[MemberData]</c> (names serialise, so each row is its own test case).</summary>
    public static TheoryData<string> Names => [.. All.Select(c => c.Name)];

    public static TheoryData<string> WithQuadratic => [.. All.Where(c => c.Quadratic is not null).Select(c => c.Name)];

    public static TheoryData<string> WithRosenbrock => [.. All.Where(c => c.Rosenbrock is not null).Select(c => c.Name)];

    /// <summary>The toolkit's six rules at given hyperparameters (ϵ, where a rule has it; Rprop's η as its initial step).</summary>
    public static IEnumerable<IOptimiser> NewRules(double eta, double beta1, double beta2, double epsilon) =>
    [
        RAdam(eta, beta1, beta2, epsilon), AdaBelief(eta, beta1, beta2, epsilon), OAdam(eta, beta1, beta2, epsilon),
        Rprop(eta), Lion(eta, beta1, beta2), AdamWTorch(eta, beta1, beta2, epsilon),
    ];

    /// <summary>The eleven rules of OPTIMISERS.md, each at given hyperparameters (for equivalence properties).</summary>
    public static IEnumerable<IOptimiser> Rules(double eta, double rho, double beta1, double beta2, double epsilon, double decay) =>
    [
        SGD(eta, decay), Momentum(eta, rho, decay), Nesterov(eta, rho, decay), RMSProp(eta, rho, epsilon, decay),
        ADAM(eta, beta1, beta2, epsilon, decay), AdaMax(eta, beta1, beta2, epsilon, decay), ADAGrad(eta, epsilon, decay),
        ADADelta(rho, epsilon, decay), AMSGrad(eta, beta1, beta2, epsilon, decay), NADAM(eta, beta1, beta2, epsilon, decay),
        ADAMW(eta, beta1, beta2, epsilon, decay),
    ];
}
