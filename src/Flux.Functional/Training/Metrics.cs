using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>Measures of a model's quality that are not losses (nothing here is differentiated).</summary>
public static class Metrics
{
    /// <summary>
    /// The fraction of columns whose largest prediction is in the row of the target's largest entry:
    /// <c>mean(onecold(ŷ) .== onecold(y))</c>, in [0, 1].
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ, or there are no columns.</exception>
    [Pure]
    public static double Accuracy(Tensor yhat, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(yhat);
        ArgumentNullException.ThrowIfNull(y);
        if (yhat.Shape != y.Shape)
            throw new ArgumentException($"Accuracy: the prediction has shape {yhat.Shape} but the target has shape {y.Shape}.", nameof(y));
        if (y.Length == 0)
            throw new ArgumentException($"Accuracy: no samples (shape {y.Shape}).", nameof(y));
        var predicted = Labels.OneCold(yhat);
        var actual = Labels.OneCold(y);
        var hits = 0;
        for (var j = 0; j < predicted.Length; j++) if (predicted[j] == actual[j]) hits++;
        return (double)hits / predicted.Length;
    }

    /// <summary>The <see cref="Accuracy(Tensor, Tensor)"/> of <paramref name="model"/>'s predictions on <paramref name="data"/>.</summary>
    [Pure]
    public static double Accuracy(ILayer model, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        return Accuracy(model.Predict(data.Features), data.Targets);
    }
}
