using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// Why <see cref="LBFGS.Minimise(Func{Params, Expr}, Params, LbfgsOptions?, IProgress{MinimisationProgress}?, CancellationToken)"/>
/// ended. The first six are PyTorch's tests: <see cref="GradientSmall"/> at the start, then in each
/// iteration <see cref="NoDescentDirection"/> before the line search and, after it,
/// <see cref="IterationLimit"/>, <see cref="EvaluationLimit"/>, <see cref="GradientSmall"/>,
/// <see cref="StepSmall"/> and <see cref="LossChangeSmall"/>, in that order. The last three are this
/// library's. Whatever the reason, the result holds the last iterate reached, so no finished work is lost.
/// </summary>
/// <remarks>
/// A closed union: the constructor is private, so the nested sealed cases are the only ones. Cases
/// compare by value (a failure by the identity of its exception) and print as their <see cref="Name"/>.
/// </remarks>
public abstract record MinimisationStop
{
    private MinimisationStop() { }

    /// <summary><c>maxᵢ |∇f(x)ᵢ| ≤ ToleranceGrad</c>: x is a stationary point to that tolerance.</summary>
    public static MinimisationStop GradientSmall { get; } = new Case("GradientSmall", converged: true);

    /// <summary>The new direction d is not one of descent: <c>∇f(x)ᵀd &gt; −ToleranceChange</c>. No step was taken.</summary>
    public static MinimisationStop NoDescentDirection { get; } = new Case("NoDescentDirection", converged: true);

    /// <summary>The last step moved no element by more than <c>ToleranceChange</c>: <c>maxᵢ |t·dᵢ| ≤ ToleranceChange</c>.</summary>
    public static MinimisationStop StepSmall { get; } = new Case("StepSmall", converged: true);

    /// <summary>The last step changed the loss by less than <c>ToleranceChange</c>.</summary>
    public static MinimisationStop LossChangeSmall { get; } = new Case("LossChangeSmall", converged: true);

    /// <summary><c>MaxIterations</c> iterations ran.</summary>
    public static MinimisationStop IterationLimit { get; } = new Case("IterationLimit", converged: false);

    /// <summary>The loss had been evaluated <c>MaxEvaluations</c> times or more at the end of an iteration.</summary>
    public static MinimisationStop EvaluationLimit { get; } = new Case("EvaluationLimit", converged: false);

    /// <summary>
    /// The loss or an element of its gradient was NaN or infinite at a point the solver evaluated
    /// (the start, or a trial of a line search). The result holds the last iterate before it.
    /// PyTorch goes on with the NaN instead.
    /// </summary>
    public static MinimisationStop NonFiniteLoss { get; } = new Case("NonFiniteLoss", converged: false);

    /// <summary>The cancellation token was cancelled, or the loss threw an <see cref="OperationCanceledException"/>.</summary>
    public static MinimisationStop Cancelled { get; } = new Case("Cancelled", converged: false);

    /// <summary>The loss, its gradient or the progress callback threw <paramref name="error"/>; the result holds the last iterate before it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    [Pure]
    public static MinimisationStop Failed(Exception error) => new FailedCase(error);

    /// <summary>Every case's name, in declaration order (<c>Failed</c> last).</summary>
    public static ImmutableArray<string> Names { get; } =
        [.. new[] { GradientSmall, NoDescentDirection, StepSmall, LossChangeSmall, IterationLimit, EvaluationLimit, NonFiniteLoss, Cancelled }.Select(c => c.Name), "Failed"];

    /// <summary>The case's name, one of <see cref="Names"/>.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// True for the four tolerance tests, which say the solver has nothing more to gain from
    /// iterating (a small gradient, no descent direction, a small step or a small change of loss);
    /// false when a limit, a non-finite value, a cancellation or a failure ended it.
    /// </summary>
    public abstract bool Converged { get; }

    /// <summary>The name, with the exception's type and message for a failure.</summary>
    public sealed override string ToString() => this is FailedCase f ? $"{Name}: {f.Error.GetType().Name}: {f.Error.Message}" : Name;

    /// <summary>A case without data; there is one instance of each.</summary>
    public sealed record Case : MinimisationStop
    {
        internal Case(string name, bool converged) => (Name, Converged) = (name, converged);

        /// <inheritdoc/>
        public override string Name { get; }

        /// <inheritdoc/>
        public override bool Converged { get; }
    }

    /// <summary>The loss, its gradient or the progress callback threw <see cref="Error"/>.</summary>
    public sealed record FailedCase : MinimisationStop
    {
        internal FailedCase(Exception error) => Error = error ?? throw new ArgumentNullException(nameof(error));

        /// <summary>The exception, as thrown.</summary>
        public Exception Error { get; }

        /// <inheritdoc/>
        public override string Name => "Failed";

        /// <inheritdoc/>
        public override bool Converged => false;
    }
}
