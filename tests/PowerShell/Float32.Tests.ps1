# Float32 as a PowerShell user meets it: made from the start, converted on the pipeline, trained and saved.
BeforeAll {
    Import-Module Flux
    $iris = Join-Path $PSScriptRoot '../../examples/data/iris.csv'
    function New-Model([switch] $Float32) {
        $m = New-Chain (New-Dense 4 8 Relu -Seed 1 -Float32:$Float32), (New-Dense 8 3 -Seed 2 -Float32:$Float32), (New-Softmax)
        return $m
    }
}

Describe '-Float32' {
    It 'makes float32 tensors, parameters, layers and datasets' {
        (New-Tensor -Shape 2, 3 -Random -Seed 1 -Float32).ElementType | Should -Be 'Float32'
        (New-Tensor -Shape 2, 3 -Random -Seed 1).ElementType | Should -Be 'Float64'
        (New-Tensor -Shape 2 -Ones -Float32 | New-Param -Name b).ElementType | Should -Be 'Float32'
        (New-Dense 4 3 -Seed 1 -Float32).Params().ElementType | Sort-Object -Unique | Should -Be 'Float32'
        (Import-Dataset -Path $iris -Target species -Float32).Features.ElementType | Should -Be 'Float32'
    }

    It 'refuses to mix the two types in arithmetic, naming the fix' {
        { (New-Tensor -Shape 2 -Ones -Float32) + (New-Tensor -Shape 2 -Ones) } | Should -Throw '*ConvertTo-Float32 / ConvertTo-Float64*'
    }
}

Describe 'ConvertTo-Float32 and ConvertTo-Float64' {
    It 'convert what comes down the pipeline and keep parameter identities' {
        $p = New-Param -Name W -Shape 2, 2 -Seed 3
        $p32 = $p | ConvertTo-Float32
        $p32.ElementType | Should -Be 'Float32'
        $p32.Id | Should -Be $p.Id
        ($p32 | ConvertTo-Float64).Value.Values | Should -Be ($p.Value | ConvertTo-Float32 | ConvertTo-Float64).Values
        $m = New-Model | ConvertTo-Float32
        $m.GetType().Name | Should -Be 'Chain'
        $m.Params().ElementType | Sort-Object -Unique | Should -Be 'Float32'
    }

    It 'write an error for anything else and go on' {
        $out = 'text', (New-Tensor -Value 1) | ConvertTo-Float32 -ErrorVariable bad -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        $bad[0].Exception.Message | Should -BeLike '*a String (text) cannot be converted to Float32*'
    }
}

Describe 'Training and checkpoints in float32' {
    BeforeAll {
        $data = Import-Dataset -Path $iris -Target species -Float32
        $opt = New-Optimiser ADAM -LearningRate 0.01
        $result = Invoke-Training -Model (New-Model -Float32) -Optimiser $opt -Loss CrossEntropy -Data $data -Epochs 3 -BatchSize 50 -Seed 1 -ProgressAction SilentlyContinue
        $path = Join-Path ([IO.Path]::GetTempPath()) "flux-pester-f32-$([guid]::NewGuid()).json"
        $result | Export-Checkpoint -Path $path
    }
    AfterAll { Remove-Item -LiteralPath $path -ErrorAction SilentlyContinue }

    It 'trains a float32 model into a float32 model' {
        $result.Model[0].W.ElementType | Should -Be 'Float32'
    }

    It 'loads back into a float32 model with its state' {
        $back = Import-Checkpoint -Path $path -Model (New-Model -Float32) -Optimiser $opt
        $back.Step | Should -Be 9
        $back.Model[0].W.Value.Values | Should -Be $result.Model[0].W.Value.Values
    }

    It 'refuses a float64 model unless -Convert' {
        { Import-Checkpoint -Path $path -Model (New-Model) -ErrorAction Stop } | Should -Throw '*is Float32 in the file but Float64 in the model*'
        (Import-Checkpoint -Path $path -Model (New-Model) -Convert).Model[0].W.ElementType | Should -Be 'Float64'
    }
}
