# Module manifest for Flux: functional, immutable automatic differentiation and optimisers.
# The one source of the manifest; the build copies it into the module folder
# (src/Flux.PowerShell/bin/<Configuration>/Flux/).
@{
    RootModule           = 'Flux.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5f0c1c9e-6d3a-4a57-9a51-3f6f1b2e8c41'
    Author               = 'Flux for .NET contributors'
    CompanyName          = 'Flux for .NET'
    Copyright            = '(c) Flux for .NET contributors'
    Description          = 'Tracked parameters, gradients of losses written as script blocks, optimisers and layers, after Flux''s tracked-parameter workflow.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('Flux.format.ps1xml')
    TypesToProcess       = @('Flux.types.ps1xml')
    CmdletsToExport      = @(
        'New-Tensor'
        'New-Param'
        'Update-Param'
        'Get-Gradient'
        'Get-Hessian'
        'Test-Gradient'
        'New-Optimiser'
        'Get-OptimiserRule'
        'Invoke-Optimiser'
        'Set-OptimiserHyperparameter'
        'New-Schedule'
        'New-Dense'
        'New-Softmax'
        'New-Chain'
        'Get-Param'
        'Invoke-Model'
        'Import-Dataset'
        'ConvertTo-Dataset'
        'ConvertTo-Float32'
        'ConvertTo-Float64'
        'Split-Dataset'
        'Invoke-Training'
        'Invoke-Minimisation'
        'Measure-Accuracy'
        'Export-Checkpoint'
        'Import-Checkpoint'
        'Export-TrainingPlot'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('MachineLearning', 'AutomaticDifferentiation', 'Optimisation', 'Flux', 'NeuralNetworks', 'PSEdition_Core')
            # The MIT licence travels in the module folder (LICENSE); the project has no public home yet, so no ProjectUri or LicenseUri.
            ReleaseNotes = '0.1.0: tensors and tracked parameters, gradients and Hessians of script-block losses, every optimiser rule by name (New-Optimiser, Get-OptimiserRule), layers, Invoke-Training with validation accuracy and Export-TrainingPlot, Invoke-Minimisation (L-BFGS), checkpoints, Test-Gradient.'
        }
    }
}
