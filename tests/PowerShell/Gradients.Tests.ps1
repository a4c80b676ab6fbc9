# The cmdlet tests a PowerShell user would write: tensors, parameters, gradients and updates.
# Run by `dotnet test` (tests/Unit's PesterSuiteTests, in the hosted engine), or in pwsh with the
# module on the module path: Invoke-Pester tests/PowerShell
BeforeAll {
    Import-Module Flux
}

Describe 'New-Tensor' {
    It 'makes a matrix from values in column-major order' {
        $t = New-Tensor -Shape 2, 2 -Value 1, 2, 3, 4
        $t.Shape.ToString() | Should -Be '(2, 2)'
        $t[1, 0] | Should -Be 2
        $t.Values | Should -Be @(1, 2, 3, 4)
    }

    It 'is the same under the same seed' {
        (New-Tensor -Shape 3 -Random -Seed 7).Values | Should -Be (New-Tensor -Shape 3 -Random -Seed 7).Values
    }

    It 'throws a terminating error when the values do not fill the shape' {
        { New-Tensor -Shape 2, 3 -Value 1 } | Should -Throw -ExpectedMessage '*cannot fill shape (2, 3)*'
    }

    It 'shows its values to ConvertTo-Json' {
        (New-Tensor -Shape 2 -Value 0.5, 1.5 | ConvertTo-Json | ConvertFrom-Json).Values | Should -Be @(0.5, 1.5)
    }
}

Describe 'Get-Gradient' {
    BeforeAll {
        $W = New-Param -Name W -Value (New-Tensor -Shape 2 -Value 1, -3)
        $b = New-Param -Name b -Value (New-Tensor -Shape 2 -Value 0.5, 0.5)
    }

    It 'differentiates a loss written with the fluent methods of a parameter' {
        $g = Get-Gradient -Loss { $W.Square().Sum() } -Param $W
        $g[$W].Values | Should -Be @(2, -6)
    }

    It 'gives one row per parameter with the columns of its view as properties' {
        $g = Get-Gradient -Loss { ($W + $b).Sum() } -Param $W, $b
        $rows = $g | Select-Object Param, Shape, Norm
        $rows.Param | Should -Be @('W', 'b')
        $rows[0].Shape | Should -Be '(2,)'
        $rows[0].Norm | Should -BeGreaterThan 1.41
    }

    It 'updates parameters through the pipeline without changing them' {
        $g = Get-Gradient -Loss { $W.Square().Sum() } -Param $W
        $W2 = $W | Update-Param -Gradient $g -LearningRate 0.5
        $W2.Value.Values | Should -Be @(0, 0)
        $W.Value.Values | Should -Be @(1, -3)
        $W2.SameIdentity($W) | Should -BeTrue
    }
}

Describe 'New-Optimiser' {
    It 'throws on a negative learning rate instead of returning $null' {
        { New-Optimiser ADAM -Eta -1 } | Should -Throw
    }

    It 'steps and counts its steps' {
        $W = New-Param -Name W -Value (New-Tensor -Shape 2 -Value 1, 2)
        $g = Get-Gradient -Loss { $W.Sum() } -Param $W
        $step = Invoke-Optimiser -Optimiser (New-Optimiser SGD -Eta 0.1) -Param $W -Gradient $g
        $step.Step | Should -Be 1
        $step.Param[0].Value.Values | Should -Be @(0.9, 1.9)
        { $step.Step = 5 } | Should -Throw -ExpectedMessage '*ReadOnly*'
    }
}
