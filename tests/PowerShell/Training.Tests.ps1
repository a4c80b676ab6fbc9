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
