using System.Management.Automation;

namespace Flux.PowerShell.Internal;

/// <summary>
/// Lets a model parameter take the outcome of training or of <c>Import-Checkpoint</c>, which become
/// their evaluation model (<see cref="TrainingOutcome.EvaluationModel"/>,
/// <see cref="CheckpointContents.EvaluationModel"/>): <c>Measure-Accuracy -Model $result</c> measures
/// an average or schedule-free's <c>x</c> without the user naming it. A model, or anything else, is
/// left to the ordinary conversion.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class EvaluationModelTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc/>
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject o ? o.BaseObject : inputData) switch
        {
            TrainingOutcome outcome => outcome.EvaluationModel,
            CheckpointContents contents => contents.EvaluationModel,
            _ => inputData,
        };
}
