# Models and training as a PowerShell user meets them: chains that stay whole, results that pipe.
BeforeAll {
    Import-Module Flux
    $iris = Join-Path $PSScriptRoot '../../examples/data/iris.csv'
    function New-Model { $m = New-Chain (New-Dense 4 8 Relu -Seed 1), (New-Dense 8 3 -Seed 2), (New-Softmax); return $m }
}

Describe 'New-Chain' {
    It 'stays one object in the pipeline and through a function' {
        $m = New-Model
        $m.GetType().Name | Should -Be 'Chain'
        ($m | Measure-Object).Count | Should -Be 1
        $m.Count | Should -Be 3
        $m[0].ToString() | Should -Be 'Dense(4 => 8, relu)'
    }
}

Describe 'Invoke-Training' {
    BeforeAll {
        $data = Import-Dataset -Path $iris -Target species
        $result = Invoke-Training -Model (New-Model) -Optimiser (New-Optimiser ADAM -LearningRate 0.01) -Loss CrossEntropy -Data $data -Epochs 3 -BatchSize 50 -Seed 1 -ProgressAction SilentlyContinue
    }

    It 'returns the history as objects with Step, Epoch, Batch and Loss' {
        $result.History.Count | Should -Be 9
        $result.History[-1].Step | Should -Be 9
        $result.History[-1].Epoch | Should -Be 3
        $result.History[-1].Batch | Should -Be 3
        ($result.History | Measure-Object -Property Loss -Maximum).Maximum | Should -Be ($result.Losses | Measure-Object -Maximum).Maximum
    }

    It 'exports the history to CSV as it is' {
        $csv = Join-Path $TestDrive 'history.csv'
        $result.History | Export-Csv -LiteralPath $csv
        $rows = Import-Csv -LiteralPath $csv
        $rows.Count | Should -Be 9
        ($rows[0].PSObject.Properties.Name) | Should -Be @('Step', 'Epoch', 'Batch', 'Loss')
    }

    It 'converts to JSON' {
        $json = $result | ConvertTo-Json -Depth 3 | ConvertFrom-Json
        $json.Step | Should -Be 9
        $json.Epochs | Should -Be 3
    }

    It 'cannot be changed by assignment' {
        { $result.Step = 999 } | Should -Throw -ExpectedMessage '*ReadOnly*'
    }

    It 'completes -Loss with the loss names' {
        $c = TabExpansion2 -inputScript 'Invoke-Training -Loss Cross' -cursorColumn 27
        $c.CompletionMatches.CompletionText | Should -Contain 'CrossEntropy'
    }

    It 'measures the accuracy of the model it returns, and of a chain a function returns' {
        Measure-Accuracy -Model $result.Model -Data $data | Should -BeOfType [double]
        Measure-Accuracy -Model (New-Model) -Data $data | Should -BeLessOrEqual 1
    }
}

Describe 'Invoke-Minimisation' {
    BeforeAll {
        # 2 (p - 3)^2 + (q + 1)^2, minimised at p = 3, q = -1.
        $p = New-Param -Name p -Value (New-Tensor -Shape 1 -Value 0)
        $q = New-Param -Name q -Value (New-Tensor -Shape 1 -Value 0)
        $fit = Invoke-Minimisation -Loss { 2 * ($p - 3).Square().Sum() + ($q + 1).Square().Sum() } -Param $p, $q -ToleranceGrad 1e-10 -ToleranceChange 1e-15
    }

    It 'finds the minimiser of a quadratic and says why it stopped' {
        $fit.Converged | Should -BeTrue
        $p2, $q2 = $fit.Param
        $p2.Value[0] | Should -BeGreaterThan 2.999999
        $p2.Value[0] | Should -BeLessThan 3.000001
        $q2.Value[0] | Should -BeGreaterThan -1.000001
        $q2.Value[0] | Should -BeLessThan -0.999999
        $fit.Stop.Name | Should -BeIn @('GradientSmall', 'NoDescentDirection', 'StepSmall', 'LossChangeSmall')
    }

    It 'leaves the parameters given as they were' {
        $p.Value[0] | Should -Be 0
        $q.Value[0] | Should -Be 0
    }

    It 'shows its table columns as properties, for Select-Object and ConvertTo-Json' {
        $row = $fit | Select-Object Iterations, Evaluations, FinalLoss, Stop
        $row.Iterations | Should -Be ($fit.Losses.Count - 1)
        ($fit | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue | ConvertFrom-Json).Evaluations | Should -Be $fit.Evaluations
    }

    It 'refuses a setting out of range with a message naming it' {
        { Invoke-Minimisation -Loss { $p.Square().Sum() } -Param $p -C2 1.5 } | Should -Throw -ExpectedMessage '*C2 must be in (0, 1); got 1.5*'
    }
}
