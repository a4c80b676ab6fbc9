using FsCheck.Xunit;
using Xunit;

namespace Flux.Tests.Optimisation;

/// <summary>
/// Every row of the table in float32: the laws (element types among them), a rule's step within
/// float rounding of its float64 step on the same inputs (parameters and slots; a schedule-free
/// rule's is that step rounded once, bit for bit), and every row's
/// float32 trajectory within rounding of its float64 one.
/// </summary>
public class Float32Properties
{
    // Three parameters in float32 (values exactly representable in both types) and gradients for each step.
    private static (Params Ps, Grads[] Gradients) Problem(int seed, int steps)
    {
        var d = new Draw(seed);
        var ps = Params.Of(
            new Param("W", d.Tensor([d.Int(1, 9), d.Int(1, 3)], () => d.Uniform(-1, 1)).ToFloat32()),
            new Param("b", d.Tensor([d.Int(1, 13)], () => d.Uniform(-1, 1)).ToFloat32()),
            new Param("s", d.Tensor([], () => d.Uniform(-1, 1)).ToFloat32()));
        var gradients = Enumerable.Range(0, steps)
            .Select(_ => Grads.Of(ps.Select(p => new KeyValuePair<Param, Tensor>(p, d.Tensor(p.Shape.Dims, d.NonZero).ToFloat32()))))
            .ToArray();
        return (ps, gradients);
    }

    [Property(MaxTest = 8)]
    public void EveryRowOfTheTableObeysTheLawsInFloat32(int seed)
    {
        foreach (var row in OptimiserTable.All)
        {
            var report = OptimiserLaws.Check(row.Optimiser, seed, steps: 3, elementType: ElementType.Float32);
            Assert.True(row.Holds(report), $"{row.Name} in float32:\n{report}");
        }
    }

    [Property(MaxTest = 20)]
    public void AFloat32StepOfARuleIsWithinFloatRoundingOfItsFloat64StepOnTheSameInputs(int seed) =>
        // A float32 step runs in float32 arithmetic (ReferenceProperties pins its bits), so from the
        // same inputs it meets the float64 step to a few float ulps: 1e-6 is sixteen ulps at 1.
        EachStepBesideItsFloat64Step(seed, r => r.Optimiser is Rule or ScheduleFree, (name, _, wide, narrow) =>
        {
            for (var i = 0; i < narrow.Ps.Count; i++)
                Close(wide.Ps[i].Value, narrow.Ps[i].Value, $"{name}: {narrow.Ps[i].Name}");
            var (node64, node32) = (wide.State.ToNode(), narrow.State.ToNode());
            Assert.Equal(node64.Scalars, node32.Scalars);
            var (slots64, slots32) = (Slots(node64).ToArray(), Slots(node32).ToArray());
            Assert.Equal(slots64.Length, slots32.Length);
            for (var k = 0; k < slots32.Length; k++)
            {
                Assert.Equal(ElementType.Float32, slots32[k].Value.ElementType);
                Close(slots64[k].Value, slots32[k].Value, $"{name}: slot {slots32[k].Name} of #{slots32[k].Param}");
            }
        });

    [Property(MaxTest = 20)]
    public void AFloat32ScheduleFreeStepIsItsFloat64StepOnTheSameInputsRoundedOnce(int seed) =>
        // The schedule-free rules step float32 parameters in double (their interpolation and average need it).
        EachStepBesideItsFloat64Step(seed, r => r.Optimiser is ScheduleFree, (name, opt, wide, narrow) =>
        {
            for (var i = 0; i < narrow.Ps.Count; i++)
                Compare.Bits(wide.Ps[i].Value.ToFloat32(), narrow.Ps[i].Value, $"{name}: {narrow.Ps[i].Name}");
            Assert.Equal(opt.ConvertedFor(wide.State, narrow.Ps).ToNode(), narrow.State.ToNode());
        });

    // Four float32 steps of each chosen row, each beside the float64 step from the same inputs (the
    // float32 parameters and state, widened exactly); compare sees both results.
    private static void EachStepBesideItsFloat64Step(int seed, Func<OptimiserCase, bool> rows,
        Action<string, IOptimiser, (OptimiserState State, Params Ps), (OptimiserState State, Params Ps)> compare)
    {
        var (ps, gradients) = Problem(seed, 4);
        foreach (var row in OptimiserTable.All.Where(rows))
        {
            var opt = row.Optimiser;
            var (state, current) = (opt.Init(ps), ps);
            foreach (var g in gradients)
            {
                var wide = current.ToElementType(ElementType.Float64);
                var (state64, next64) = opt.Step(opt.ConvertedFor(state, wide), wide, g.Map(t => t.ToFloat64()));
                (state, current) = opt.Step(state, current, g);
                compare(row.Name, opt, (state64, next64), (state, current));
            }
        }
    }

    private static IEnumerable<StateSlot> Slots(StateNode node) => node.Slots.Concat(node.Children.SelectMany(Slots));

    private static void Close(Tensor expected, Tensor actual, string what)
    {
        var (e, a) = (expected.ToArray(), actual.ToArray());
        for (var j = 0; j < e.Length; j++) Compare.Close(e[j], a[j], 1.0, 1e-6, $"{what}[{j}]");
    }

    [Property(MaxTest = 10)]
    public void EveryRowsFloat32TrajectoryStaysWithinRoundingOfItsFloat64One(int seed)
    {
        var (ps, gradients) = Problem(seed, 5);
        foreach (var row in OptimiserTable.All)
        {
            var opt = row.Optimiser;
            var (s32, p32) = (opt.Init(ps), ps);
            var wide = ps.ToElementType(ElementType.Float64);
            var (s64, p64) = (opt.Init(wide), wide);
            foreach (var g in gradients)
            {
                (s32, p32) = opt.Step(s32, p32, g);
                (s64, p64) = opt.Step(s64, p64, g.Map(t => t.ToFloat64()));
            }
            for (var i = 0; i < p32.Count; i++)
            {
                Assert.Equal(ElementType.Float32, p32[i].ElementType);
                // Five steps each rounding p and the slots: a few float ulps of the values and the steps.
                var (a, b) = (p32[i].Value.ToArray(), p64[i].Value.ToArray());
                for (var j = 0; j < a.Length; j++)
                    Compare.Close(b[j], a[j], 1.0, 1e-5, $"{row.Name}: {p32[i].Name}[{j}] after {gradients.Length} steps");
            }
        }
    }
}
