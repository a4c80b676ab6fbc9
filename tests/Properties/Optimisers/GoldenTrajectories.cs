using System.Globalization;
using System.Text;
using Xunit;

namespace Flux.Tests.Optimisation;

/// <summary>
/// Every row of the table, run for a fixed number of steps on one fixed problem, gives exactly the
/// bits recorded in <c>trajectories.golden</c> (and, in float32, in <c>trajectories-float32.golden</c>,
/// recorded when the rules moved to float32 arithmetic): the parameters after every step and the final state
/// (every slot and scalar of its neutral form). The file was written from the library before the
/// optimiser core was rewritten, so any change to the arithmetic of any rule or building block, in
/// any last bit, shows here. Rewrite it (<c>FLUX_WRITE_GOLDEN=1</c>) only for a deliberate change
/// of a formula, and say so in the commit.
/// </summary>
public class GoldenTrajectories
{
    private const int Steps = 7;

    // Found from the repository root above the test binary, not from the compiler's source path:
    // a CI build (ContinuousIntegrationBuild) maps source paths to "/_/", which exists nowhere.
    private static string GoldenPath(ElementType type)
    {
        var name = type == ElementType.Float32 ? "trajectories-float32.golden" : "trajectories.golden";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Flux.sln")))
                return Path.Combine(dir.FullName, "tests", "Properties", "Optimisers", name);
        throw new InvalidOperationException("no Flux.sln above " + AppContext.BaseDirectory);
    }

    private static string Hex(double x) => BitConverter.DoubleToInt64Bits(x).ToString("x16", CultureInfo.InvariantCulture);

    private static string Hex(Tensor t) => string.Join(",", t.ToArray().Select(Hex));

    /// <summary>One row's trajectory as one line: the bits of every parameter after every step, then the final state.</summary>
    public static string Trajectory(IOptimiser optimiser, ElementType type = ElementType.Float64)
    {
        var ps = Params.Of(
            new Param("W", Tensor.FromArray([0.5, -1.25, 2.0, 0.75, -0.5, 1.5], 3, 2).ToElementType(type)),
            new Param("b", Tensor.FromArray([0.1, -0.2, 0.3], 3).ToElementType(type)));
        var state = optimiser.Init(ps);
        var line = new StringBuilder();
        for (var t = 1; t <= Steps; t++)
        {
            // Gradients that change sign and size from step to step, with one exact zero.
            var grads = Grads.Of(
                (ps[0], Tensor.FromArray([.. Enumerable.Range(0, 6).Select(i => i == 4 ? 0.0 : Math.Sin(1.7 * t + i) * (1 + i % 3))], 3, 2).ToElementType(type)),
                (ps[1], Tensor.FromArray([.. Enumerable.Range(0, 3).Select(i => Math.Cos(0.9 * t - i) * 0.5)], 3).ToElementType(type)));
            (state, ps) = optimiser.Step(state, ps, grads);
            line.Append(" p").Append(t).Append('=').Append(Hex(ps[0].Value)).Append(';').Append(Hex(ps[1].Value));
        }
        line.Append(" state=").Append(Describe(state.ToNode(), [.. ps.Select(p => p.Id)]));
        return line.ToString();
    }

    // The node's contents in a fixed order, with parameter identities replaced by their position in the list.
    private static string Describe(StateNode node, List<ParamId> ids)
    {
        var slots = node.Slots.OrderBy(s => ids.IndexOf(s.Param)).ThenBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => $"{ids.IndexOf(s.Param)}.{s.Name}:{Hex(s.Value)}");
        var scalars = node.Scalars.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}:{Hex(e.Value)}");
        return $"[{(node.Key is null ? "" : node.Key + ":")}{node.Step}|{string.Join("|", slots)}|{string.Join("|", scalars)}|{string.Join("", node.Children.Select(c => Describe(c, ids)))}]";
    }

    [Theory]
    [InlineData(ElementType.Float64)]
    [InlineData(ElementType.Float32)]
    public void EveryRowRepeatsItsRecordedTrajectoryBitForBit(ElementType type)
    {
        var actual = OptimiserTable.All.ToDictionary(r => r.Name, r => Trajectory(r.Optimiser, type));
        if (Environment.GetEnvironmentVariable("FLUX_WRITE_GOLDEN") == "1")
        {
            File.WriteAllLines(GoldenPath(type), actual.Select(e => e.Key + "\t" + e.Value));
            return;
        }
        var golden = File.ReadAllLines(GoldenPath(type)).Select(l => l.Split('\t')).ToDictionary(f => f[0], f => f[1]);
        var missing = golden.Keys.Except(actual.Keys).ToArray();
        Assert.True(missing.Length == 0, "rows recorded but no longer in the table: " + string.Join(", ", missing));
        var unrecorded = actual.Keys.Except(golden.Keys).ToArray();
        Assert.True(unrecorded.Length == 0, "rows of the table with no recorded trajectory (record them with FLUX_WRITE_GOLDEN=1): " + string.Join(", ", unrecorded));
        var differ = actual.Where(e => golden.TryGetValue(e.Key, out var g) && g != e.Value).Select(e => e.Key).ToArray();
        var written = Path.Combine(Path.GetTempPath(), $"trajectories-{type}.actual");
        if (differ.Length > 0) File.WriteAllLines(written, actual.Select(e => e.Key + "\t" + e.Value));
        Assert.True(differ.Length == 0, $"{type} trajectories that changed (this run's are in {written}): " + string.Join(", ", differ));
    }
}
