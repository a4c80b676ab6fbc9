using System.Diagnostics;

namespace Flux.Benchmarks;

/// <summary>
/// The end-to-end workload: the w2 model, Dense(784, 128, relu) → Dense(128, 10), trained on
/// Fashion-MNIST with softmax cross-entropy from logits, ADAM (η = 0.001), batch 64, shuffled every
/// epoch, pixels / 255 — what <c>../shared/bench/fashion_torch.py</c> runs. Prints each epoch's
/// seconds and test accuracy, then one summary line: the median seconds per epoch after the first,
/// the final test accuracy and the process's peak working set.
/// </summary>
/// <remarks>
/// Not a BenchmarkDotNet job: one run of a few epochs is what a user waits for, and the peak working
/// set is the process's own. Each epoch is one <see cref="Training.Resume{TModel}"/> call continuing
/// from the last, which is bit for bit the uninterrupted run.
/// </remarks>
public static class FashionRun
{
    /// <summary>
    /// Runs <c>fashion [folder] [epochs] [rule] [eta] [float32|float64]</c>: by default ADAM with η = 0.001
    /// in float64, else any rule of the registry by name (<c>Muon</c>, <c>ScheduleFreeAdamW</c>, ...)
    /// at its default η or the one given, in the element type named anywhere among the arguments.
    /// Returns the exit code.
    /// </summary>
    public static int Run(string[] args)
    {
        var type = args.Contains("float32", StringComparer.OrdinalIgnoreCase) ? ElementType.Float32 : ElementType.Float64;
        args = [.. args.Where(a => !a.Equals("float32", StringComparison.OrdinalIgnoreCase) && !a.Equals("float64", StringComparison.OrdinalIgnoreCase))];
        var folder = args.Length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist";
        var epochs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
        var rule = args.Length > 2 ? args[2] : "ADAM";
        var eta = args.Length > 3 ? double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : rule.Equals("ADAM", StringComparison.OrdinalIgnoreCase) ? 0.001 : (double?)null;
        if (!File.Exists(Path.Combine(folder, "train-images-idx3-ubyte.gz")))
        {
            Console.Error.WriteLine($"Fashion-MNIST is not in {folder}: apt-get install -y dataset-fashion-mnist");
            return 2;
        }
        var load = Stopwatch.StartNew();
        var train = Idx.LoadClassification(Path.Combine(folder, "train-images-idx3-ubyte.gz"), Path.Combine(folder, "train-labels-idx1-ubyte.gz"), elementType: type);
        var test = Idx.LoadClassification(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"), elementType: type);
        Console.WriteLine($"loaded {train.Count} + {test.Count} samples in {load.Elapsed.TotalSeconds:F2} s");

        var model = Layers.Chain(Layers.Dense(784, 128, Activation.Relu, seed: 1, elementType: type), Layers.Dense(128, 10, seed: 2, elementType: type));
        var adam = Optimisers.ByName(rule, eta is { } given ? new Dictionary<string, double> { ["eta"] = given } : null);
        Console.WriteLine($"optimiser {adam}, {type.ToString().ToLowerInvariant()}");
        var state = adam.Init(model);
        var step = 0L;
        var times = new List<double>();
        var accuracy = 0.0;
        for (var e = 0; e < epochs; e++)
        {
            var clock = Stopwatch.StartNew();
            var run = Training.Resume(model, state, step, adam, (m, x, y) => Losses.LogitCrossEntropy(m.Apply(x), y), train, e + 1, 64, seed: 1);
            times.Add(clock.Elapsed.TotalSeconds);
            if (run.Stop is not TrainingStop.CompletedCase) { Console.Error.WriteLine($"epoch {e + 1}: {run.Stop}"); return 1; }
            (model, state, step) = (run.Model, run.State, run.Steps);
            accuracy = Metrics.Accuracy(run.EvaluationModel, test); // schedule-free's x, an average; the model itself for ADAM
            Console.WriteLine($"epoch {e + 1}: {times[^1]:F2} s, test accuracy {accuracy:F4}");
        }
        var after = times.Count > 1 ? times.Skip(1).Order().ToList() : times;
        var median = after.Count % 2 == 1 ? after[after.Count / 2] : (after[after.Count / 2 - 1] + after[after.Count / 2]) / 2;
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
        Console.WriteLine($"flux fashion {type.ToString().ToLowerInvariant()} {median * 1e6:F0} us per epoch; accuracy {accuracy:F4}; peak rss {peak} MB");
        return 0;
    }
}
