using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Flux;

/// <summary>Writing checkpoint files: streamed to disk, atomically, with stale temporary files removed.</summary>
public static partial class Checkpoints
{
    /// <summary>The deepest optimiser state a checkpoint holds: wrappers nested inside one another.</summary>
    public const int MaxNesting = (JsonTokens.MaxDepth - 8) / 2;

    /// <summary>How long a temporary file of a save must have been left untouched before a later save deletes it.</summary>
    public static readonly TimeSpan StaleTemporaryAge = TimeSpan.FromMinutes(1);

    private const int FlushAt = 64 * 1024;
    private const int HashDigits = 64;

    private static readonly JsonWriterOptions Pretty = new()
    {
        Indented = true, MaxDepth = JsonTokens.MaxDepth, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // The file around the payload, laid out as an indented writer lays it out (with the platform's line ends).
    private static readonly string NewLine = Environment.NewLine;
    private static readonly byte[] Head = Encoding.UTF8.GetBytes($"{{{NewLine}  \"format\": \"{Format}\",{NewLine}  \"version\": {Version},{NewLine}  \"sha256\": \"");
    private static readonly byte[] BeforePayload = Encoding.UTF8.GetBytes($"\",{NewLine}  \"payload\": ");
    private static readonly byte[] Tail = Encoding.UTF8.GetBytes($"{NewLine}}}\n");

    /// <summary>
    /// Writes <paramref name="checkpoint"/> to <paramref name="stream"/> (seekable, at its end) as it
    /// goes, through a buffer of 64 KiB: the payload is hashed as it is written and the hash put
    /// into its place in the header afterwards.
    /// </summary>
    internal static void Write(Stream stream, Checkpoint checkpoint)
    {
        stream.Write(Head);
        var hashAt = stream.Position;
        stream.Write(Encoding.ASCII.GetBytes(new string('0', HashDigits)));
        stream.Write(BeforePayload);
        var payload = new PayloadWriter(stream);
        payload.Write(checkpoint);
        stream.Write(Tail);
        var end = stream.Position;
        stream.Position = hashAt;
        stream.Write(Encoding.ASCII.GetBytes(Convert.ToHexString(payload.Hash).ToLowerInvariant()));
        stream.Position = end;
    }

    private static void CheckNesting(StateNode? root, string paramName)
    {
        var deepest = 0;
        var pending = new Stack<(StateNode Node, int Depth)>();
        if (root is not null) pending.Push((root, 0));
        while (pending.TryPop(out var next))
        {
            deepest = Math.Max(deepest, next.Depth);
            foreach (var child in next.Node.Children) pending.Push((child, next.Depth + 1));
        }
        if (deepest > MaxNesting)
            throw new ArgumentException($"Checkpoints: the optimiser state nests {deepest} optimisers deep; a checkpoint holds at most {MaxNesting}.", paramName);
    }

    /// <summary>The payload's JSON, written through a small buffer to the stream and hashed on the way.</summary>
    private sealed class PayloadWriter(Stream stream)
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(2 * FlushAt);
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        /// <summary>The SHA-256 of the bytes written, once <see cref="Write"/> has returned.</summary>
        public byte[] Hash { get; private set; } = [];

        public void Write(Checkpoint checkpoint)
        {
            using (var w = new Utf8JsonWriter(_buffer, Pretty))
            {
                w.WriteStartObject();
                w.WriteNumber("step", checkpoint.Step);
                w.WriteStartArray("params");
                foreach (var p in checkpoint.Params)
                {
                    w.WriteStartObject();
                    w.WriteString("id", p.Id.Value.ToString("D"));
                    w.WriteString("name", p.Name);
                    WriteTensor(w, p.Value);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WritePropertyName("optimiser");
                if (checkpoint.Optimiser is null) w.WriteNullValue(); else WriteNode(w, checkpoint.Optimiser);
                w.WriteEndObject();
                Drain(w);
            }
            Hash = _hash.GetHashAndReset();
            _hash.Dispose();
        }

        private void Drain(Utf8JsonWriter w)
        {
            w.Flush();
            _hash.AppendData(_buffer.WrittenSpan);
            stream.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
        }

        private void WriteTensor(Utf8JsonWriter w, Tensor t)
        {
            w.WriteStartArray("shape");
            foreach (var d in t.Shape.Dims) w.WriteNumberValue(d);
            w.WriteEndArray();
            // Float64 is the default, so a float64 tensor is written as before float32 existed (older readers read it).
            if (t.ElementType != ElementType.Float64) w.WriteString("type", t.ElementType.Name());
            w.WriteStartArray("data");
            Span<byte> hex = stackalloc byte[16];
            if (t.Single is { } floats)
                for (var i = 0; i < floats.Length; i++)
                {
                    w.WriteStringValue(Hex(floats[i], hex));
                    if (w.BytesPending >= FlushAt) Drain(w);
                }
            else
            {
                var values = t.Span;
                for (var i = 0; i < values.Length; i++)
                {
                    w.WriteStringValue(Hex(values[i], hex));
                    if (w.BytesPending >= FlushAt) Drain(w);
                }
            }
            w.WriteEndArray();
        }

        private void WriteNode(Utf8JsonWriter w, StateNode node)
        {
            Span<byte> hex = stackalloc byte[16];
            w.WriteStartObject();
            w.WriteString("kind", node.Kind);
            if (node.Key is not null) w.WriteString("key", node.Key);
            w.WriteNumber("step", node.Step);
            w.WriteStartObject("scalars");
            foreach (var (name, value) in node.Scalars.OrderBy(e => e.Key, StringComparer.Ordinal)) w.WriteString(name, Hex(value, hex));
            w.WriteEndObject();
            w.WriteStartArray("slots");
            foreach (var slot in node.Slots)
            {
                w.WriteStartObject();
                w.WriteString("param", slot.Param.Value.ToString("D"));
                w.WriteString("name", slot.Name);
                WriteTensor(w, slot.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("children");
            foreach (var child in node.Children) WriteNode(w, child);
            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    /// <summary>The 16 lower-case hex digits of the IEEE 754 bits of <paramref name="x"/>, as UTF-8 in <paramref name="into"/>.</summary>
    private static ReadOnlySpan<byte> Hex(double x, Span<byte> into)
    {
        BitConverter.DoubleToInt64Bits(x).TryFormat(into, out var written, "x16", CultureInfo.InvariantCulture);
        return into[..written];
    }

    /// <summary>The 8 lower-case hex digits of the IEEE 754 bits of <paramref name="x"/>, as UTF-8 in <paramref name="into"/>.</summary>
    private static ReadOnlySpan<byte> Hex(float x, Span<byte> into)
    {
        BitConverter.SingleToInt32Bits(x).TryFormat(into, out var written, "x8", CultureInfo.InvariantCulture);
        return into[..written];
    }

    private static void WriteAtomically(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? throw new IOException($"checkpoint {path}: cannot tell its folder.");
        Directory.CreateDirectory(folder);
        RemoveStaleTemporaries(folder, Path.GetFileName(full));
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>
    /// Deletes the temporary files an interrupted save of <paramref name="name"/> left in
    /// <paramref name="folder"/>: those untouched for <see cref="StaleTemporaryAge"/> that no save
    /// holds open. Files of other checkpoints are left alone, and a file that cannot be deleted is skipped.
    /// </summary>
    private static void RemoveStaleTemporaries(string folder, string name)
    {
        var prefix = $".{name}.";
        string[] files;
        try { files = Directory.GetFiles(folder, "*.tmp"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        foreach (var file in files)
        {
            var n = Path.GetFileName(file);
            if (n.Length != prefix.Length + 36 || !n.StartsWith(prefix, StringComparison.Ordinal) || !n.EndsWith(".tmp", StringComparison.Ordinal)
                || n.AsSpan(prefix.Length, 32).ContainsAnyExcept("0123456789abcdef"))
                continue;
            try
            {
                if (File.GetLastWriteTimeUtc(file) > DateTime.UtcNow - StaleTemporaryAge) continue;
                // Exclusive, so a save still writing it (which holds it open) is not disturbed; deleted on close.
                using var _ = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }
}
