# Fashion-MNIST in PowerShell: 28×28 greyscale pictures of clothes in ten classes, read from Debian's
# dataset-fashion-mnist (IDX files, gzipped) by Import-Dataset, then the 784-128-10 MLP,
# Chain(Dense(784 => 128, relu), Dense(128 => 10)), trained with ADAM on softmax cross-entropy from
# the logits, and its accuracy on the 10,000 test pictures.
#   apt-get install -y dataset-fashion-mnist
#   dotnet run --project src/Flux.Shell -- examples/fashion-mnist.ps1 [-Epochs 3] [-Limit 0] [-BatchSize 64] [-Seed 1] [-LearningRate 0.001] [-Rule ADAM] [-Float32] [-DataPath /usr/share/datasets/fashion-mnist] [-Plot fashion-training.png]
# -Limit N trains on the first N training pictures only (0: all 60,000), for a quick look. -Rule names
# another rule (ScheduleFreeAdamW, Muon, ...); the accuracies are those of the result's evaluation model
# (schedule-free's x; for ADAM the trained model itself). -Float32 loads the pictures and makes the model
# in float32 (half the memory; the products run in sgemm). It writes the loss curve and the test
# accuracy of every epoch as a PNG (-Plot, by default in the temporary folder).
param(
    [string] $DataPath = '/usr/share/datasets/fashion-mnist',
    [int] $Epochs = 3,
    [int] $Limit = 0,
    [int] $BatchSize = 64,
    [int] $Seed = 1,
    [double] $LearningRate = 0.001,
    [string] $Rule = 'ADAM',
    [switch] $Float32,
    [string] $Plot = (Join-Path ([IO.Path]::GetTempPath()) 'fashion-training.png')
)
Import-Module Flux

$files = 'train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'
$missing = @($files | Where-Object { -not (Test-Path -LiteralPath (Join-Path $DataPath $_)) })
if ($missing.Count -gt 0) {
    $host.UI.WriteErrorLine("fashion-mnist.ps1: Fashion-MNIST is not in $DataPath (missing $($missing -join ', ')).")
    $host.UI.WriteErrorLine("Install it with:  apt-get install -y dataset-fashion-mnist   (or pass -DataPath to a folder holding the four IDX files)")
    exit 2
}

$classes = 'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'
$first = if ($Limit -gt 0) { $Limit } else { [int]::MaxValue }
$train = Import-Dataset -Path (Join-Path $DataPath $files[0]) -LabelPath (Join-Path $DataPath $files[1]) -Class $classes -First $first -Float32:$Float32
$test = Import-Dataset -Path (Join-Path $DataPath $files[2]) -LabelPath (Join-Path $DataPath $files[3]) -Class $classes -Float32:$Float32
$train, $test

# Chain(Dense(784 => 128, relu), Dense(128 => 10)): the logits; the loss applies the softmax
$m = (New-Dense -In 784 -Out 128 -Activation Relu -Seed $Seed -Float32:$Float32), (New-Dense -In 128 -Out 10 -Seed ($Seed + 1) -Float32:$Float32) | New-Chain
$m.ToString()

# Shuffled mini-batches gathered one at a time, ADAM (or -Rule); a progress bar on stderr (-Verbose for a line per epoch)
$opt = New-Optimiser -Type $Rule -LearningRate $LearningRate
$clock = [Diagnostics.Stopwatch]::StartNew()
$result = Invoke-Training -Model $m -Optimiser $opt -Loss LogitCrossEntropy -Data $train -Epochs $Epochs -BatchSize $BatchSize -Seed $Seed -ValidationData $test
$result
foreach ($e in 0..($result.EpochLosses.Length - 1)) { "epoch {0}: mean loss {1:F4}" -f ($e + 1), $result.EpochLosses[$e] }
"{0:F1} s per epoch (with the test accuracy measured after each)" -f ($clock.Elapsed.TotalSeconds / [Math]::Max(1, $result.EpochLosses.Length))

# A few test pictures (onecold: the class of the largest logit), then the accuracies
$predicted = [Flux.Labels]::OneCold((Invoke-Model -Model $result.EvaluationModel -Input $test.Features))
$actual = [Flux.Labels]::OneCold($test.Targets)
foreach ($j in 0, 1, 2) { "test picture {0}: predicted {1}, actually {2}" -f ($j + 1), $classes[$predicted[$j]], $classes[$actual[$j]] }
"training accuracy: {0:F3}" -f (Measure-Accuracy -Model $result -Data $train)
"test accuracy: {0:F3}" -f (Measure-Accuracy -Model $result -Data $test)

# The picture of the run: the loss of every step and epoch, and the test accuracy of every epoch
$picture = $result | Export-TrainingPlot -Path $Plot -Title "Fashion-MNIST: $Epochs epochs of $Rule"
"plot written to $($picture.FullName)"
