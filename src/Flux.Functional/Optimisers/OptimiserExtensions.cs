using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>Optimisers over whole models: <c>(state, model) = opt.Step(state, model, grads)</c>.</summary>
public static class OptimiserExtensions
{
    /// <summary>
    /// One step over every parameter of <paramref name="model"/>: the new state and a new model of
    /// the same type, rebuilt with <see cref="IModel.With"/>. The old model is untouched.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="IOptimiser.Step"/>.</exception>
    /// <exception cref="InvalidOperationException">The model's <c>With</c> returned another type.</exception>
    [Pure]
    public static (OptimiserState State, TModel Model) Step<TModel>(this IOptimiser optimiser, OptimiserState state, TModel model, Grads grads)
        where TModel : IModel
    {
        ArgumentNullException.ThrowIfNull(optimiser);
        ArgumentNullException.ThrowIfNull(model);
        var (next, ps) = optimiser.Step(state, model.Params(), grads);
        var rebuilt = model.With(ps);
        return rebuilt is TModel m
            ? (next, m)
            : throw new InvalidOperationException(
                $"Step: {model.GetType().Name}.With returned {(rebuilt is null ? "null" : "a " + rebuilt.GetType().Name)}; IModel.With must return the model's own type.");
    }

    /// <summary>The initial state for the parameters of <paramref name="model"/>.</summary>
    [Pure]
    public static OptimiserState Init(this IOptimiser optimiser, IModel model)
    {
        ArgumentNullException.ThrowIfNull(optimiser);
        ArgumentNullException.ThrowIfNull(model);
        return optimiser.Init(model.Params());
    }
}
