using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Flux.Tests.Properties;

/// <summary>Checkpoints are read in one pass through a refilled buffer: however the bytes arrive, the result is the same.</summary>
public class CheckpointStreamProperties
{
    /// <summary>A stream that hands out at most <paramref name="most"/> bytes per read and cannot seek, like a pipe.</summary>
    private sealed class Trickle(byte[] bytes, int most) : Stream
    {
        private int _at;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _at; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, most), bytes.Length - _at);
            Array.Copy(bytes, _at, buffer, offset, n);
            _at += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Property(MaxTest = 100)]
    public bool Reading_the_bytes_in_pieces_of_any_size_gives_the_same_checkpoint(double[] values, NonEmptyString name, PositiveInt most, byte depth)
    {
        var p = new Param(name.Get.Trim().Length == 0 ? "p" : name.Get, Tensor.Vector([.. values, 1.0]));
        var node = new StateNode("Leaf", 1, [new StateSlot(p.Id, "m", Tensor.Vector([.. values, -0.0]))],
            ImmutableDictionary<string, double>.Empty.Add(name.Get, values.FirstOrDefault()), []);
        for (var i = 0; i < depth % 12; i++) node = new StateNode($"Wrap{i}", i, [], ImmutableDictionary<string, double>.Empty, [node]);
        var checkpoint = new Checkpoint(Params.Of(p), node, depth);
        var bytes = Checkpoints.ToJson(checkpoint);
        return Checkpoints.ReadFrom(new Trickle(bytes, 1 + most.Get % 17), "trickle").Equals(checkpoint)
               && Checkpoints.FromJson(bytes, "memory").Equals(checkpoint);
    }
}
