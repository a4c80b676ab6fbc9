using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// The laws every optimiser obeys (OPTIMISERS.md), as a check anyone can run on any
/// <see cref="IOptimiser"/>, including their own rules, alone or on their own model:
/// <code>
/// var report = OptimiserLaws.Check(new SignSgd(0.01));
/// Assert.True(report.AllHold, report.ToString());
/// var perLayer = OptimiserLaws.Check(Optimisers.PerLayer(model, SGD(), ADAM()), model);
/// </code>
/// </summary>
/// <remarks>
/// Without parameters, the check builds three from <c>seed</c> (a 3×2 matrix, a vector of 5 and a
/// scalar, elements in [-1, 1]) plus a fourth, <c>frozen</c>, that never gets a gradient. Given a
/// model or parameters (so that a <see cref="Partition"/> or <see cref="Frozen"/> built from them
/// knows them), it uses those, and the last of them (when there are two or more) never gets a
/// gradient. It then takes <c>steps</c> steps with gradients whose elements have magnitudes in
/// [0.1, 1] and random signs, and <c>descentSteps</c> steps on the convex problem of
/// <see cref="Descent"/> (a convex quadratic). Each law is reported separately with the first step that broke it; an
/// exception thrown by the optimiser fails the law it broke, at the step it was thrown.
/// </remarks>
public static partial class OptimiserLaws
{
    /// <summary>A step never changes its inputs: parameters, gradients and state, every array of each compared with a copy taken before the step.</summary>
    public const string Purity = "purity";
    /// <summary>Equal inputs give equal outputs, bit for bit (parameters and state).</summary>
    public const string Determinism = "determinism";
    /// <summary>The new state has the same kind, slots and shapes as the old, and counts one more step.</summary>
    public const string StateShapes = "state shapes";
    /// <summary>Every output is finite when the inputs are, at every step of both trajectories.</summary>
    public const string Finiteness = "finiteness";
    /// <summary>The first step moves each element against the sign of its gradient.</summary>
    public const string FirstStepDirection = "first-step direction";
    /// <summary>A parameter with no gradient keeps its value and its state.</summary>
    public const string MissingGradient = "missing gradient";
    /// <summary><c>Restore(state.ToNode())</c> gives the same state, and stepping from it gives the same result.</summary>
    public const string RestoreRoundTrip = "restore round trip";
    /// <summary>
    /// Every new parameter keeps its element type, and every state slot that holds values of its
    /// parameter (<see cref="StateSlot.TakesParameterType"/>: all but step counts) has its parameter's element type.
    /// </summary>
    public const string ElementTypes = "element types";

    /// <summary>Checks every law on <paramref name="optimiser"/> with parameters built from <paramref name="seed"/>.</summary>
    /// <param name="optimiser">Any optimiser.</param>
    /// <param name="seed">Seeds the parameters, the gradients and the convex problem.</param>
    /// <param name="steps">How many steps to take with random gradients (at least 1).</param>
    /// <param name="descentSteps">How many steps to take on the convex problem (at least 1).</param>
    /// <param name="elementType">The parameters' element type (the gradients take it too).</param>
    [Pure]
    public static LawReport Check(IOptimiser optimiser, int seed = 0, int steps = 3, int descentSteps = 20, ElementType elementType = ElementType.Float64) =>
        Check(optimiser, Params.Of(
            new Param("W", Tensor.Uniform(new Seed(seed), -1, 1, 3, 2)),
            new Param("b", Tensor.Uniform(new Seed(seed + 1), -1, 1, 5)),
            new Param("s", Tensor.Scalar(Tensor.Uniform(new Seed(seed + 2), -1, 1, 1)[0])),
            new Param("frozen", Tensor.Uniform(new Seed(seed + 3), -1, 1, 2))).ToElementType(elementType), seed, steps, descentSteps);

    /// <summary>Checks every law on <paramref name="optimiser"/> stepping the parameters of <paramref name="model"/>.</summary>
    /// <inheritdoc cref="Check(IOptimiser, Params, int, int, int)"/>
    [Pure]
    public static LawReport Check(IOptimiser optimiser, IModel model, int seed = 0, int steps = 3, int descentSteps = 20) =>
        Check(optimiser, (model ?? throw new ArgumentNullException(nameof(model))).Params(), seed, steps, descentSteps);

    /// <summary>Checks every law on <paramref name="optimiser"/> stepping <paramref name="parameters"/> (their identities, shapes and values).</summary>
    /// <param name="optimiser">Any optimiser.</param>
    /// <param name="parameters">At least one parameter, of either element type (each gradient takes its parameter's); with two or more, the last gets no gradient (the missing-gradient law).</param>
    /// <param name="seed">Seeds the gradients and the convex problem.</param>
    /// <param name="steps">How many steps to take with random gradients (at least 1).</param>
    /// <param name="descentSteps">How many steps to take on the convex problem (at least 1).</param>
    /// <exception cref="ArgumentException">No parameters.</exception>
    [Pure]
    public static LawReport Check(IOptimiser optimiser, Params parameters, int seed = 0, int steps = 3, int descentSteps = 20)
    {
        ArgumentNullException.ThrowIfNull(optimiser);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0) throw new ArgumentException("OptimiserLaws.Check: at least one parameter is needed.", nameof(parameters));
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(descentSteps, 1);
        var ps = parameters;
        var withGradient = ps.Count == 1 ? ps.ToArray() : ps.Take(ps.Count - 1).ToArray();
        var grads = Enumerable.Range(0, steps).Select(k => GradientsFor(withGradient, seed + 100 * (k + 1))).ToArray();
        var problem = new ConvexProblem(ps, seed);
        var results = ImmutableArray.CreateBuilder<LawResult>();
        results.Add(Law(Purity, () => CheckPurity(optimiser, ps, grads)));
        results.Add(Law(Determinism, () => CheckDeterminism(optimiser, ps, grads)));
        results.Add(Law(StateShapes, () => CheckStateShapes(optimiser, ps, grads)));
        results.Add(Law(Finiteness, () => CheckFiniteness(optimiser, ps, grads) ?? problem.Finiteness(optimiser, descentSteps)));
        results.Add(Law(FirstStepDirection, () => CheckDirection(optimiser, ps, grads[0])));
        results.Add(Law(Descent, () => problem.Check(optimiser, descentSteps)));
        results.Add(Law(MissingGradient, () => CheckMissingGradient(optimiser, ps, grads)));
        results.Add(Law(RestoreRoundTrip, () => CheckRestore(optimiser, ps, grads)));
        results.Add(Law(ElementTypes, () => CheckElementTypes(optimiser, ps, grads)));
        return new LawReport(optimiser.ToString() ?? optimiser.GetType().Name, results.ToImmutable());
    }

    /// <summary>What broke a law, and at which step (null when not at one step).</summary>
    private readonly record struct Failure(int? Step, string Detail);

    // Gradients for the given parameters: magnitudes in [0.1, 1], random signs.
    private static Grads GradientsFor(IReadOnlyList<Param> ps, int seed) =>
        Grads.Of(ps.Select((p, i) =>
        {
            var magnitude = Tensor.Uniform(new Seed(seed + i), 0.1, 1, p.Shape.Dims).ToArray();
            var sign = Tensor.Rand(new Seed(seed + i + 50), p.Shape.Dims).Span;
            for (var j = 0; j < magnitude.Length; j++) if (sign[j] < 0.5) magnitude[j] = -magnitude[j];
            return new KeyValuePair<Param, Tensor>(p, Tensor.FromArray(magnitude, p.Shape.Dims).ToElementType(p.ElementType));
        }));

    private static LawResult Law(string name, Func<Failure?> check)
    {
        try
        {
            return check() is { } failure ? new LawResult(name, false, failure.Detail, failure.Step) : new LawResult(name, true, "holds");
        }
        catch (Exception e)
        {
            return new LawResult(name, false, $"threw {e.GetType().Name}: {e.Message}");
        }
    }

    // Walks the trajectory from Init, calling visit(step, state before, params before, grads, state after, params after) at each step;
    // an exception from the optimiser is a failure at the step that threw it.
    private static Failure? Walk(IOptimiser opt, Params ps, Grads[] grads, Func<int, OptimiserState, Params, Grads, OptimiserState, Params, string?> visit)
    {
        var state = opt.Init(ps);
        for (var k = 0; k < grads.Length; k++)
        {
            try
            {
                var (next, updated) = opt.Step(state, ps, grads[k]);
                if (visit(k + 1, state, ps, grads[k], next, updated) is { } failure) return new Failure(k + 1, failure);
                (state, ps) = (next, updated);
            }
            catch (Exception e)
            {
                return new Failure(k + 1, $"step {k + 1} threw {e.GetType().Name}: {e.Message}");
            }
        }
        return null;
    }

    // A copy of the node that shares no array with it: a rule that writes into its state's arrays changes the state, not the copy.
    private static StateNode DeepCopy(StateNode node) => node with
    {
        Slots = [.. node.Slots.Select(s => s with { Value = s.Value.Copy() })],
        Children = [.. node.Children.Select(DeepCopy)],
    };

    // Copies of every input (the state's arrays too) taken before each step, compared with the inputs after it.
    private static Failure? CheckPurity(IOptimiser opt, Params ps, Grads[] grads)
    {
        var state = opt.Init(ps);
        for (var k = 0; k < grads.Length; k++)
        {
            var (t, g) = (k + 1, grads[k]);
            // Copies compared through Equals, which reads a Float32 tensor's own floats, not a widened copy made earlier.
            var (node, values, gradValues) = (DeepCopy(state.ToNode()), ps.Select(x => x.Value.Copy()).ToArray(), g.Select(x => x.Value.Copy()).ToArray());
            try
            {
                var (next, updated) = opt.Step(state, ps, g);
                if (Difference(node, state.ToNode(), "state") is { } changed) return new Failure(t, $"step {t} changed the state it was given: {changed}");
                for (var i = 0; i < ps.Count; i++)
                    if (!ps[i].Value.Equals(values[i])) return new Failure(t, $"step {t} changed the value of parameter {ps[i].Name}.");
                var j = 0;
                foreach (var (q, v) in g)
                    if (!v.Equals(gradValues[j++])) return new Failure(t, $"step {t} changed the gradient of {q.Name}.");
                (state, ps) = (next, updated);
            }
            catch (Exception e)
            {
                return new Failure(t, $"step {t} threw {e.GetType().Name}: {e.Message}");
            }
        }
        return null;
    }

    // Where two nodes differ: a slot's values, a scalar, the step count or a child.
    private static string? Difference(StateNode expected, StateNode actual, string path)
    {
        if (expected.Equals(actual)) return null;
        foreach (var (e, a) in expected.Slots.Zip(actual.Slots))
            if (!e.Value.Equals(a.Value)) return $"{path} ({expected.Kind}) slot '{e.Name}' of #{e.Param} was written.";
        for (var i = 0; i < Math.Min(expected.Children.Length, actual.Children.Length); i++)
            if (Difference(expected.Children[i], actual.Children[i], $"{path}[{i}]") is { } inner) return inner;
        return $"{path} ({expected.Kind}) is not what it was.";
    }

    private static Failure? CheckDeterminism(IOptimiser opt, Params ps, Grads[] grads) =>
        Walk(opt, ps, grads, (t, before, p, g, after, updated) =>
        {
            var (again, updatedAgain) = opt.Step(before, p, g);
            for (var i = 0; i < updated.Count; i++)
                if (!updated[i].Value.Equals(updatedAgain[i].Value)) return $"step {t}: parameter {updated[i].Name} differs between two equal steps.";
            return after.ToNode().Equals(again.ToNode()) ? null : $"step {t}: the state differs between two equal steps.";
        });

    private static Failure? CheckStateShapes(IOptimiser opt, Params ps, Grads[] grads) =>
        Walk(opt, ps, grads, (t, before, _, _, after, _) =>
        {
            if (after.StepCount != before.StepCount + 1)
                return $"step {t}: the step count went from {before.StepCount} to {after.StepCount}, not up by one.";
            return SameShape(before.ToNode(), after.ToNode(), "state") is { } difference ? $"step {t}: {difference}" : null;
        });

    private static string? SameShape(StateNode a, StateNode b, string path)
    {
        if (a.Kind != b.Kind) return $"{path} changed kind from '{a.Kind}' to '{b.Kind}'.";
        var sa = a.Slots.Select(s => (s.Param, s.Name, s.Value.Shape)).OrderBy(s => s.Param.Value).ThenBy(s => s.Name, StringComparer.Ordinal).ToArray();
        var sb = b.Slots.Select(s => (s.Param, s.Name, s.Value.Shape)).OrderBy(s => s.Param.Value).ThenBy(s => s.Name, StringComparer.Ordinal).ToArray();
        if (!sa.SequenceEqual(sb)) return $"{path} ({a.Kind}) changed its slots or their shapes.";
        if (a.Children.Length != b.Children.Length) return $"{path} ({a.Kind}) changed its number of children.";
        for (var i = 0; i < a.Children.Length; i++)
            if (SameShape(a.Children[i], b.Children[i], $"{path}[{i}]") is { } difference) return difference;
        return null;
    }

    private static Failure? CheckFiniteness(IOptimiser opt, Params ps, Grads[] grads) =>
        Walk(opt, ps, grads, (t, _, _, _, after, updated) => NotFinite(t, after, updated));

    private static string? NotFinite(int t, OptimiserState after, Params updated)
    {
        foreach (var p in updated)
            if (!p.Value.IsFinite()) return $"step {t}: parameter {p.Name} is not finite.";
        return Slots(after.ToNode()).FirstOrDefault(s => !s.Value.IsFinite()) is { } bad
            ? $"step {t}: state slot '{bad.Name}' of #{bad.Param} is not finite."
            : null;
    }

    private static IEnumerable<StateSlot> Slots(StateNode node) => node.Slots.Concat(node.Children.SelectMany(Slots));

    private static Failure? CheckDirection(IOptimiser opt, Params ps, Grads grads)
    {
        var (_, updated) = opt.Step(opt.Init(ps), ps, grads);
        foreach (var (p, g) in grads)
        {
            ReadOnlySpan<double> before = p.Value.Span, after = updated[p].Value.Span, gradient = g.Span;
            for (var i = 0; i < before.Length; i++)
            {
                var moved = after[i] - before[i];
                if (moved == 0 || Math.Sign(moved) == Math.Sign(gradient[i]))
                    return new Failure(1, $"element {i} of {p.Name} moved by {moved:G6} for a gradient of {gradient[i]:G6}; the first step must move against the gradient.");
            }
        }
        return null;
    }

    private static Failure? CheckMissingGradient(IOptimiser opt, Params ps, Grads[] grads) =>
        Walk(opt, ps, grads, (t, before, p, g, after, updated) =>
        {
            foreach (var q in p.Where(q => !g.Contains(q)))
            {
                if (!updated[q].Value.Equals(q.Value)) return $"step {t}: parameter {q.Name} has no gradient but its value changed.";
                var (old, @new) = (Slots(before.ToNode()).Where(s => s.Param == q.Id), Slots(after.ToNode()).Where(s => s.Param == q.Id));
                if (!old.SequenceEqual(@new)) return $"step {t}: parameter {q.Name} has no gradient but its state changed.";
            }
            return null;
        });

    private static Failure? CheckRestore(IOptimiser opt, Params ps, Grads[] grads) =>
        Walk(opt, ps, grads, (t, before, p, g, after, updated) =>
        {
            var restored = opt.Restore(before.ToNode());
            if (!restored.ToNode().Equals(before.ToNode())) return $"step {t}: Restore(ToNode()) gave another state.";
            var (again, updatedAgain) = opt.Step(restored, p, g);
            for (var i = 0; i < updated.Count; i++)
                if (!updated[i].Value.Equals(updatedAgain[i].Value)) return $"step {t}: a step from the restored state moved {updated[i].Name} differently.";
            return after.ToNode().Equals(again.ToNode()) ? null : $"step {t}: a step from the restored state gave another state.";
        });

    private static Failure? CheckElementTypes(IOptimiser opt, Params ps, Grads[] grads)
    {
        var types = ps.ToDictionary(p => p.Id, p => p.ElementType);
        return Walk(opt, ps, grads, (t, _, _, _, after, updated) =>
        {
            foreach (var p in updated)
                if (p.ElementType != types[p.Id]) return $"step {t}: parameter {p.Name} became {p.ElementType}; it was {types[p.Id]}.";
            return Slots(after.ToNode()).FirstOrDefault(s => s.TakesParameterType && types.TryGetValue(s.Param, out var type) && s.Value.ElementType != type) is { } bad
                ? $"step {t}: state slot '{bad.Name}' of #{bad.Param} is {bad.Value.ElementType}; its parameter is {types[bad.Param]}."
                : null;
        });
    }
}
