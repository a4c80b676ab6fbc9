using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// <c>SWA(inner, start, every)</c>: stochastic weight averaging (Izmailov et al., 2018; PyTorch's
/// <c>swa_utils.AveragedModel</c> with its default equal-weight average). The steps are the inner
/// optimiser's, bit for bit; from step <c>start</c> on, every <c>every</c>-th step's parameters join
/// an equal-weight average:
/// <code>
/// p' = inner.Step(s, p, g)                           (the parameters returned, unchanged)
/// at t = start, start + every, start + 2·every, …:  n' = n + 1
///     a' = p'                    when n = 0 (the first value is copied)
///     a' = a·(1 − 1/n') + p'/n'  otherwise, so a = (p_t₁ + … + p_tₙ)/n
/// </code>
/// Usually with a constant or cyclic learning rate from <c>start</c> on (PyTorch's <c>SWALR</c>;
/// here <see cref="Scheduled"/> inside the average).
/// </summary>
/// <remarks>
/// The averages are the state's <see cref="OptimiserState.EvaluationParams"/>, so
/// <see cref="TrainingResult{TModel}.EvaluationModel"/>, <c>Measure-Accuracy</c> and
/// <c>Export-Checkpoint -Model</c> use them; before <c>start</c> they are the parameters given to
/// <c>Init</c>. Training goes on from the parameters the steps return. A network with batch
/// normalisation would need its statistics recomputed for the average; Flux's layers have none.
/// State: <see cref="EMAState"/> of kind <c>"SWA"</c>. Adjusting goes to the inner optimiser.
/// </remarks>
public sealed record SWA : Wrapper<EMAState>
{
    /// <summary>The kind in <see cref="StateNode.Kind"/>.</summary>
    public const string KindName = "SWA";

    /// <summary>The equal-weight average of <paramref name="inner"/>'s parameters at step <paramref name="start"/> and every <paramref name="every"/> steps after.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> or <paramref name="every"/> is below 1.</exception>
    public SWA(IOptimiser inner, long start = 1, long every = 1) : base(inner)
    {
        Start = Checks.AtLeastOne("SWA", nameof(start), start);
        Every = Checks.AtLeastOne("SWA", nameof(every), every);
    }

    /// <summary>The first step whose parameters are averaged (from 1).</summary>
    public long Start { get; }

    /// <summary>Steps between two averaged ones.</summary>
    public long Every { get; }

    /// <inheritdoc/>
    private protected override string Kind => KindName;

    /// <inheritdoc/>
    [Pure]
    public override OptimiserState Init(Params ps) => EMAState.Start(KindName, Inner, ps);

    private protected override (OptimiserState State, Grads Out) Apply(EMAState state, Params ps, Grads grads, Emit emit) =>
        state.Kind != KindName
            ? throw OptimiserState.NotMine(KindName, emit.Operation(), state)
            : state.Advance(Inner, ps, grads, emit, (n, t) =>
                t < Start || (t - Start) % Every != 0 ? AverageWeights.None
                : n == 0 ? AverageWeights.ToValue
                : AverageWeights.Blend(1 - 1.0 / (n + 1), 1.0 / (n + 1)));

    /// <inheritdoc/>
    [Pure]
    public override OptimiserState Restore(StateNode node) => EMAState.Restore(KindName, node, Inner);

    /// <summary><c>SWA(inner, start, every)</c>.</summary>
    public override string ToString() => $"SWA({Inner}, start = {Start}, every = {Every})";
}
