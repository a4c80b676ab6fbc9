using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flux.Tests.Properties;

/// <summary>Checkpoints of float32 tensors: the JSON round trip is exact for any floats, beside doubles.</summary>
public class Float32CheckpointProperties
{
    private static int Bits(float x) => BitConverter.SingleToInt32Bits(x);

    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);

    [Property(MaxTest = 200)]
    public bool Any_floats_round_trip_to_the_bit(float[] values, int[] rawBits, double[] doubles, NonNegativeInt step)
    {
        // FsCheck's floats include NaN, ±∞ and ±0; raw bit patterns add every NaN payload (signalling ones too) and subnormal.
        var all = values.Concat(rawBits.Select(BitConverter.Int32BitsToSingle)).Append(-0f).ToArray();
        var p = new Param("p", Tensor.FromSingleArray(all));
        var d = new Param("d", Tensor.Vector([.. doubles, -0.0]));
        var node = new StateNode("Any", step.Get,
            [new StateSlot(p.Id, "s", Tensor.FromSingleArray(all, 1, all.Length)), new StateSlot(d.Id, "t", d.Value)],
            ImmutableDictionary<string, double>.Empty, []);
        var checkpoint = new Checkpoint(Params.Of(p, d), node, step.Get);
        var back = Checkpoints.FromJson(Checkpoints.ToJson(checkpoint), "memory");
        return back.Equals(checkpoint)
               && back.Params[0].ElementType == ElementType.Float32 && back.Params[1].ElementType == ElementType.Float64
               && back.Params[0].Value.SingleSpan.ToArray().Select(Bits).SequenceEqual(all.Select(Bits))
               && back.Optimiser!.Slots[0].Value.SingleSpan.ToArray().Select(Bits).SequenceEqual(all.Select(Bits))
               && back.Params[1].Value.ToArray().Select(Bits).SequenceEqual(d.Value.ToArray().Select(Bits));
    }

    [Property(MaxTest = 100)]
    public bool Converting_on_load_equals_converting_the_saved_values(float[] values, bool toFloat64)
    {
        var finite = values.Where(float.IsFinite).Append(1.5f).ToArray();
        var saved = new Param("w", Tensor.FromSingleArray(finite));
        var path = Path.Combine(Path.GetTempPath(), $"flux-f32-{Guid.NewGuid():N}.json");
        try
        {
            Checkpoints.Save(path, new Checkpoint(Params.Of(saved), null, 0));
            var template = new One(new Param("w", Tensor.Zeros(saved.Shape, toFloat64 ? ElementType.Float64 : ElementType.Float32)));
            var loaded = Checkpoints.LoadModel(path, template, convert: true).W;
            return loaded.Id == template.W.Id && loaded.Value.Equals(saved.Value.ToElementType(template.W.ElementType));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed record One(Param W) : IModel
    {
        public Params Params() => Flux.Params.Of(W);
        public IModel With(Params ps) => new One(ps[0]);
    }
}
