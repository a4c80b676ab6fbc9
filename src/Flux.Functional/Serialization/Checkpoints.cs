using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Flux;

/// <summary>
/// Checkpoints of training as JSON files: a model's parameters, its optimiser state and the step
/// count, saved atomically and read back exactly, so that a run resumed from a checkpoint
/// continues bit for bit as if it had never stopped.
/// </summary>
/// <remarks>
/// <para>The file is <c>{"format": "Flux.Checkpoint", "version": 1, "sha256": ..., "payload": {...}}</c>.
/// Every double is stored as the 16 hex digits of its IEEE 754 bits (<c>"3ff0000000000000"</c> is
/// 1.0), so −0.0, NaN payloads, infinities and subnormals survive exactly. <c>sha256</c> is the
/// hash of the payload's bytes as written, so a changed digit is detected, not loaded.</para>
/// <para>A save writes a temporary file in the same folder, flushes it to disk and renames it over
/// the target: a crash leaves either the old file or the new one, never half of one. A failed
/// read throws <see cref="CheckpointException"/> naming the file and the problem and changes nothing.</para>
/// <para>Loading goes into a model built by the same code (a template): parameters are matched by
/// position, name and shape, and take the template's identities; optimiser state keyed by the
/// saved identities is rekeyed to them. Each load reads the file once, so everything it returns
/// comes from the same save even while another process saves to that path.</para>
/// </remarks>
public static class Checkpoints
{
    /// <summary>The value of the file's <c>format</c> field.</summary>
    public const string Format = "Flux.Checkpoint";

    /// <summary>The file version this library writes and reads.</summary>
    public const int Version = 1;

    private static readonly JsonWriterOptions Pretty = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Saves <paramref name="model"/>'s parameters, <paramref name="state"/> (may be null) and <paramref name="step"/> to <paramref name="path"/>, atomically.</summary>
    public static void Save(string path, IModel model, OptimiserState? state, long step) => Save(path, Checkpoint.Of(model, state, step));

    /// <summary>Saves <paramref name="checkpoint"/> to <paramref name="path"/>, atomically, replacing any file there.</summary>
    /// <exception cref="IOException">The folder cannot be written; any previous file is left as it was.</exception>
    public static void Save(string path, Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(checkpoint);
        WriteAtomically(path, ToJson(checkpoint));
    }

    /// <summary>Reads the checkpoint at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no file.</exception>
    /// <exception cref="CheckpointException">The file is empty, truncated, corrupt, of another format or version, or malformed; the message says which.</exception>
    public static Checkpoint Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(path, $"cannot be read: {e.Message}", e);
        }
        return FromJson(bytes, path);
    }

    /// <summary>
    /// Loads the checkpoint at <paramref name="path"/> into a model shaped like <paramref name="template"/>
    /// and a state of <paramref name="optimiser"/>, ready for <see cref="Training.Resume{TModel}"/>.
    /// </summary>
    /// <exception cref="CheckpointException">The file cannot be read, holds no optimiser state, or does not fit the model or the optimiser; the message says how.</exception>
    public static (TModel Model, OptimiserState State, long Step) Load<TModel>(string path, TModel template, IOptimiser optimiser)
        where TModel : IModel
    {
        ArgumentNullException.ThrowIfNull(optimiser);
        var (model, state, step) = LoadInto(path, template, optimiser);
        return (model, state!, step);
    }

    /// <summary>Loads only the parameters of the checkpoint at <paramref name="path"/> into a model shaped like <paramref name="template"/>.</summary>
    /// <exception cref="CheckpointException">The file cannot be read or does not fit the model.</exception>
    public static TModel LoadModel<TModel>(string path, TModel template) where TModel : IModel => LoadInto(path, template, null).Model;

    /// <summary>
    /// Loads the checkpoint at <paramref name="path"/> into a model shaped like <paramref name="template"/>
    /// and, when <paramref name="optimiser"/> is given, a state of it (else null), with the step
    /// count: all from one read of the file, so they always come from the same save.
    /// </summary>
    /// <exception cref="CheckpointException">The file cannot be read or does not fit the model; or, with an optimiser, holds no optimiser state or does not fit it.</exception>
    public static (TModel Model, OptimiserState? State, long Step) LoadInto<TModel>(string path, TModel template, IOptimiser? optimiser)
        where TModel : IModel
    {
        ArgumentNullException.ThrowIfNull(template);
        var checkpoint = Read(path);
        var (model, rekey) = Fit(path, checkpoint, template);
        if (optimiser is null) return (model, null, checkpoint.Step);
        if (checkpoint.Optimiser is null)
            throw new CheckpointException(path, "holds a model but no optimiser state; use LoadModel, or save the state with the model.");
        var node = Rekey(path, checkpoint.Optimiser, rekey, "optimiser");
        var expected = optimiser.Init(model.Params()).ToNode();
        CheckStructure(path, node, expected, "optimiser");
        try
        {
            return (model, optimiser.Restore(node), checkpoint.Step);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            throw new CheckpointException(path, $"its {node.Kind} state cannot be restored: {e.Message}", e);
        }
    }

    /// <summary>The file's text for <paramref name="checkpoint"/> (what <see cref="Save(string, Checkpoint)"/> writes).</summary>
    public static byte[] ToJson(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var payload = new MemoryStream();
        using (var w = new Utf8JsonWriter(payload, Pretty))
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
        }
        var payloadBytes = payload.ToArray();
        var file = new MemoryStream();
        using (var w = new Utf8JsonWriter(file, Pretty))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", Version);
            w.WriteString("sha256", Convert.ToHexString(SHA256.HashData(payloadBytes)).ToLowerInvariant());
            w.WritePropertyName("payload");
            w.WriteRawValue(payloadBytes, skipInputValidation: true);
            w.WriteEndObject();
        }
        file.WriteByte((byte)'\n');
        return file.ToArray();
    }

    /// <summary>Parses the bytes of a checkpoint file; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="CheckpointException">The bytes are not a complete, intact checkpoint of this version.</exception>
    public static Checkpoint FromJson(ReadOnlyMemory<byte> bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (bytes.Length == 0 || bytes.Span.Trim(" \t\r\n"u8).Length == 0)
            throw new CheckpointException(source, "the file is empty.");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(bytes); }
        catch (JsonException e)
        {
            throw new CheckpointException(source,
                $"is not complete JSON (truncated or corrupt) at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1} of that line: {e.Message}", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format)
                || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
                throw new CheckpointException(source, $"is not a Flux checkpoint: it has no \"format\": \"{Format}\" field.");
            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number
                || !version.TryGetInt32(out var v) || v != Version)
                throw new CheckpointException(source, $"has version {(root.TryGetProperty("version", out var raw) ? raw.GetRawText() : "(none)")}; this library reads version {Version}.");
            var reader = new Reader(source);
            var recorded = reader.String(root, "sha256", "");
            var payload = reader.Property(root, "payload", "", JsonValueKind.Object);
            var actual = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(payload.GetRawText()))).ToLowerInvariant();
            if (!string.Equals(actual, recorded, StringComparison.OrdinalIgnoreCase))
                throw new CheckpointException(source, $"is corrupt: its payload's SHA-256 is {actual} but the file records {recorded}.");
            return reader.ReadCheckpoint(payload);
        }
    }

    private static void WriteTensor(Utf8JsonWriter w, Tensor t)
    {
        w.WriteStartArray("shape");
        foreach (var d in t.Shape.Dims) w.WriteNumberValue(d);
        w.WriteEndArray();
        w.WriteStartArray("data");
        foreach (var x in t.Span) w.WriteStringValue(Hex(x));
        w.WriteEndArray();
    }

    private static void WriteNode(Utf8JsonWriter w, StateNode node)
    {
        w.WriteStartObject();
        w.WriteString("kind", node.Kind);
        w.WriteNumber("step", node.Step);
        w.WriteStartObject("scalars");
        foreach (var (name, value) in node.Scalars.OrderBy(e => e.Key, StringComparer.Ordinal)) w.WriteString(name, Hex(value));
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

    /// <summary>The 16 lower-case hex digits of the IEEE 754 bits of <paramref name="x"/>.</summary>
    internal static string Hex(double x) => BitConverter.DoubleToInt64Bits(x).ToString("x16", CultureInfo.InvariantCulture);

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? throw new IOException($"checkpoint {path}: cannot tell its folder.");
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
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

    // The template's parameters with the checkpoint's values, matched by position, name and shape.
    private static (TModel Model, ImmutableDictionary<ParamId, ParamId> Rekey) Fit<TModel>(string path, Checkpoint checkpoint, TModel template)
        where TModel : IModel
    {
        var mine = template.Params();
        var saved = checkpoint.Params;
        static string List(Params ps) => string.Join(", ", ps.Select(p => $"{p.Name} {p.Shape}"));
        if (mine.Count != saved.Count)
            throw new CheckpointException(path, $"does not fit the model: it holds {saved.Count} parameters ({List(saved)}) but the model has {mine.Count} ({List(mine)}).");
        var rekey = ImmutableDictionary.CreateBuilder<ParamId, ParamId>();
        var values = new List<Param>(mine.Count);
        for (var i = 0; i < mine.Count; i++)
        {
            var (m, s) = (mine[i], saved[i]);
            if (m.Name != s.Name || m.Shape != s.Shape)
                throw new CheckpointException(path, $"does not fit the model: parameter {i} is {s.Name} {s.Shape} in the file but {m.Name} {m.Shape} in the model.");
            rekey[s.Id] = m.Id;
            values.Add(m.With(s.Value));
        }
        return template.With(Params.Of(values)) is TModel model
            ? (model, rekey.ToImmutable())
            : throw new InvalidOperationException($"LoadModel: {template.GetType().Name}.With did not return a {typeof(TModel).Name}.");
    }

    private static StateNode Rekey(string path, StateNode node, ImmutableDictionary<ParamId, ParamId> rekey, string where) => node with
    {
        Slots = node.Slots.Select((slot, i) => rekey.TryGetValue(slot.Param, out var id)
            ? slot with { Param = id }
            : throw new CheckpointException(path, $"is malformed: {where}.slots[{i}] ({slot.Name}) belongs to parameter #{slot.Param}, which is not among the file's parameters.")).ToImmutableArray(),
        Children = node.Children.Select((child, i) => Rekey(path, child, rekey, $"{where}.children[{i}]")).ToImmutableArray(),
    };

    // The saved tree must have the shape the optimiser's own Init gives: kinds, children and slots.
    private static void CheckStructure(string path, StateNode saved, StateNode expected, string where)
    {
        if (saved.Kind != expected.Kind)
            throw new CheckpointException(path, $"does not fit the optimiser: {where} was saved as {saved.Kind} but the optimiser given is {expected.Kind}.");
        if (saved.Children.Length != expected.Children.Length)
            throw new CheckpointException(path, $"does not fit the optimiser: {where} ({saved.Kind}) has {saved.Children.Length} elements in the file but {expected.Children.Length} in the optimiser given.");
        static string Describe(IEnumerable<StateSlot> slots) => string.Join(", ", slots.Select(s => $"{s.Name}#{s.Param} {s.Value.Shape}").Order(StringComparer.Ordinal));
        var (a, b) = (Describe(saved.Slots), Describe(expected.Slots));
        if (a != b)
            throw new CheckpointException(path, $"does not fit the optimiser: {where} ({saved.Kind}) holds slots [{a}] but the optimiser expects [{b}].");
        for (var i = 0; i < saved.Children.Length; i++)
            CheckStructure(path, saved.Children[i], expected.Children[i], $"{where}.children[{i}]");
    }

    /// <summary>Reads the payload, naming the JSON path of anything malformed.</summary>
    private sealed class Reader(string source)
    {
        private CheckpointException Malformed(string where, string problem) => new(source, $"is malformed: {where} {problem}");

        public JsonElement Property(JsonElement obj, string name, string where, JsonValueKind kind)
        {
            var at = where.Length == 0 ? name : $"{where}.{name}";
            if (!obj.TryGetProperty(name, out var value)) throw Malformed(at, "is missing.");
            if (value.ValueKind != kind) throw Malformed(at, $"is a {value.ValueKind}, not a {kind}.");
            return value;
        }

        public string String(JsonElement obj, string name, string where) => Property(obj, name, where, JsonValueKind.String).GetString()!;

        private long Count(JsonElement obj, string name, string where)
        {
            var value = Property(obj, name, where, JsonValueKind.Number);
            return value.TryGetInt64(out var n) && n >= 0 ? n : throw Malformed($"{where}.{name}", $"is {value.GetRawText()}, not a count.");
        }

        private ParamId Id(JsonElement obj, string name, string where)
        {
            var text = String(obj, name, where);
            return Guid.TryParseExact(text, "D", out var g) ? new ParamId(g) : throw Malformed($"{where}.{name}", $"is \"{text}\", not an identity.");
        }

        private double Double(JsonElement element, string where)
        {
            if (element.ValueKind != JsonValueKind.String) throw Malformed(where, $"is a {element.ValueKind}, not 16 hex digits.");
            var text = element.GetString()!;
            return text.Length == 16 && long.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits)
                ? BitConverter.Int64BitsToDouble(bits)
                : throw Malformed(where, $"is \"{text}\", not 16 hex digits.");
        }

        private Tensor Tensor(JsonElement obj, string where)
        {
            var shapeElement = Property(obj, "shape", where, JsonValueKind.Array);
            var dims = new List<int>();
            foreach (var d in shapeElement.EnumerateArray())
                dims.Add(d.ValueKind == JsonValueKind.Number && d.TryGetInt32(out var n) ? n : throw Malformed($"{where}.shape", $"holds {d.GetRawText()}, not a dimension."));
            Shape shape;
            try { shape = Shape.Of([.. dims]); }
            catch (ArgumentException e) { throw Malformed($"{where}.shape", e.Message); }
            var dataElement = Property(obj, "data", where, JsonValueKind.Array);
            var length = dataElement.GetArrayLength();
            if (length != shape.Length)
                throw Malformed($"{where}.data", $"has {length} values but the shape {shape} needs {shape.Length}.");
            var data = new double[length];
            var i = 0;
            foreach (var x in dataElement.EnumerateArray()) { data[i] = Double(x, $"{where}.data[{i}]"); i++; }
            return Flux.Tensor.Own(shape, data);
        }

        public Checkpoint ReadCheckpoint(JsonElement payload)
        {
            var step = Count(payload, "step", "payload");
            var ps = new List<Param>();
            var i = 0;
            foreach (var p in Property(payload, "params", "payload", JsonValueKind.Array).EnumerateArray())
            {
                var where = $"params[{i++}]";
                if (p.ValueKind != JsonValueKind.Object) throw Malformed(where, "is not an object.");
                var name = String(p, "name", where);
                if (string.IsNullOrWhiteSpace(name)) throw Malformed($"{where}.name", "is empty.");
                ps.Add(new Param(Id(p, "id", where), name, Tensor(p, where)));
            }
            Params parameters;
            try { parameters = Params.Of(ps); }
            catch (ArgumentException e) { throw Malformed("params", e.Message); }
            if (!payload.TryGetProperty("optimiser", out var opt)) throw Malformed("optimiser", "is missing (it is null for a model alone).");
            var node = opt.ValueKind == JsonValueKind.Null ? null : Node(opt, "optimiser");
            return new Checkpoint(parameters, node, step);
        }

        private StateNode Node(JsonElement obj, string where)
        {
            if (obj.ValueKind != JsonValueKind.Object) throw Malformed(where, "is not an object.");
            var kind = String(obj, "kind", where);
            var step = Count(obj, "step", where);
            var scalars = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
            foreach (var s in Property(obj, "scalars", where, JsonValueKind.Object).EnumerateObject())
                scalars[s.Name] = Double(s.Value, $"{where}.scalars.{s.Name}");
            var slots = ImmutableArray.CreateBuilder<StateSlot>();
            var i = 0;
            foreach (var s in Property(obj, "slots", where, JsonValueKind.Array).EnumerateArray())
            {
                var at = $"{where}.slots[{i++}]";
                if (s.ValueKind != JsonValueKind.Object) throw Malformed(at, "is not an object.");
                slots.Add(new StateSlot(Id(s, "param", at), String(s, "name", at), Tensor(s, at)));
            }
            var children = ImmutableArray.CreateBuilder<StateNode>();
            i = 0;
            foreach (var c in Property(obj, "children", where, JsonValueKind.Array).EnumerateArray())
                children.Add(Node(c, $"{where}.children[{i++}]"));
            return new StateNode(kind, step, slots.ToImmutable(), scalars.ToImmutable(), children.ToImmutable());
        }
    }
}
