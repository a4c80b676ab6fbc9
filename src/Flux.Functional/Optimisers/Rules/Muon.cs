using System.Diagnostics.Contracts;
using System.Globalization;

namespace Flux;

/// <summary>
/// <c>Muon</c>: momentum orthogonalised by a Newton–Schulz iteration (Jordan et al. 2024; Optax's
/// <c>contrib.muon</c>, <c>torch.optim.Muon</c>). Each matrix parameter <c>p</c> (rank 2, <c>r×c</c>):
/// <code>
/// m' = μ*m + g                                   m starts at 0
/// u  = nesterov ? g + μ*m' : m'                  (nesterov by default)
/// X₀ = u / (‖u‖_F + ϵ),  transposed when r &gt; c  (so X has no more rows than columns)
/// X_{k+1} = a*X_k + (b*A_k + c*A_k²)*X_k,   A_k = X_k*X_kᵀ,   k = 0 … steps-1   (steps = 5)
/// (a, b, c) = (3.4445, -4.7750, 2.0315)
/// O  = X_steps, transposed back
/// Δ  = η*sqrt(max(1, r/c))*O + η*λ*p
/// p' = p - Δ
/// </code>
/// Every other parameter (vectors such as biases, scalars, tensors of other ranks) is stepped by
/// the fallback optimiser, <c>ADAMW(eta: η)</c> unless another is given, as in Optax.
/// </summary>
/// <remarks>
/// <para><c>O</c> is close to the orthogonal factor <c>U*Vᵀ</c> of <c>u = U*Σ*Vᵀ</c>: the quintic
/// iteration acts on each singular value σ of <c>X₀</c> (all in (0, 1] after the normalisation) by
/// <c>σ ↦ a*σ + b*σ³ + c*σ⁵</c>, leaving the singular vectors alone; five steps take every σ of at
/// least 0.02 into [0.68, 1.14], trading exactness for speed as the reference does, so
/// <c>O*Oᵀ ≈ I</c> only loosely (on the side with fewer rows). A zero <c>u</c> gives <c>O = 0</c>.</para>
/// <para>Conventions. The momentum is the plain sum of the reference implementation; Optax and
/// PyTorch keep <c>(1-μ)</c> times it (<c>m' = μ*m + (1-μ)*g</c>, Nesterov <c>(1-μ)*g + μ*m'</c>),
/// which scales <c>u</c> by <c>(1-μ)</c> and so, after the normalisation, changes only how ϵ
/// weighs. The factor <c>sqrt(max(1, r/c))</c> is PyTorch's <c>"original"</c> learning-rate
/// adjustment: for a <see cref="Dense"/> weight (outputs × inputs) it is
/// <c>sqrt(max(1, outputs/inputs))</c>, the same ratio Optax takes from its (inputs × outputs)
/// weights. The weight decay λ is decoupled and scaled by η, as in both (<c>p*(1 - η*λ)</c>).</para>
/// <para>Hyperparameters: <c>η == eta</c> (0.02), <c>μ == mu</c> (0.95), <c>ϵ == epsilon</c>
/// (1e-8), <c>λ == weightDecay</c> (0); <c>nesterov</c> and <c>steps</c> are fixed at
/// construction. <see cref="Adjust"/> gives each change to Muon and to the fallback wherever the
/// name exists, so <c>eta</c> (and a schedule of it) moves both, as Optax's single learning rate does.</para>
/// <para>Not elementwise: the step of one element of a matrix depends on the whole matrix. State:
/// <see cref="MuonState"/> (the momentum <c>m</c> of each matrix and the fallback's state).</para>
/// </remarks>
public sealed record Muon : IFusedOptimiser
{
    /// <summary>The Newton–Schulz coefficients (a, b, c) of the reference implementation.</summary>
    public static (double A, double B, double C) Coefficients { get; } = (3.4445, -4.7750, 2.0315);

    /// <summary>The name and hyperparameters (with defaults and ranges) of Muon's own step.</summary>
    public static RuleDeclaration Declared { get; } = new("Muon", "momentum orthogonalised by Newton–Schulz for matrices; a fallback rule for the rest", ["m"],
        Hyperparameter.Eta(0.02), new("mu", "μ", 0.95, HyperparameterRange.UnitInterval, "the decay of the momentum", "Momentum"),
        new("epsilon", "ϵ", 1e-8, HyperparameterRange.Positive, "added to the Frobenius norm before the update is divided by it"),
        new("weightDecay", "λ", 0, HyperparameterRange.NonNegative, "decoupled weight decay of the matrices, scaled by η", "DecoupledWeightDecay", "Lambda"));

    /// <summary>Muon with the given hyperparameters (each one left out takes its declared default) and fallback.</summary>
    /// <param name="eta">η, the learning rate (0.02).</param>
    /// <param name="mu">μ, the momentum (0.95).</param>
    /// <param name="epsilon">ϵ, added to the Frobenius norm (1e-8).</param>
    /// <param name="weightDecay">λ, decoupled weight decay of the matrices (0).</param>
    /// <param name="nesterov">Whether the update is <c>g + μ*m'</c> (true) or <c>m'</c>.</param>
    /// <param name="steps">The Newton–Schulz iterations (5), 1 or more.</param>
    /// <param name="fallback">The optimiser of every parameter that is not a matrix; <c>ADAMW(eta: η)</c> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter or <paramref name="steps"/> is out of range.</exception>
    public Muon(double? eta = null, double? mu = null, double? epsilon = null, double? weightDecay = null, bool nesterov = true, int steps = 5, IOptimiser? fallback = null)
    {
        Values = Declared.Complete([eta, mu, epsilon, weightDecay]);
        Nesterov = nesterov;
        Steps = (int)Checks.AtLeastOne("Muon", nameof(steps), steps);
        Fallback = fallback ?? new ADAMW(eta: Values[0]);
    }

    /// <summary>η, μ, ϵ and λ, in the order of <see cref="Declared"/>.</summary>
    public ImmutableArray<double> Values { get; private init; }

    /// <summary>η, the learning rate.</summary>
    public double Eta => Values[0];

    /// <summary>μ, the momentum.</summary>
    public double Mu => Values[1];

    /// <summary>ϵ, added to the Frobenius norm.</summary>
    public double Epsilon => Values[2];

    /// <summary>λ, the decoupled weight decay of the matrices.</summary>
    public double WeightDecay => Values[3];

    /// <summary>Whether the momentum is Nesterov's (<c>u = g + μ*m'</c>).</summary>
    public bool Nesterov { get; }

    /// <summary>The number of Newton–Schulz iterations.</summary>
    public int Steps { get; }

    /// <summary>The optimiser of the parameters that are not matrices.</summary>
    public IOptimiser Fallback { get; private init; }

    /// <summary>
    /// The quintic Newton–Schulz orthogonalisation of a matrix, <c>O</c> of the formula above:
    /// <paramref name="u"/> divided by <c>‖u‖_F + ϵ</c>, iterated <paramref name="steps"/> times
    /// on the side with fewer rows. A pure function of its input.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="u"/> is not a matrix.</exception>
    [Pure]
    public static Tensor Orthogonalise(Tensor u, double epsilon = 1e-8, int steps = 5)
    {
        ArgumentNullException.ThrowIfNull(u);
        if (u.Rank != 2) throw new ArgumentException($"Muon.Orthogonalise: a matrix is needed; got shape {u.Shape}.", nameof(u));
        var (a, b, c) = Coefficients;
        var tall = u.Shape.Rows > u.Shape.Cols;
        var x = (tall ? u.Transpose() : u) / (u.Norm() + epsilon);
        var n = x.Shape.Rows;
        for (var k = 0; k < steps; k++)
        {
            var gram = Kernels.MatrixProduct.Multiply(x, false, x, true, Shape.Matrix(n, n));
            x = a * x + (b * gram + c * (gram * gram)) * x;
        }
        return tall ? x.Transpose() : x;
    }

    /// <inheritdoc/>
    [Pure]
    public OptimiserState Init(Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        var momenta = ImmutableDictionary.CreateBuilder<ParamId, Tensor>();
        foreach (var p in ps.Where(IsMatrix)) momenta.Add(p.Id, p.Value.ZerosLike());
        return new MuonState(0, momenta.ToImmutable(), Fallback.Init(Params.Of(ps.Where(p => !IsMatrix(p)))));
    }

    /// <inheritdoc/>
    [Pure]
    public (OptimiserState State, Grads Delta) Update(OptimiserState state, Params ps, Grads grads) => Apply(state, ps, grads, Emit.Delta);

    (OptimiserState State, Grads Out) IFusedOptimiser.Apply(OptimiserState state, Params ps, Grads grads, Emit emit) => Apply(state, ps, grads, emit);

    private (OptimiserState State, Grads Out) Apply(OptimiserState state, Params ps, Grads grads, Emit emit)
    {
        var s = Check(state, ps, grads, emit.Operation());
        var (fallback, rest) = Fusion.Apply(Fallback, s.Fallback, Params.Of(ps.Where(p => !IsMatrix(p))), grads, emit);
        var momenta = s.Momenta.ToBuilder();
        var outputs = new List<KeyValuePair<Param, Tensor>>(ps.Count);
        foreach (var p in ps)
        {
            if (!grads.TryGet(p.Id, out var g)) continue;
            if (!IsMatrix(p))
            {
                if (rest.TryGet(p.Id, out var o)) outputs.Add(new(p, o));
                continue;
            }
            var m = Mu * s.Momenta[p.Id] + g;
            var u = Nesterov ? g + Mu * m : m;
            var step = Orthogonalise(u, Epsilon, Steps) * (Eta * Math.Sqrt(Math.Max(1.0, (double)p.Shape.Rows / p.Shape.Cols)));
            if (WeightDecay != 0) step += p.Value * (Eta * WeightDecay);
            momenta[p.Id] = m;
            outputs.Add(new(p, emit == Emit.Params ? p.Value - step : step));
        }
        return (new MuonState(s.StepCount + 1, momenta.ToImmutable(), fallback), Grads.Of(outputs));
    }

    /// <inheritdoc/>
    [Pure]
    public OptimiserState Restore(StateNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        StateNode.Expect(MuonState.KindName, node, children: 1);
        var momenta = ImmutableDictionary.CreateBuilder<ParamId, Tensor>();
        foreach (var slot in node.Slots)
        {
            if (slot.Name != "m")
                throw new ArgumentException($"Muon.Restore: unknown slot '{slot.Name}' for parameter #{slot.Param}; a 'Muon' state has slot 'm' (the fallback's slots are in its child).", nameof(node));
            if (slot.Value is null || slot.Value.Rank != 2)
                throw new ArgumentException($"Muon.Restore: slot 'm' of parameter #{slot.Param} must be a matrix; got {(slot.Value is null ? "no value" : "shape " + slot.Value.Shape)}.", nameof(node));
            if (!momenta.TryAdd(slot.Param, slot.Value))
                throw new ArgumentException($"Muon.Restore: slot 'm' of parameter #{slot.Param} appears twice.", nameof(node));
        }
        return new MuonState(node.Step, momenta.ToImmutable(), Fallback.Restore(node.Children[0]));
    }

    /// <summary>The loss passed to the fallback (a plateau factor there); Muon's own step does not use it.</summary>
    [Pure]
    public OptimiserState Observe(OptimiserState state, double loss)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state is not MuonState s) throw OptimiserState.NotMine(MuonState.KindName, nameof(Observe), state);
        var fallback = Fallback.Observe(s.Fallback, loss);
        return ReferenceEquals(fallback, s.Fallback) ? state : s with { Fallback = fallback };
    }

    /// <inheritdoc/>
    public ImmutableSortedSet<string> HyperparameterNames => [.. Declared.Hyperparameters.Select(h => h.Name), .. Fallback.HyperparameterNames];

    /// <summary>Each change given to Muon's own step and to the fallback, wherever the name exists; the state carried over.</summary>
    /// <exception cref="ArgumentException">A name neither has, or the state is not a Muon state.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A new value is out of range.</exception>
    [Pure]
    public (IOptimiser Optimiser, OptimiserState State) Adjust(OptimiserState state, IReadOnlyDictionary<string, double> changes)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(changes);
        if (state is not MuonState s) throw OptimiserState.NotMine(MuonState.KindName, nameof(Adjust), state);
        var fallbackNames = Fallback.HyperparameterNames;
        var values = Values.ToBuilder();
        var forFallback = new Dictionary<string, double>();
        foreach (var (name, value) in changes)
        {
            var i = Declared.IndexOf(name);
            if (i < 0 && !fallbackNames.Contains(name))
                throw new ArgumentException($"Muon.Adjust: neither Muon nor its fallback has hyperparameter '{name}'; they have {string.Join(", ", HyperparameterNames)}.", nameof(changes));
            if (i >= 0) values[i] = Declared.Hyperparameters[i].Validate("Muon", value);
            if (fallbackNames.Contains(name)) forFallback[name] = value;
        }
        var (fallback, fallbackState) = forFallback.Count == 0 ? (Fallback, s.Fallback) : Fallback.Adjust(s.Fallback, forFallback);
        if (values.SequenceEqual(Values) && ReferenceEquals(fallback, Fallback) && ReferenceEquals(fallbackState, s.Fallback)) return (this, state);
        return (this with { Values = values.ToImmutable(), Fallback = fallback }, s with { Fallback = fallbackState });
    }

    /// <summary>Equal hyperparameters, flags, iteration counts and fallbacks.</summary>
    public bool Equals(Muon? other) =>
        ReferenceEquals(this, other) ||
        (other is not null && Values.SequenceEqual(other.Values) && Nesterov == other.Nesterov && Steps == other.Steps && Fallback.Equals(other.Fallback));

    /// <inheritdoc/>
    public override int GetHashCode() => Values.Aggregate(HashCode.Combine(Nesterov, Steps, Fallback), HashCode.Combine);

    /// <summary><c>Muon(eta = 0.02, mu = 0.95, epsilon = 1E-08, weightDecay = 0, nesterov = True, steps = 5, fallback = ADAMW(...))</c>.</summary>
    public override string ToString() =>
        "Muon(" + string.Join(", ", Declared.Hyperparameters.Select((h, i) => h.Name + " = " + Values[i].ToString("R", CultureInfo.InvariantCulture))) +
        $", nesterov = {Nesterov}, steps = {Steps}, fallback = {Fallback})";

    private static bool IsMatrix(Param p) => p.Shape.Rank == 2;

    private MuonState Check(OptimiserState state, Params ps, Grads grads, string operation)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(ps);
        ArgumentNullException.ThrowIfNull(grads);
        if (state is not MuonState s) throw OptimiserState.NotMine(MuonState.KindName, operation, state);
        foreach (var p in ps)
        {
            if (grads.TryGet(p.Id, out var g))
            {
                if (g.Shape != p.Shape)
                    throw new ArgumentException($"Muon.{operation}: the gradient of {p.Name} has shape {g.Shape}; the parameter has shape {p.Shape}.", nameof(grads));
                Finite.Check("Muon", operation, p, g);
            }
            if (!IsMatrix(p)) continue;
            if (!s.Momenta.TryGetValue(p.Id, out var m))
                throw new ArgumentException($"Muon.{operation}: the state holds nothing for matrix {p.Name} (#{p.Id}); it was made for other parameters. Call Init with these parameters.", nameof(state));
            if (m.Shape != p.Shape)
                throw new ArgumentException($"Muon.{operation}: state slot 'm' of {p.Name} has shape {m.Shape}; the parameter has shape {p.Shape}.", nameof(state));
        }
        return s;
    }
}
