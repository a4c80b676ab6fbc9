namespace Flux;

/// <summary>
/// A traced loss seen as <c>x ↦ (f(x), ∇f(x))</c> on flat vectors: each call builds the parameters
/// at x, traces the loss there and takes one reverse sweep. It counts its calls, and refuses a
/// non-finite loss or gradient (<see cref="NonFiniteException"/>) so that no NaN reaches the
/// line search. Private to one run.
/// </summary>
internal sealed class Objective(Func<Params, Expr> loss, FlatLayout layout)
{
    /// <summary>Calls so far, counted before the loss runs (a call that throws counts).</summary>
    public int Evaluations { get; private set; }

    /// <summary>The loss and flat gradient at <paramref name="x"/>.</summary>
    /// <exception cref="NonFiniteException">The loss or an element of the gradient is NaN or infinite.</exception>
    public Evaluation At(ReadOnlySpan<double> x)
    {
        Evaluations++;
        var point = layout.With(x);
        var (value, grads) = Gradient.ValueAndGradient(() => loss(point), point);
        var g = layout.Gradient(grads);
        if (!double.IsFinite(value) || !FlatVector.AllFinite(g)) throw new NonFiniteException();
        return new Evaluation(value, g);
    }

    /// <summary>Thrown by <see cref="At"/> at a non-finite point; the solver turns it into <see cref="MinimisationStop.NonFiniteLoss"/>.</summary>
    internal sealed class NonFiniteException : Exception;
}
