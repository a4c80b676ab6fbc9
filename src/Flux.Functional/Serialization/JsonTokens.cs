using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Flux;

/// <summary>
/// The tokens of a JSON stream, read forwards through a small buffer that is refilled as it empties,
/// so that a file of any size is read with memory of the order of its largest token. Optionally
/// hashes a stretch of the raw bytes (a checkpoint's payload) as they pass.
/// </summary>
/// <remarks>
/// Errors of the JSON itself throw <see cref="CheckpointException"/> naming the source and saying
/// whether the text ends early (truncated), nests deeper than <see cref="MaxDepth"/>, or is not
/// JSON at a line and byte, with what the reader expected there.
/// </remarks>
internal sealed partial class JsonTokens : IDisposable
{
    /// <summary>The deepest nesting read (and written): 2 levels per nested optimiser, about 500 wrappers.</summary>
    public const int MaxDepth = 1024;

    private const int InitialBuffer = 64 * 1024;
    private readonly Stream _stream;
    private readonly string _source;
    private readonly JsonReaderOptions _options = new() { MaxDepth = MaxDepth };
    private byte[] _buffer = new byte[InitialBuffer];
    private int _pos, _end;      // the unread bytes are _buffer[_pos.._end)
    private long _origin;        // the stream offset of _buffer[0]
    private bool _final;         // the stream has no more bytes
    private bool _any;           // a byte other than white space has been seen
    private JsonReaderState _state;
    private IncrementalHash? _hash;
    private long _hashFrom;      // the stream offset up to which the hashed stretch has been hashed

    /// <summary>Tokens of <paramref name="stream"/>; <paramref name="source"/> names it in errors.</summary>
    public JsonTokens(Stream stream, string source)
    {
        (_stream, _source) = (stream, source);
        _state = new JsonReaderState(_options);
    }

    /// <summary>The current token's type.</summary>
    public JsonTokenType Type { get; private set; }

    /// <summary>The stream offset where the current token starts.</summary>
    public long Offset { get; private set; }

    /// <summary>The current token's depth (0 for the root's own start and end).</summary>
    public int Depth { get; private set; }

    /// <summary>The current string or property name, unescaped; the raw text of a number; else null.</summary>
    public string? Text { get; private set; }

    /// <summary>The current number as a 64-bit integer, when it is one.</summary>
    public long? Integer { get; private set; }

    /// <summary>Where the reader is in the document (a JSON path such as <c>params[2].data</c>), for errors.</summary>
    public string At { get; set; } = "";

    /// <summary>The current token in words ("a string", "an object", ...).</summary>
    public string Describe() => Type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => $"the string \"{Text}\"",
        JsonTokenType.Number => $"the number {Text}",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => $"a {Type}",
    };

    /// <summary>Reads the next token; false at the end of the document.</summary>
    public bool Next()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_pos, _end - _pos), _final, _state);
            bool read;
            try { read = reader.Read(); }
            catch (JsonException e) { throw Invalid(e); }
            if (read)
            {
                Capture(ref reader);
                Commit(ref reader);
                return true;
            }
            if (_final) return false;
            Commit(ref reader);
            Refill();
        }
    }

    /// <summary>Reads the next token, which must exist (the document cannot end here).</summary>
    public void NextRequired()
    {
        if (!Next()) throw new CheckpointException(_source, $"is truncated: it ends before its JSON is complete{Where()}.");
    }

    /// <summary>Skips the value whose first token is current (all of an object or array).</summary>
    public void SkipValue()
    {
        if (Type is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return;
        var depth = Depth;
        do NextRequired();
        while (!(Type is JsonTokenType.EndObject or JsonTokenType.EndArray && Depth == depth));
    }

    /// <summary>Reads tokens until the end of the container at <paramref name="depth"/> is current.</summary>
    public void SkipToEndAt(int depth)
    {
        while (!(Type is JsonTokenType.EndObject or JsonTokenType.EndArray && Depth == depth)) NextRequired();
    }

    /// <summary>Starts hashing the raw bytes at <paramref name="offset"/> (the current token's or later).</summary>
    public void StartHash(long offset)
    {
        _hash?.Dispose();
        _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _hashFrom = offset;
    }

    /// <summary>Hashes up to the end of the current token (a single-byte end of object or array) and returns the hash.</summary>
    public byte[] EndHash()
    {
        HashUpTo(Offset + 1);
        var hash = _hash!.GetHashAndReset();
        _hash.Dispose();
        _hash = null;
        return hash;
    }

    private void Capture(ref Utf8JsonReader reader)
    {
        Type = reader.TokenType;
        Offset = _origin + _pos + reader.TokenStartIndex;
        Depth = reader.CurrentDepth;
        _any = true;
        (Text, Integer) = Type switch
        {
            JsonTokenType.String or JsonTokenType.PropertyName => (reader.GetString(), null),
            JsonTokenType.Number => (Encoding.UTF8.GetString(reader.ValueSpan), reader.TryGetInt64(out var n) ? n : null),
            _ => ((string?)null, (long?)null),
        };
    }

    private void Commit(ref Utf8JsonReader reader)
    {
        _pos += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    // Moves the unread bytes to the front (hashing what leaves the buffer) and reads more.
    private void Refill()
    {
        HashUpTo(_origin + _pos);
        var unread = _end - _pos;
        if (unread == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2); // one token fills the buffer
        else if (_pos > 0) Buffer.BlockCopy(_buffer, _pos, _buffer, 0, unread);
        _origin += _pos;
        (_pos, _end) = (0, unread);
        int n;
        try { n = _stream.Read(_buffer, _end, _buffer.Length - _end); }
        catch (Exception e) when (e is IOException and not CheckpointException or UnauthorizedAccessException)
        {
            throw new CheckpointException(_source, $"cannot be read at byte {_origin + _end}: {e.Message}", e);
        }
        if (n == 0) _final = true;
        if (!_any && _buffer.AsSpan(_end, n).Trim(" \t\r\n"u8).Length > 0) _any = true;
        _end += n;
    }

    private void HashUpTo(long offset)
    {
        if (_hash is null || offset <= _hashFrom) return;
        _hash.AppendData(_buffer, (int)(_hashFrom - _origin), (int)(offset - _hashFrom));
        _hashFrom = offset;
    }

    private string Where() => At.Length switch
    {
        0 => "",
        <= 160 => $" (in {At})",
        _ => $" (in {At[..60]}…{At[^80..]})",
    };

    // The reader failed on the unread bytes: the file is empty, ends early, nests too deep, or is not JSON.
    private CheckpointException Invalid(JsonException e)
    {
        if (!_any) return new CheckpointException(_source, "the file is empty.", e);
        var place = $"line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1} of that line";
        if (_final && IsPrefix())
            return new CheckpointException(_source, $"is truncated: it ends at {place}, byte {_origin + _end} of the file, before its JSON is complete{Where()}.", e);
        if (e.Message.Contains($"depth of {MaxDepth}", StringComparison.Ordinal))
            return new CheckpointException(_source, $"is corrupt: its JSON nests deeper than {MaxDepth} levels at {place}{Where()} (a checkpoint nests 2 levels for each wrapped optimiser).", e);
        return new CheckpointException(_source, $"is corrupt: it is not valid JSON at {place}{Where()}: {e.Message}", e);
    }

    // Whether the unread bytes are valid JSON that merely stops: read as if more were to come.
    private bool IsPrefix()
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_pos, _end - _pos), isFinalBlock: false, _state);
        try
        {
            while (reader.Read()) { }
            return true;
        }
        catch (JsonException) { return false; }
    }

    /// <inheritdoc/>
    public void Dispose() => _hash?.Dispose();
}
