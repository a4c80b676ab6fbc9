using ScottPlot;

namespace Flux.Plotting;

/// <summary>
/// The picture of a training run as a PNG: the loss of every step (a thin line), the mean loss of
/// every epoch (points at the epoch's last step) and, when the run scored each epoch (e.g. the
/// accuracy on a validation set), those scores on a second axis at the right.
/// </summary>
/// <example>
/// <code>
/// var run = Training.Train(model, Optimisers.ADAM(), loss, train, 20, 32, seed: 1,
///     evaluate: m => Metrics.Accuracy(m, validation));
/// TrainingPlot.SavePng("training.png", run);
/// </code>
/// </example>
public static class TrainingPlot
{
    /// <summary>Writes the picture of <paramref name="result"/> to <paramref name="path"/>.</summary>
    /// <param name="path">The PNG to write (its folder must exist; an existing file is replaced).</param>
    /// <param name="result">The run: its step losses, epoch losses and epoch scores.</param>
    /// <param name="scoreName">What the epoch scores are, for the right axis and the legend.</param>
    /// <param name="width">Pixels across, 100 to 10,000.</param>
    /// <param name="height">Pixels down, 100 to 10,000.</param>
    /// <param name="title">The title; by default "Training: N steps".</param>
    /// <returns>The full path written.</returns>
    public static string SavePng<TModel>(string path, TrainingResult<TModel> result, string scoreName = "validation accuracy",
        int width = 800, int height = 500, string? title = null) where TModel : IModel
    {
        ArgumentNullException.ThrowIfNull(result);
        var batches = result.EpochLosses.IsEmpty ? 0 : result.Losses.Length / result.EpochLosses.Length;
        return SavePng(path, result.Losses, result.EpochLosses, result.EpochScores, batches, scoreName, width, height, title);
    }

    /// <summary>Writes the picture of a run given as its series.</summary>
    /// <param name="path">The PNG to write (its folder must exist; an existing file is replaced).</param>
    /// <param name="losses">The loss of every step, in order; NaN and infinite values are left out.</param>
    /// <param name="epochLosses">The mean loss of every epoch, or none.</param>
    /// <param name="epochScores">A score of every epoch (e.g. validation accuracy), or none.</param>
    /// <param name="batchesPerEpoch">Steps in an epoch, which places the epoch points; 0 spreads them evenly over the steps.</param>
    /// <param name="scoreName">What the epoch scores are.</param>
    /// <param name="width">Pixels across, 100 to 10,000.</param>
    /// <param name="height">Pixels down, 100 to 10,000.</param>
    /// <param name="title">The title; by default "Training: N steps".</param>
    /// <returns>The full path written.</returns>
    /// <exception cref="ArgumentException">No step loss, an empty path, a folder that does not exist, or a size out of range; the message names the value.</exception>
    public static string SavePng(string path, IReadOnlyList<double> losses, IReadOnlyList<double>? epochLosses = null,
        IReadOnlyList<double>? epochScores = null, int batchesPerEpoch = 0, string scoreName = "validation accuracy",
        int width = 800, int height = 500, string? title = null)
    {
        var full = Check(path, losses, batchesPerEpoch, width, height);
        NativeLibraries.Register();
        using var plot = new Plot();
        var steps = losses.Count;
        var (xs, ys) = Finite(Enumerable.Range(1, steps).Select(i => (double)i), losses);
        var perStep = plot.Add.ScatterLine(xs, ys);
        perStep.LegendText = "loss per step";
        perStep.LineWidth = 1;
        perStep.Color = Colors.SteelBlue.WithAlpha(0.45);

        var epochs = Math.Max(epochLosses?.Count ?? 0, epochScores?.Count ?? 0);
        double EpochEnd(int e) => batchesPerEpoch > 0 ? (e + 1.0) * batchesPerEpoch : (e + 1.0) * steps / epochs;
        if (epochLosses is { Count: > 0 })
        {
            var (ex, ey) = Finite(Enumerable.Range(0, epochLosses.Count).Select(EpochEnd), epochLosses);
            var mean = plot.Add.Scatter(ex, ey);
            mean.LegendText = "mean loss per epoch";
            mean.Color = Colors.DarkBlue;
            mean.LineWidth = 2;
        }
        if (epochScores is { Count: > 0 })
        {
            var (sx, sy) = Finite(Enumerable.Range(0, epochScores.Count).Select(EpochEnd), epochScores);
            var score = plot.Add.Scatter(sx, sy);
            score.LegendText = scoreName;
            score.Color = Colors.DarkOrange;
            score.LineWidth = 2;
            score.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = scoreName;
        }
        plot.Title(title ?? $"Training: {steps} steps");
        plot.XLabel("step");
        plot.YLabel("loss");
        plot.ShowLegend(Alignment.MiddleRight);
        plot.SavePng(full, width, height);
        return full;
    }

    private static string Check(string path, IReadOnlyList<double> losses, int batchesPerEpoch, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(losses);
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("TrainingPlot: the path is empty; give the PNG file to write.", nameof(path));
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
            throw new ArgumentException($"TrainingPlot: the folder {folder} does not exist.", nameof(path));
        if (losses.Count == 0) throw new ArgumentException("TrainingPlot: the run has no step losses to draw.", nameof(losses));
        if (batchesPerEpoch < 0) throw new ArgumentOutOfRangeException(nameof(batchesPerEpoch), batchesPerEpoch, "TrainingPlot: the batches per epoch must be 0 (unknown) or more.");
        if (width is < 100 or > 10_000) throw new ArgumentOutOfRangeException(nameof(width), width, "TrainingPlot: the width must be 100 to 10,000 pixels.");
        if (height is < 100 or > 10_000) throw new ArgumentOutOfRangeException(nameof(height), height, "TrainingPlot: the height must be 100 to 10,000 pixels.");
        return full;
    }

    // The points whose value is finite: a NaN or an infinity would wreck the axis limits.
    private static (double[] X, double[] Y) Finite(IEnumerable<double> xs, IReadOnlyList<double> ys)
    {
        var pairs = xs.Zip(ys, (x, y) => (X: x, Y: y)).Where(p => double.IsFinite(p.Y)).ToArray();
        return ([.. pairs.Select(p => p.X)], [.. pairs.Select(p => p.Y)]);
    }
}
