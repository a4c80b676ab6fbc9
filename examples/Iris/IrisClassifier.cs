namespace Flux.Examples.Iris;

/// <summary>
/// The Iris classifier of the example, as a library so that tests run exactly what the program
/// runs: Chain(Dense(4, 16, relu), Dense(16, 3), softmax) trained with ADAM on four of every five
/// flowers, tested on the fifth.
/// </summary>
public static class IrisClassifier
{
    /// <summary>The outcome: the training run, and the accuracy on the training and held-out flowers.</summary>
    public sealed record Outcome(TrainingResult<Chain> Training, double TrainAccuracy, double TestAccuracy, Dataset Train, Dataset Test);

    /// <summary>The data file: beside the program (copied there by the build) or under examples/data above it.</summary>
    public static string DataPath()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "data", "iris.csv");
        if (File.Exists(beside)) return beside;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "data", "iris.csv");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"iris.csv is neither in {Path.GetDirectoryName(beside)} nor under examples/data above {AppContext.BaseDirectory}.");
    }

    /// <summary>The model, with weights fixed by <paramref name="seed"/>.</summary>
    public static Chain Model(int seed) => Layers.Chain(
        Layers.Dense(4, 16, Activation.Relu, seed: seed),
        Layers.Dense(16, 3, seed: seed + 1),
        Layers.Softmax);

    /// <summary>The batch loss: cross-entropy of the softmax output against the one-hot species.</summary>
    public static Expr Loss(Chain m, Tensor x, Tensor y) => Losses.CrossEntropy(m.Apply(x), y);

    /// <summary>Loads the data, holds out every fifth flower, trains and measures.</summary>
    public static Outcome Run(string path, int epochs = 100, int batchSize = 16, int seed = 1, double eta = 0.01, IProgress<TrainingProgress>? progress = null)
    {
        var iris = Csv.LoadClassification(path, "species");
        var (train, test) = iris.Split(i => i % 5 == 4);
        var result = Training.Train(Model(seed), Optimisers.ADAM(eta), Loss, train, epochs, batchSize, seed, progress);
        return new Outcome(result, Metrics.Accuracy(result.Model, train), Metrics.Accuracy(result.Model, test), train, test);
    }
}
