using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// Loss functions, after Flux's <c>Flux.Losses</c>: each takes the model's output <c>ŷ</c> (yhat)
/// and the target <c>y</c>, traced, and returns a scalar <see cref="Expr"/> to differentiate.
/// Batches are columns: <c>ŷ</c> and <c>y</c> are outputs × batch (a vector is a batch of one).
/// </summary>
/// <remarks>
/// Both arguments must have the same shape; a mismatch is an <see cref="ArgumentException"/>
/// naming both shapes (no silent broadcasting). Targets are usually constant tensors, which
/// convert implicitly.
/// </remarks>
public static partial class Losses
{
    /// <summary>Mean squared error: <c>mse(ŷ, y) = (1/N) Σᵢ (ŷᵢ − yᵢ)²</c> over all N elements.</summary>
    [Pure]
    public static Expr Mse(Expr yhat, Expr y)
    {
        CheckShapes(nameof(Mse), yhat, y);
        return Ops.Mean(Ops.Square(Ops.Subtract(yhat, y)));
    }

    /// <summary>
    /// Cross-entropy of probabilities: <c>crossentropy(ŷ, y) = −(1/n) Σⱼ Σᵢ yᵢⱼ·log ŷᵢⱼ</c>, the mean
    /// over the n columns (the batch) of <c>−Σ y·log ŷ</c>. Terms with <c>yᵢⱼ = 0</c> count as 0
    /// (Julia's <c>xlogy</c>), so a prediction of exactly 0 for a class that is not the target does
    /// no harm; one of 0 for the target gives +∞. Use <see cref="LogitCrossEntropy"/> on raw
    /// scores for better numerical stability.
    /// </summary>
    [Pure]
    public static Expr CrossEntropy(Expr yhat, Expr y)
    {
        CheckShapes(nameof(CrossEntropy), yhat, y);
        return Ops.Negate(Ops.Sum(Ops.XLogY(y, yhat))) / (double)yhat.Shape.Cols;
    }

    /// <summary>
    /// Cross-entropy from unnormalised scores (logits):
    /// <c>logitcrossentropy(x, y) = −(1/n) Σⱼ Σᵢ yᵢⱼ·logsoftmax(x)ᵢⱼ</c>, equal to
    /// <c>crossentropy(softmax(x), y)</c> but computed stably through <c>logsoftmax(x) = x − max x − log Σ exp(x − max x)</c>
    /// per column, so large scores neither overflow nor round probabilities to 0.
    /// </summary>
    [Pure]
    public static Expr LogitCrossEntropy(Expr logits, Expr y)
    {
        CheckShapes(nameof(LogitCrossEntropy), logits, y);
        return Ops.Negate(Ops.Sum(Ops.Mul(y, Ops.LogSoftmax(logits)))) / (double)logits.Shape.Cols;
    }

    /// <summary>
    /// Binary cross-entropy of probabilities:
    /// <c>binarycrossentropy(ŷ, y) = (1/N) Σᵢ −(yᵢ·log ŷᵢ + (1 − yᵢ)·log(1 − ŷᵢ))</c> over all N elements,
    /// with <c>0·log 0 = 0</c> (Julia's <c>xlogy</c>). For raw scores use <see cref="LogitBinaryCrossEntropy"/>.
    /// </summary>
    [Pure]
    public static Expr BinaryCrossEntropy(Expr yhat, Expr y)
    {
        CheckShapes(nameof(BinaryCrossEntropy), yhat, y);
        var notY = Ops.Subtract(1.0, y);
        var notYhat = Ops.Subtract(1.0, yhat);
        return Ops.Negate(Ops.Mean(Ops.Add(Ops.XLogY(y, yhat), Ops.XLogY(notY, notYhat))));
    }

    /// <summary>
    /// Binary cross-entropy from logits: <c>logitbinarycrossentropy(x, y) = (1/N) Σᵢ ((1 − yᵢ)·xᵢ + softplus(−xᵢ))</c>,
    /// equal to <c>binarycrossentropy(σ(x), y)</c> but stable for scores of any size.
    /// </summary>
    [Pure]
    public static Expr LogitBinaryCrossEntropy(Expr logits, Expr y)
    {
        CheckShapes(nameof(LogitBinaryCrossEntropy), logits, y);
        return Ops.Mean(Ops.Add(Ops.Mul(Ops.Subtract(1.0, y), logits), Ops.Softplus(Ops.Negate(logits))));
    }

    private static void CheckShapes(string loss, Expr yhat, Expr y)
    {
        ArgumentNullException.ThrowIfNull(yhat);
        ArgumentNullException.ThrowIfNull(y);
        if (yhat.Shape != y.Shape)
            throw new ArgumentException($"{loss}: the prediction has shape {yhat.Shape} but the target has shape {y.Shape}; they must be equal (outputs × batch).", nameof(y));
        if (yhat.Shape.Length == 0)
            throw new ArgumentException($"{loss}: the prediction is empty (shape {yhat.Shape}).", nameof(yhat));
    }
}
