using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// Why a training fold ended: it <see cref="Completed"/>, a <see cref="Callback"/> stopped it early,
/// a loss or a step went non-finite (<see cref="NonFiniteLoss"/>, <see cref="NonFiniteParameterCase"/>),
/// it was <see cref="Cancelled"/>, or it <see cref="FailedCase">failed</see> with an exception.
/// Whatever the reason, the <see cref="TrainingResult{TModel}"/> holds the model and optimiser state
/// of the last step that completed, so no finished work is lost.
/// </summary>
/// <remarks>
/// A closed union: the constructor is private, so the nested sealed cases are the only ones. Cases
/// compare by value (a failure by the identity of its exception) and print as their
/// <see cref="Name"/> (a failure adds its exception's message).
/// </remarks>
public abstract record TrainingStop
{
    private TrainingStop() { }

    /// <summary>Every epoch ran.</summary>
    public static TrainingStop Completed { get; } = new CompletedCase();

    /// <summary>The stop callback asked to stop (early stopping).</summary>
    public static TrainingStop Callback { get; } = new CallbackCase();

    /// <summary>
    /// A batch's loss was NaN or infinite. Its step was not taken: the result holds the model and
    /// state from before it, and the non-finite loss is the last entry of the history.
    /// </summary>
    public static TrainingStop NonFiniteLoss { get; } = new NonFiniteLossCase();

    /// <summary>
    /// The cancellation token was cancelled, or the loss, the optimiser or a callback threw an
    /// <see cref="OperationCanceledException"/>. The result holds the last completed step.
    /// </summary>
    public static TrainingStop Cancelled { get; } = new CancelledCase();

    /// <summary>
    /// A step made parameter <paramref name="parameter"/> NaN or infinite (while the loss before it was
    /// finite). The step was not kept: the result holds the model and state from before it, and that
    /// step's (finite) loss is the last entry of the history.
    /// </summary>
    [Pure]
    public static TrainingStop NonFiniteParameter(string parameter) => new NonFiniteParameterCase(parameter);

    /// <summary>
    /// The loss, the gradient, the optimiser step or a callback threw <paramref name="error"/>
    /// (other than a cancellation). The result holds the last completed step and the losses of the
    /// completed steps.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    [Pure]
    public static TrainingStop Failed(Exception error) => new FailedCase(error);

    /// <summary>The case's name: <c>Completed</c>, <c>Callback</c>, <c>NonFiniteLoss</c>, <c>NonFiniteParameter</c>, <c>Cancelled</c> or <c>Failed</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The name, with the parameter or the exception's type and message where the case has one.</summary>
    public sealed override string ToString() => this switch
    {
        NonFiniteParameterCase p => $"{Name} ({p.Parameter})",
        FailedCase f => $"{Name}: {f.Error.GetType().Name}: {f.Error.Message}",
        _ => Name,
    };

    /// <summary>Every epoch ran.</summary>
    public sealed record CompletedCase : TrainingStop
    {
        internal CompletedCase() { }
        /// <inheritdoc/>
        public override string Name => "Completed";
    }

    /// <summary>The stop callback asked to stop.</summary>
    public sealed record CallbackCase : TrainingStop
    {
        internal CallbackCase() { }
        /// <inheritdoc/>
        public override string Name => "Callback";
    }

    /// <summary>A batch's loss was NaN or infinite; its step was not taken.</summary>
    public sealed record NonFiniteLossCase : TrainingStop
    {
        internal NonFiniteLossCase() { }
        /// <inheritdoc/>
        public override string Name => "NonFiniteLoss";
    }

    /// <summary>Training was cancelled; the result holds the last completed step.</summary>
    public sealed record CancelledCase : TrainingStop
    {
        internal CancelledCase() { }
        /// <inheritdoc/>
        public override string Name => "Cancelled";
    }

    /// <summary>A step made <see cref="Parameter"/> NaN or infinite; the step was not kept.</summary>
    public sealed record NonFiniteParameterCase : TrainingStop
    {
        internal NonFiniteParameterCase(string parameter) => Parameter = parameter ?? throw new ArgumentNullException(nameof(parameter));
        /// <summary>The name of the first parameter (in the model's order) that the step made non-finite.</summary>
        public string Parameter { get; }
        /// <inheritdoc/>
        public override string Name => "NonFiniteParameter";
    }

    /// <summary>A step threw <see cref="Error"/>; the result holds the last completed step.</summary>
    public sealed record FailedCase : TrainingStop
    {
        internal FailedCase(Exception error) => Error = error ?? throw new ArgumentNullException(nameof(error));
        /// <summary>The exception, as thrown.</summary>
        public Exception Error { get; }
        /// <inheritdoc/>
        public override string Name => "Failed";
    }
}
