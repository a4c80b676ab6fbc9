using Xunit;
using static Flux.Tests.Unit.TrainingTests;

namespace Flux.Tests.Unit;

/// <summary>The fold reports the mean loss of every epoch it finishes; the PowerShell front end no longer computes it.</summary>
public class EpochLossTests
{
    private static readonly Dataset Data = Blobs(10, 1); // 3 batches per epoch at batch size 4

    [Fact]
    public void Each_finished_epoch_has_the_mean_of_its_batch_losses()
    {
        var result = Training.Train(Model(1), Optimisers.ADAM(0.05), Loss, Data, epochs: 3, batchSize: 4, seed: 1);
        Assert.Equal(9, result.Losses.Length);
        Assert.Equal(3, result.EpochLosses.Length);
        for (var e = 0; e < 3; e++)
        {
            var batches = result.Losses.Skip(3 * e).Take(3).ToArray();
            Assert.Equal((batches[0] + batches[1] + batches[2]) / 3, result.EpochLosses[e]);
        }
    }

    [Fact]
    public void A_run_stopped_inside_an_epoch_reports_only_the_epochs_it_finished_and_a_resume_the_rest()
    {
        var model = Model(1);
        var opt = Optimisers.ADAM(0.05);
        var stopped = Training.Train(model, opt, Loss, Data, epochs: 3, batchSize: 4, seed: 1, stop: p => p.Step == 5);
        Assert.Equal(TrainingStop.Callback, stopped.Stop);
        Assert.Single(stopped.EpochLosses);   // epoch 0 finished; epoch 1 stopped after its second batch
        var resumed = Training.Resume(stopped.Model, stopped.State, stopped.Steps, opt, Loss, Data, epochs: 3, batchSize: 4, seed: 1);
        Assert.Equal(2, resumed.EpochLosses.Length);
        Assert.Equal(resumed.Losses[0], resumed.EpochLosses[0]);   // epoch 1 in this call: its last batch only
    }
}

/// <summary>Losses by name, for front ends: one registry in the library.</summary>
public class LossNameTests
{
    [Fact]
    public void Every_loss_is_found_by_its_name_in_any_case_and_an_unknown_name_lists_them()
    {
        Assert.Equal(["BinaryCrossEntropy", "CrossEntropy", "LogitBinaryCrossEntropy", "LogitCrossEntropy", "Mse"], Losses.Names.ToArray());
        Tensor yhat = Tensor.FromArray([0.2, 0.8], 2), y = Tensor.FromArray([0.0, 1.0], 2);
        Assert.Equal(Losses.Mse(yhat, y).Value, Losses.ByName("mse")(yhat, y).Value);
        Assert.Equal(Losses.CrossEntropy(yhat, y).Value, Losses.ByName("CROSSENTROPY")(yhat, y).Value);
        var e = Assert.Throws<ArgumentException>(() => Losses.ByName("hinge"));
        Assert.Equal("No loss is called 'hinge'; the losses are BinaryCrossEntropy, CrossEntropy, LogitBinaryCrossEntropy, LogitCrossEntropy, Mse. (Parameter 'name')", e.Message);
    }
}
