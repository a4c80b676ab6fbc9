// A real classifier: the Iris flowers, Chain(Dense(4, 16, relu), Dense(16, 3), softmax) with ADAM.
// Every fifth flower is held out; the loss is printed as it falls, then the held-out accuracy.
using Flux;
using Flux.Examples.Iris;

var path = args.Length > 0 ? args[0] : IrisClassifier.DataPath();
Console.WriteLine($"data: {path}");
Console.WriteLine($"model: {IrisClassifier.Model(1)}");

// Report at most twice a second, and always at the end of every tenth epoch.
var report = Throttle.Create<TrainingProgress>(p => Console.WriteLine($"  {p}"), TimeSpan.FromSeconds(0.5));
var epochLoss = 0.0;
var progress = new Progress(p =>
{
    epochLoss += p.Loss / p.BatchesPerEpoch; // mean batch loss over the epoch (batches are nearly equal)
    if (!p.EndOfEpoch) { report(p); return; }
    if ((p.Epoch + 1) % 10 == 0) Console.WriteLine($"epoch {p.Epoch + 1,3}: mean loss {epochLoss:F4}");
    epochLoss = 0.0;
});

var outcome = IrisClassifier.Run(path, progress: progress);
var r = outcome.Training;
Console.WriteLine($"{r.Steps} steps; loss {r.Losses[0]:F4} → {r.FinalLoss:F4}");
Console.WriteLine($"accuracy: {outcome.TrainAccuracy:P1} on {outcome.Train.Count} training flowers, {outcome.TestAccuracy:P1} on {outcome.Test.Count} held out");
return outcome.TestAccuracy >= 0.9 ? 0 : 1;

/// <summary>Reports synchronously on the training thread (System.Progress would post to the thread pool).</summary>
sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}
