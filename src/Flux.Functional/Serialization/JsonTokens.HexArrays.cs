using System.Buffers.Text;
using System.Text.Json;

namespace Flux;

// A checkpoint's arrays: strings of hex digits, one per IEEE 754 value, read straight into the
// values' array as the buffer passes.
internal sealed partial class JsonTokens
{
    /// <summary>
    /// Reads the strings of the array whose start is current as the hex digits of IEEE 754 bits:
    /// 16 per value for <see cref="ElementType.Float64"/>, 8 for <see cref="ElementType.Float32"/>,
    /// into a buffer of <paramref name="expected"/> values (or growing, when null). When
    /// <paramref name="type"/> is null the first value's width decides it (an empty array is Float64).
    /// Values beyond the expected count are checked and counted but not kept.
    /// </summary>
    /// <returns>
    /// The values (a <c>double[]</c> or a <c>float[]</c>), how many the array holds (exactly
    /// <paramref name="expected"/> values when the counts agree, all of them when none is expected)
    /// and their element type.
    /// </returns>
    public (Array Values, int Count, ElementType Type) HexArray(ElementType? type, int? expected, Func<int, string, Exception> malformed)
    {
        Array? values = null;
        var count = 0;
        Span<byte> unescaped = stackalloc byte[96];
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_pos, _end - _pos), _final, _state);
            while (true)
            {
                var consumed = reader.BytesConsumed;
                var state = reader.CurrentState;
                bool read;
                try { read = reader.Read(); }
                catch (JsonException e) { _pos += (int)consumed; _state = state; throw Invalid(e); }
                if (!read) break;
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    Capture(ref reader);
                    Commit(ref reader);
                    var t = type ?? ElementType.Float64;
                    values ??= t == ElementType.Float32 ? Array.Empty<float>() : Array.Empty<double>();
                    return (expected is null ? Trimmed(values, count) : values, count, t);
                }
                type ??= reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length == 8 && !reader.ValueIsEscaped ? ElementType.Float32 : ElementType.Float64;
                var digits = type == ElementType.Float32 ? 8 : 16;
                if (reader.TokenType != JsonTokenType.String || !Bits(ref reader, unescaped, digits, out var bits))
                {
                    Capture(ref reader);
                    Commit(ref reader);
                    throw malformed(count, Type == JsonTokenType.String ? $"is \"{Text}\", not {digits} hex digits." : $"is {Describe()}, not {digits} hex digits.");
                }
                values ??= Allocate(type.Value, expected);
                if (count >= values.Length && (expected is not { } cap || count < cap))
                    values = Grown(values, expected);
                if (count < values.Length)
                {
                    if (values is float[] f) f[count] = BitConverter.Int32BitsToSingle((int)bits);
                    else ((double[])values)[count] = BitConverter.Int64BitsToDouble(bits);
                }
                count = count < int.MaxValue ? count + 1 : throw malformed(count, "is beyond the largest array.");
            }
            if (_final) throw new CheckpointException(_source, $"is truncated: it ends before its JSON is complete{Where()}.");
            Commit(ref reader);
            Refill();
        }
    }

    // A first buffer: the expected count, but no more than the rest of the stream could hold (a value takes 19 bytes or more, 11 for a float).
    private Array Allocate(ElementType type, int? expected)
    {
        var room = _stream.CanSeek ? Math.Max(0, (_stream.Length - (_origin + _pos)) / (type == ElementType.Float32 ? 11 : 19)) : 1 << 16;
        var length = expected is { } n ? (int)Math.Min(n, Math.Max(room, 1 << 16)) : (int)Math.Min(room, 1 << 16);
        return type == ElementType.Float32 ? new float[length] : new double[length];
    }

    private static Array Grown(Array values, int? expected)
    {
        var length = (int)Math.Min(expected ?? Array.MaxLength, Math.Clamp(values.Length * 2L, 16, Array.MaxLength));
        var grown = Array.CreateInstance(values.GetType().GetElementType()!, length);
        Array.Copy(values, grown, values.Length);
        return grown;
    }

    private static Array Trimmed(Array values, int count)
    {
        if (values.Length == count) return values;
        var trimmed = Array.CreateInstance(values.GetType().GetElementType()!, Math.Min(count, values.Length));
        Array.Copy(values, trimmed, trimmed.Length);
        return trimmed;
    }

    private static bool Bits(ref Utf8JsonReader reader, scoped Span<byte> scratch, int digits, out long bits)
    {
        bits = 0;
        scoped ReadOnlySpan<byte> text = reader.ValueSpan;
        if (reader.ValueIsEscaped)
        {
            if (text.Length > scratch.Length) return false;
            text = scratch[..reader.CopyString(scratch)];
        }
        if (text.Length != digits || !Utf8Parser.TryParse(text, out ulong value, out var used, 'x') || used != digits) return false;
        bits = (long)value;
        return true;
    }
}
