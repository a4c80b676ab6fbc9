namespace Flux;

/// <summary>
/// The outcome of <see cref="LBFGS.Minimise(Func{Params, Expr}, Params, LbfgsOptions?, IProgress{MinimisationProgress}?, CancellationToken)"/>:
/// the last iterate, how many iterations and loss evaluations it took, why it ended and the loss at
/// every iterate. Whatever the reason, <see cref="Params"/> is the last iterate reached (the starting
/// point when no step completed), so no finished work is lost.
/// </summary>
/// <param name="Params">The last iterate: the caller's parameters (same identities, names, shapes) with new values.</param>
/// <param name="Iterations">Steps taken: line searches that moved to a new iterate.</param>
/// <param name="Evaluations">Calls of the loss, line-search trials and the first evaluation included.</param>
/// <param name="Stop">Why it ended.</param>
/// <param name="Losses">The loss at the start and after every step (<see cref="Iterations"/> + 1 values; empty when the first evaluation failed).</param>
/// <param name="GradientNorm">maxᵢ |∇f(x)ᵢ| at the last iterate; NaN when the first evaluation failed.</param>
public sealed record MinimisationResult(Params Params, int Iterations, int Evaluations, MinimisationStop Stop, ImmutableArray<double> Losses, double GradientNorm)
{
    /// <summary>The loss at <see cref="Params"/>; NaN when the first evaluation failed.</summary>
    public double FinalLoss => Losses.IsEmpty ? double.NaN : Losses[^1];

    /// <summary>True when the parameters (bit for bit), counts, reason, losses (bit for bit) and gradient norm agree.</summary>
    public bool Equals(MinimisationResult? other) =>
        other is not null && Params.SequenceEqual(other.Params)
        && Iterations == other.Iterations && Evaluations == other.Evaluations && Stop == other.Stop
        && Losses.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(other.Losses.Select(BitConverter.DoubleToInt64Bits))
        && BitConverter.DoubleToInt64Bits(GradientNorm) == BitConverter.DoubleToInt64Bits(other.GradientNorm);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Iterations, Evaluations, Stop, Losses.Length);

    /// <summary>The counts, the final loss and why it ended.</summary>
    public override string ToString() => $"MinimisationResult: {Iterations} iterations, {Evaluations} evaluations, final loss {FinalLoss:G6}, {Stop}";
}
