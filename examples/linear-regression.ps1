# The seed of Flux's tracked-parameter guide, step by step, in PowerShell:
# parameters, a loss written as ordinary code, its gradient, update steps, and a training loop.
#   dotnet run --project src/Flux.Shell -- examples/linear-regression.ps1 [-Steps 100] [-LearningRate 0.1]
param(
    [int] $Steps = 100,
    [double] $LearningRate = 0.1
)
Import-Module Flux

# W = param(rand(2, 5)); b = param(rand(2)); x, y = rand(5), rand(2)
$W = New-Param -Name W -Value (New-Tensor -Shape 2, 5 -Random -Seed 1)
$b = New-Param -Name b -Value (New-Tensor -Shape 2 -Random -Seed 2)
$x = New-Tensor -Shape 5 -Random -Seed 3
$y = New-Tensor -Shape 2 -Random -Seed 4
$W, $b

# loss(x, y) = sum((W*x .+ b .- y).^2), written as a script block over the parameters
$loss = { ($W * $x + $b - $y).Square().Sum() }
"loss before: {0:G6}" -f (& $loss).Value.ToScalar()

# grads = gradient(() -> loss(x, y), Params([W, b]))
$g = Get-Gradient -Loss $loss -Param $W, $b
$g
"∂loss/∂W:"
$g[$W]

# update!(W, -0.1 * grads[W]): a new W, nothing mutated
$W = Update-Param -Param $W -Delta (-$LearningRate * $g[$W])
$b = Update-Param -Param $b -Delta (-$LearningRate * $g[$b])
"loss after one step: {0:G6}" -f (& $loss).Value.ToScalar()

# A hand-written SGD loop: the gradient step through the pipeline
foreach ($step in 1..$Steps) {
    $g = Get-Gradient -Loss $loss -Param $W, $b
    $W, $b = $W, $b | Update-Param -Gradient $g -LearningRate $LearningRate
    if ($step % 25 -eq 0) { "step {0,3}: loss {1:G6}" -f $step, (& $loss).Value.ToScalar() }
}
"W after training:"
$W.Value

# The same fit with an optimiser: ADAM from fresh parameters, 60 steps
$W = New-Param -Name W -Value (New-Tensor -Shape 2, 5 -Random -Seed 1)
$b = New-Param -Name b -Value (New-Tensor -Shape 2 -Random -Seed 2)
$opt = New-Optimiser -Type ADAM -LearningRate 0.05
$state = $null
foreach ($i in 1..60) {
    $step = Invoke-Optimiser -Optimiser $opt -Param $W, $b -Gradient (Get-Gradient -Loss $loss -Param $W, $b) -State $state
    $state = $step.State; $W, $b = $step.Param
}
$step
"ADAM, 60 steps: loss {0:G6}" -f (& $loss).Value.ToScalar()

# Layers: m = Chain(Dense(10, 5, σ), Dense(5, 2), softmax), and its parameters, params(m)
$m = New-Chain -Layer (New-Dense -In 10 -Out 5 -Activation Sigmoid -Seed 1), (New-Dense -In 5 -Out 2 -Seed 2), (New-Softmax)
$m.ToString()
Get-Param -Model $m                                       # params(m)
