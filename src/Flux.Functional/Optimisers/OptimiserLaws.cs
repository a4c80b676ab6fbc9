using System.Collections.Immutable;
using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// The laws every optimiser obeys (OPTIMISERS.md), as a check anyone can run on any
/// <see cref="IOptimiser"/>, including their own rules:
/// <code>
/// var report = OptimiserLaws.Check(new SignSgd(0.01));
/// Assert.True(report.AllHold, report.ToString());
/// </code>
/// </summary>
/// <remarks>
/// The check builds three parameters from <c>seed</c> (a 3×2 matrix, a vector of 5 and a scalar,
/// elements in [-1, 1]) plus a fourth, <c>frozen</c>, that never gets a gradient, and takes
/// <c>steps</c> steps with gradients whose elements have magnitudes in [0.1, 1] and random signs.
/// Each law is reported separately; an exception thrown by the optimiser fails the law it broke.
/// </remarks>
public static class OptimiserLaws
{
    /// <summary>A step never changes its inputs (parameters, gradients, state).</summary>
    public const string Purity = "purity";
    /// <summary>Equal inputs give equal outputs, bit for bit (parameters and state).</summary>
    public const string Determinism = "determinism";
    /// <summary>The new state has the same kind, slots and shapes as the old, and counts one more step.</summary>
    public const string StateShapes = "state shapes";
    /// <summary>Every output is finite when the inputs are.</summary>
    public const string Finiteness = "finiteness";
    /// <summary>The first step moves each element against the sign of its gradient.</summary>
    public const string FirstStepDirection = "first-step direction";
    /// <summary>A parameter with no gradient keeps its value and its state.</summary>
    public const string MissingGradient = "missing gradient";
    /// <summary><c>Restore(state.ToNode())</c> gives the same state, and stepping from it gives the same result.</summary>
    public const string RestoreRoundTrip = "restore round trip";

    /// <summary>Checks every law on <paramref name="optimiser"/>.</summary>
    /// <param name="optimiser">Any optimiser.</param>
    /// <param name="seed">Seeds the parameters and gradients.</param>
    /// <param name="steps">How many steps to take (at least 1).</param>
    [Pure]
    public static LawReport Check(IOptimiser optimiser, int seed = 0, int steps = 3)
    {
        ArgumentNullException.ThrowIfNull(optimiser);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var ps = Params.Of(
            new Param("W", Tensor.Uniform(seed, -1, 1, 3, 2)),
            new Param("b", Tensor.Uniform(seed + 1, -1, 1, 5)),
            new Param("s", Tensor.Scalar(Tensor.Uniform(seed + 2, -1, 1, 1)[0])),
            new Param("frozen", Tensor.Uniform(seed + 3, -1, 1, 2)));
        var grads = Enumerable.Range(0, steps).Select(k => GradientsFor(ps, seed + 100 * (k + 1))).ToArray();
        var results = ImmutableArray.CreateBuilder<LawResult>();
        results.Add(Law(Purity, () => CheckPurity(optimiser, ps, grads)));
        results.Add(Law(Determinism, () => CheckDeterminism(optimiser, ps, grads)));
        results.Add(Law(StateShapes, () => CheckStateShapes(optimiser, ps, grads)));
        results.Add(Law(Finiteness, () => CheckFiniteness(optimiser, ps, grads)));
        results.Add(Law(FirstStepDirection, () => CheckDirection(optimiser, ps, grads[0])));
        results.Add(Law(MissingGradient, () => CheckMissingGradient(optimiser, ps, grads)));
        results.Add(Law(RestoreRoundTrip, () => CheckRestore(optimiser, ps, grads)));
        return new LawReport(optimiser.ToString() ?? optimiser.GetType().Name, results.ToImmutable());
    }

    // Gradients for every parameter but "frozen": magnitudes in [0.1, 1], random signs.
    private static Grads GradientsFor(Params ps, int seed) =>
        Grads.Of(ps.Where(p => p.Name != "frozen").Select((p, i) =>
        {
            var magnitude = Tensor.Uniform(seed + i, 0.1, 1, p.Shape.Dims).ToArray();
            var sign = Tensor.Rand(seed + i + 50, p.Shape.Dims).Span;
            for (var j = 0; j < magnitude.Length; j++) if (sign[j] < 0.5) magnitude[j] = -magnitude[j];
            return new KeyValuePair<Param, Tensor>(p, Tensor.FromArray(magnitude, p.Shape.Dims));
        }));

    private static LawResult Law(string name, Func<string?> check)
    {
        try
        {
            var failure = check();
            return new LawResult(name, failure is null, failure ?? "holds");
        }
        catch (Exception e)
        {
            return new LawResult(name, false, $"threw {e.GetType().Name}: {e.Message}");
        }
    }

    // Walks the trajectory from Init, calling visit(state before, params before, grads, state after, params after) at each step.
    private static string? Walk(IOptimiser opt, Params ps, Grads[] grads, Func<int, OptimiserState, Params, Grads, OptimiserState, Params, string?> visit)
    {
        var state = opt.Init(ps);
        for (var k = 0; k < grads.Length; k++)
        {
            var (next, updated) = opt.Step(state, ps, grads[k]);
            if (visit(k + 1, state, ps, grads[k], next, updated) is { } failure) return failure;
            (state, ps) = (next, updated);
        }
        return null;
    }

    private static string? CheckPurity(IOptimiser opt, Params ps, Grads[] grads) =>
        Walk(opt, ps, grads, (t, before, p, g, _, _) =>
        {
            var (node, values, gradValues) = (before.ToNode(), p.Select(x => x.Value.ToArray()).ToArray(), g.Select(x => x.Value.ToArray()).ToArray());
            _ = opt.Step(before, p, g);
            if (!before.ToNode().Equals(node)) return $"step {t} changed the state it was given.";
            for (var i = 0; i < p.Count; i++)
                if (!p[i].Value.Span.SequenceEqual(values[i])) return $"step {t} changed the value of parameter {p[i].Name}.";
            var j = 0;
            foreach (var (q, v) in g)
                if (!v.Span.SequenceEqual(gradValues[j++])) return $"step {t} changed the gradient of {q.Name}.";
            return null;
        });

    private static string? CheckDeterminism(IOptimiser opt, Params ps, Grads[] grads) =>
        Walk(opt, ps, grads, (t, before, p, g, after, updated) =>
        {
            var (again, updatedAgain) = opt.Step(before, p, g);
            for (var i = 0; i < updated.Count; i++)
                if (!updated[i].Value.Equals(updatedAgain[i].Value)) return $"step {t}: parameter {updated[i].Name} differs between two equal steps.";
            return after.ToNode().Equals(again.ToNode()) ? null : $"step {t}: the state differs between two equal steps.";
        });

    private static string? CheckStateShapes(IOptimiser opt, Params ps, Grads[] grads) =>
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

    private static string? CheckFiniteness(IOptimiser opt, Params ps, Grads[] grads) =>
        Walk(opt, ps, grads, (t, _, _, _, after, updated) =>
        {
            foreach (var p in updated)
                if (!p.Value.IsFinite()) return $"step {t}: parameter {p.Name} is not finite.";
            return Slots(after.ToNode()).FirstOrDefault(s => !s.Value.IsFinite()) is { } bad
                ? $"step {t}: state slot '{bad.Name}' of #{bad.Param} is not finite."
                : null;
        });

    private static IEnumerable<StateSlot> Slots(StateNode node) => node.Slots.Concat(node.Children.SelectMany(Slots));

    private static string? CheckDirection(IOptimiser opt, Params ps, Grads grads)
    {
        var (_, updated) = opt.Step(opt.Init(ps), ps, grads);
        foreach (var (p, g) in grads)
        {
            ReadOnlySpan<double> before = p.Value.Span, after = updated[p].Value.Span, gradient = g.Span;
            for (var i = 0; i < before.Length; i++)
            {
                var moved = after[i] - before[i];
                if (moved == 0 || Math.Sign(moved) == Math.Sign(gradient[i]))
                    return $"element {i} of {p.Name} moved by {moved:G6} for a gradient of {gradient[i]:G6}; the first step must move against the gradient.";
            }
        }
        return null;
    }

    private static string? CheckMissingGradient(IOptimiser opt, Params ps, Grads[] grads) =>
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

    private static string? CheckRestore(IOptimiser opt, Params ps, Grads[] grads) =>
        Walk(opt, ps, grads, (t, before, p, g, after, updated) =>
        {
            var restored = opt.Restore(before.ToNode());
            if (!restored.ToNode().Equals(before.ToNode())) return $"step {t}: Restore(ToNode()) gave another state.";
            var (again, updatedAgain) = opt.Step(restored, p, g);
            for (var i = 0; i < updated.Count; i++)
                if (!updated[i].Value.Equals(updatedAgain[i].Value)) return $"step {t}: a step from the restored state moved {updated[i].Name} differently.";
            return after.ToNode().Equals(again.ToNode()) ? null : $"step {t}: a step from the restored state gave another state.";
        });
}

/// <summary>The outcome of one law: its name, whether it holds, and what broke it.</summary>
/// <param name="Law">The law's name (<see cref="OptimiserLaws.Purity"/>, ...).</param>
/// <param name="Holds">True when the law holds.</param>
/// <param name="Detail">"holds", or what broke it.</param>
public sealed record LawResult(string Law, bool Holds, string Detail)
{
    /// <summary><c>✓ law</c> or <c>✗ law: detail</c>.</summary>
    public override string ToString() => Holds ? $"✓ {Law}" : $"✗ {Law}: {Detail}";
}

/// <summary>The laws checked on one optimiser by <see cref="OptimiserLaws.Check"/>.</summary>
/// <param name="Optimiser">The optimiser, as it prints itself.</param>
/// <param name="Results">One result per law.</param>
public sealed record LawReport(string Optimiser, ImmutableArray<LawResult> Results)
{
    /// <summary>True when every law holds.</summary>
    public bool AllHold => Results.All(r => r.Holds);

    /// <summary>The laws that do not hold.</summary>
    public IEnumerable<LawResult> Failures => Results.Where(r => !r.Holds);

    /// <summary>The result of the law called <paramref name="law"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such law was checked.</exception>
    public LawResult this[string law] =>
        Results.FirstOrDefault(r => r.Law == law) ?? throw new KeyNotFoundException($"LawReport: no law called '{law}'.");

    /// <summary>The optimiser, then one line per law.</summary>
    public override string ToString() => Optimiser + string.Concat(Results.Select(r => "\n  " + r));
}
