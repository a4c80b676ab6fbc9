namespace Flux;

/// <summary>Why a training fold ended.</summary>
public enum TrainingStop
{
    /// <summary>Every epoch ran.</summary>
    Completed,

    /// <summary>The stop callback asked to stop (early stopping).</summary>
    Callback,

    /// <summary>
    /// A batch's loss was NaN or infinite. Its step was not taken: the result holds the model and
    /// state from before it, and the non-finite loss is the last entry of the history.
    /// </summary>
    NonFiniteLoss,
}
