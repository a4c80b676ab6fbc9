# A real classifier in PowerShell: the Iris flowers, Chain(Dense(4, 16, relu), Dense(16, 3), softmax)
# trained with ADAM by Invoke-Training, every fifth flower held out, then the held-out accuracy.
# It writes the loss curve and the held-out accuracy of every epoch as a PNG (-Plot, by default in the temporary folder).
#   dotnet run --project src/Flux.Shell -- examples/iris.ps1 [-Epochs 100] [-BatchSize 16] [-Seed 1] [-LearningRate 0.01] [-Plot iris-training.png]
param(
    [int] $Epochs = 100,
    [int] $BatchSize = 16,
    [int] $Seed = 1,
    [double] $LearningRate = 0.01,
    [string] $Plot = (Join-Path ([IO.Path]::GetTempPath()) 'iris-training.png')
)
Import-Module Flux

# 150 flowers: four measurements each, and the species as a one-hot target
$iris = Import-Dataset -Path "$PSScriptRoot/data/iris.csv" -Target species
$train, $test = $iris | Split-Dataset -HoldOutEvery 5
$iris, $train, $test

# Chain(Dense(4 => 16, relu), Dense(16 => 3), softmax)
$m = (New-Dense -In 4 -Out 16 -Activation Relu -Seed $Seed), (New-Dense -In 16 -Out 3 -Seed ($Seed + 1)), (New-Softmax) | New-Chain
$m.ToString()

# Flux's train!: shuffled mini-batches, cross-entropy, ADAM; a progress bar on stderr (-Verbose for a line per epoch)
$opt = New-Optimiser -Type ADAM -LearningRate $LearningRate
$result = Invoke-Training -Model $m -Optimiser $opt -Loss CrossEntropy -Data $train -Epochs $Epochs -BatchSize $BatchSize -Seed $Seed -ValidationData $test
$result
foreach ($e in 0..($result.EpochLosses.Length - 1)) {
    if (($e + 1) % 10 -eq 0) { "epoch {0,3}: mean loss {1:F4}" -f ($e + 1), $result.EpochLosses[$e] }
}

# Predictions for a few held-out flowers (onecold: the class of the largest probability), then the accuracies
$probabilities = Invoke-Model -Model $result.Model -Input $test.Features
$predicted = [Flux.Labels]::OneCold($probabilities)
$actual = [Flux.Labels]::OneCold($test.Targets)
foreach ($j in 0, 10, 20) {
    "held-out flower {0,2}: predicted {1} ({2:P1}), actually {3}" -f ($j + 1), $test.Classes[$predicted[$j]], $probabilities[$predicted[$j], $j], $test.Classes[$actual[$j]]
}
"training accuracy: {0:F3}" -f (Measure-Accuracy -Model $result.Model -Data $train)
"held-out accuracy: {0:F3}" -f (Measure-Accuracy -Model $result.Model -Data $test)

# The picture of the run: the loss of every step and epoch, and the held-out accuracy of every epoch
$picture = $result | Export-TrainingPlot -Path $Plot -Title "Iris: $Epochs epochs of ADAM"
"plot written to $($picture.FullName)"
