using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// <c>EMA(inner, β, debias)</c>: an exponential moving average of the parameters (Polyak–Ruppert
/// averaging with forgetting; PyTorch's <c>AveragedModel</c> with <c>get_ema_multi_avg_fn</c>, Optax's
/// <c>ema</c> applied to the parameters). The steps are the inner optimiser's, bit for bit; the state
/// also keeps, for each parameter, an average <c>a</c> of the values the steps returned and the
/// number <c>n</c> of them:
/// <code>
/// p' = inner.Step(s, p, g)                      (the parameters returned, unchanged)
/// n' = n + 1
/// debias = false:  a' = β*a + (1-β)*p'           a starts at the parameters given to Init
/// debias = true:   w = (1-β)/(1-β^n'),  a' = (1-w)*a + w*p'
/// </code>
/// With debiasing, <c>a_n = Σ_i β^(n-i) p_i / Σ_i β^(n-i)</c> over the values <c>p_1 … p_n</c>
/// after each step: the zero-started average of Optax's <c>ema(debias=True)</c>,
/// <c>â_n = a_n/(1-β^n)</c>, kept already divided (so <c>a_1 = p_1</c> and the start does not
/// matter). Without it, the start counts with weight <c>β^n</c>, as in a copy of the model at
/// the start.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>β == beta</c>: in [0, 1), 0.999 by default (PyTorch's); β = 0 keeps the last value.</item>
/// <item><see cref="Averaged(OptimiserState, Params)"/> gives the averages as parameters with the same
/// identities, to evaluate or save (a checkpoint of the state holds them too); a model overload
/// rebuilds the model with them. The state's <see cref="OptimiserState.EvaluationParams"/> gives the
/// same, so <see cref="TrainingResult{TModel}.EvaluationModel"/> and the cmdlets find them without
/// being told. Training goes on from the parameters the steps return.</item>
/// <item>A parameter with no gradient gets no step and its average and count are kept; each
/// parameter's debiasing uses its own count.</item>
/// <item>Through <see cref="IOptimiser.Update"/> the average takes <c>p - Δ</c>; through <c>Step</c> the
/// fused <c>p'</c>. They are the same bits wherever the inner rule's fused step is <c>p - Δ</c>
/// (ADAMW's rounds <c>p - Δ - decay*p</c> and may differ in the last bit).</item>
/// </list>
/// State: <see cref="EMAState"/> (slots <c>"average"</c> and <c>"count"</c>, a scalar, per
/// parameter, and the inner state). Wrap the whole optimiser rather than put it in a chain.
/// Adjusting goes to the inner optimiser.
/// </remarks>
public sealed record EMA : Wrapper<EMAState>
{
    /// <summary>The average of the parameters <paramref name="inner"/> returns, with decay <paramref name="beta"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is not in [0, 1).</exception>
    public EMA(IOptimiser inner, double beta = 0.999, bool debias = true) : base(inner)
    {
        Beta = Checks.UnitInterval("EMA", nameof(beta), beta);
        Debias = debias;
    }

    /// <summary>β, the decay of the average.</summary>
    public double Beta { get; }

    /// <summary>Whether the average is debiased (weights normalised to sum to 1).</summary>
    public bool Debias { get; }

    /// <inheritdoc/>
    private protected override string Kind => EMAState.KindName;

    /// <inheritdoc/>
    [Pure]
    public override OptimiserState Init(Params ps) => EMAState.Start(EMAState.KindName, Inner, ps);

    /// <summary>The averaged parameters: <paramref name="ps"/> with each value the state averages replaced by its average (same identities).</summary>
    /// <exception cref="ArgumentException">The state is not an EMA state.</exception>
    [Pure]
    public Params Averaged(OptimiserState state, Params ps)
    {
        ArgumentNullException.ThrowIfNull(ps);
        var s = Open(state, nameof(Averaged));
        return ps.Select(p => s.Averages.TryGetValue(p.Id, out var e) && e.Average.Shape == p.Shape ? p.With(e.Average) : p);
    }

    /// <summary>The model rebuilt with its averaged parameters (same type, same identities).</summary>
    /// <exception cref="ArgumentException">The state is not an EMA state.</exception>
    /// <exception cref="InvalidOperationException">The model's <see cref="IModel.With"/> returned another type.</exception>
    [Pure]
    public TModel Averaged<TModel>(OptimiserState state, TModel model) where TModel : IModel
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.With(Averaged(state, model.Params())) is TModel m
            ? m
            : throw new InvalidOperationException($"EMA.Averaged: {model.GetType().Name}.With returned another type; IModel.With must return the model's own type.");
    }

    private protected override (OptimiserState State, Grads Out) Apply(EMAState state, Params ps, Grads grads, Emit emit) =>
        state.Kind != EMAState.KindName
            ? throw OptimiserState.NotMine(EMAState.KindName, emit.Operation(), state)
            : state.Advance(Inner, ps, grads, emit, (n, _) =>
        {
            if (!Debias) return AverageWeights.Blend(Beta, 1 - Beta);
            var take = (1 - Beta) / (1 - Math.Pow(Beta, n + 1));
            return AverageWeights.Blend(1 - take, take);
        });

    /// <inheritdoc/>
    [Pure]
    public override OptimiserState Restore(StateNode node) => EMAState.Restore(EMAState.KindName, node, Inner);

    /// <summary><c>EMA(inner, β, debias)</c>.</summary>
    public override string ToString() => $"EMA({Inner}, {Rule.Format(Beta)}, debias = {Debias})";
}
