using System.Text.Json;

namespace Flux;

/// <summary>
/// Reads a checkpoint file in one forward pass over its tokens, hashing the payload's bytes as they
/// pass, and names the JSON path of anything malformed. Fields may come in any order; values no
/// checkpoint holds are skipped.
/// </summary>
internal sealed class CheckpointReader(JsonTokens tokens, string source)
{
    /// <summary>A payload that is valid JSON but not a checkpoint's; reported once the checksum is known.</summary>
    private sealed class Malformed(string problem) : Exception(problem);

    private static Malformed Wrong(string where, string problem) => new($"{where} {problem}");

    /// <summary>Reads the whole file.</summary>
    public Checkpoint ReadFile()
    {
        tokens.NextRequired();
        if (tokens.Type != JsonTokenType.StartObject) throw NotACheckpoint();
        string? format = null, recorded = null, version = null, sha = null;
        bool versionOk = false, sawPayload = false;
        (Checkpoint? Value, Malformed? Error, string? Hash) payload = default;
        while (NextProperty(out var name))
        {
            tokens.NextRequired();
            switch (name)
            {
                case "format":
                    format = tokens.Type == JsonTokenType.String ? tokens.Text : null;
                    break;
                case "version":
                    version = tokens.Type is JsonTokenType.Number ? tokens.Text : tokens.Describe();
                    versionOk = tokens.Integer == Checkpoints.Version;
                    break;
                case "sha256":
                    recorded = tokens.Type == JsonTokenType.String ? tokens.Text : null;
                    sha = recorded is null ? $"is {tokens.Describe()}, not a string." : null;
                    break;
                case "payload":
                    sawPayload = true;
                    payload = Payload();
                    break;
            }
            tokens.SkipValue();
        }
        if (tokens.Next()) throw new CheckpointException(source, "is corrupt: more JSON follows its object.");
        if (format != Checkpoints.Format) throw NotACheckpoint();
        if (!versionOk) throw new CheckpointException(source, $"has version {version ?? "(none)"}; this library reads version {Checkpoints.Version}.");
        if (recorded is null) throw Problem(new Malformed($"sha256 {sha ?? "is missing."}"));
        if (!sawPayload) throw Problem(Wrong("payload", "is missing."));
        if (payload.Hash is { } actual && !string.Equals(actual, recorded, StringComparison.OrdinalIgnoreCase))
            throw new CheckpointException(source, $"is corrupt: its payload's SHA-256 is {actual} but the file records {recorded}.");
        return payload.Value ?? throw Problem(payload.Error!);
    }

    private CheckpointException NotACheckpoint() =>
        new(source, $"is not a Flux checkpoint: it has no \"format\": \"{Checkpoints.Format}\" field.");

    private CheckpointException Problem(Malformed e) => new(source, $"is malformed: {e.Message}", e);

    // The payload whose first token is current, with the hash of its bytes; a malformed one reads on to its end.
    private (Checkpoint?, Malformed?, string?) Payload()
    {
        if (tokens.Type != JsonTokenType.StartObject) return (null, Wrong("payload", $"is {tokens.Describe()}, not an object."), null);
        var depth = tokens.Depth;
        tokens.StartHash(tokens.Offset);
        (Checkpoint? value, Malformed? error) = (null, null);
        try { value = ReadPayload(); }
        catch (Malformed e) { error = e; }
        tokens.SkipToEndAt(depth);
        tokens.At = "";
        return (value, error, Convert.ToHexString(tokens.EndHash()).ToLowerInvariant());
    }

    // Reads a property name, or the end of the object (false).
    private bool NextProperty(out string name)
    {
        tokens.NextRequired();
        name = tokens.Text ?? "";
        return tokens.Type == JsonTokenType.PropertyName;
    }

    private void Expect(JsonTokenType type, string what, string where)
    {
        if (tokens.Type != type) throw Wrong(where, $"is {tokens.Describe()}, not {what}.");
    }

    private string String(string where)
    {
        Expect(JsonTokenType.String, "a string", where);
        return tokens.Text!;
    }

    private long Count(string where) =>
        tokens.Type == JsonTokenType.Number && tokens.Integer is { } n && n >= 0 ? n : throw Wrong(where, $"is {tokens.Describe()}, not a count.");

    private ParamId Id(string where)
    {
        var text = String(where);
        return Guid.TryParseExact(text, "D", out var g) ? new ParamId(g) : throw Wrong(where, $"is \"{text}\", not an identity.");
    }

    private double Double(string where)
    {
        var text = tokens.Type == JsonTokenType.String ? tokens.Text! : throw Wrong(where, $"is {tokens.Describe()}, not 16 hex digits.");
        return text.Length == 16 && long.TryParse(text, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var bits)
            ? BitConverter.Int64BitsToDouble(bits)
            : throw Wrong(where, $"is \"{text}\", not 16 hex digits.");
    }

    private Checkpoint ReadPayload()
    {
        long? step = null;
        Params? parameters = null;
        var sawOptimiser = false;
        StateNode? node = null;
        while (NextProperty(out var name))
        {
            tokens.NextRequired();
            switch (name)
            {
                case "step": step = Count("payload.step"); break;
                case "params": parameters = ReadParams(); break;
                case "optimiser":
                    sawOptimiser = true;
                    node = tokens.Type == JsonTokenType.Null ? null : Node("optimiser");
                    break;
                default: tokens.SkipValue(); break;
            }
        }
        if (step is null) throw Wrong("payload.step", "is missing.");
        if (parameters is null) throw Wrong("payload.params", "is missing.");
        if (!sawOptimiser) throw Wrong("optimiser", "is missing (it is null for a model alone).");
        return new Checkpoint(parameters, node, step.Value);
    }

    private Params ReadParams()
    {
        Expect(JsonTokenType.StartArray, "an array", "payload.params");
        var ps = new List<Param>();
        for (tokens.NextRequired(); tokens.Type != JsonTokenType.EndArray; tokens.NextRequired())
        {
            var where = $"params[{ps.Count}]";
            var (id, name, value) = Entry(where, "id");
            if (name is null) throw Wrong($"{where}.name", "is missing.");
            if (string.IsNullOrWhiteSpace(name)) throw Wrong($"{where}.name", "is empty.");
            ps.Add(new Param(id ?? throw Wrong($"{where}.id", "is missing."), name, value));
        }
        try { return Params.Of(ps); }
        catch (ArgumentException e) { throw Wrong("params", e.Message); }
    }

    // An object of an identity (named idName), a name, a shape, an element type (Float64 when absent) and data; the tensor is checked here.
    private (ParamId? Id, string? Name, Tensor Value) Entry(string where, string idName)
    {
        Expect(JsonTokenType.StartObject, "an object", where);
        (ParamId? id, string? name, Shape? shape, ElementType? type, Array? data, int count) = (null, null, null, null, null, 0);
        ElementType? dataType = null;
        while (NextProperty(out var field))
        {
            tokens.NextRequired();
            tokens.At = $"{where}.{field}";
            if (field == idName) id = Id(tokens.At);
            else if (field == "name") name = String(tokens.At);
            else if (field == "shape") shape = ReadShape(tokens.At);
            else if (field == "type") type = ReadType(tokens.At);
            else if (field == "data")
            {
                Expect(JsonTokenType.StartArray, "an array", tokens.At);
                var at = tokens.At;
                (data, count, var read) = tokens.HexArray(type, shape?.Length, (i, problem) => Wrong($"{at}[{i}]", problem));
                dataType = read;
            }
            else tokens.SkipValue();
        }
        if (shape is null) throw Wrong($"{where}.shape", "is missing.");
        if (data is null) throw Wrong($"{where}.data", "is missing.");
        var declared = type ?? ElementType.Float64;
        if (count > 0 && dataType != declared)
            throw Wrong($"{where}.data", $"holds {dataType!.Value.Name()} values ({(dataType == ElementType.Float32 ? 8 : 16)} hex digits each) but {where}.type is {declared.Name()}{(type is null ? " (absent)" : "")}.");
        if (count != shape.Value.Length)
            throw Wrong($"{where}.data", $"has {count} values but the shape {shape} needs {shape.Value.Length}.");
        if (count == 0) data = declared == ElementType.Float32 ? Array.Empty<float>() : Array.Empty<double>();
        return (id, name, Tensor.Own(shape.Value, data));
    }

    private ElementType ReadType(string where) => String(where) switch
    {
        "Float64" => ElementType.Float64,
        "Float32" => ElementType.Float32,
        var other => throw Wrong(where, $"is \"{other}\", not an element type (Float64 or Float32)."),
    };

    private Shape ReadShape(string where)
    {
        Expect(JsonTokenType.StartArray, "an array", where);
        var dims = new List<int>();
        for (tokens.NextRequired(); tokens.Type != JsonTokenType.EndArray; tokens.NextRequired())
        {
            if (tokens.Type != JsonTokenType.Number || tokens.Integer is not (>= int.MinValue and <= int.MaxValue))
            {
                var what = tokens.Type == JsonTokenType.Number ? tokens.Text : tokens.Describe();
                throw Wrong(where, $"holds {what}, not a dimension.");
            }
            dims.Add((int)tokens.Integer.Value);
        }
        try { return Shape.Of([.. dims]); }
        catch (ArgumentException e) { throw Wrong(where, e.Message); }
    }

    private StateNode Node(string where)
    {
        Expect(JsonTokenType.StartObject, "an object", where);
        (string? kind, string? key, long? step) = (null, null, null);
        ImmutableDictionary<string, double>.Builder? scalars = null;
        ImmutableArray<StateSlot>.Builder? slots = null;
        ImmutableArray<StateNode>.Builder? children = null;
        while (NextProperty(out var field))
        {
            tokens.NextRequired();
            tokens.At = $"{where}.{field}";
            switch (field)
            {
                case "kind": kind = String(tokens.At); break;
                case "key": key = String(tokens.At); break;
                case "step": step = Count(tokens.At); break;
                case "scalars":
                    Expect(JsonTokenType.StartObject, "an object", tokens.At);
                    scalars = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
                    while (NextProperty(out var name))
                    {
                        tokens.NextRequired();
                        scalars[name] = Double($"{where}.scalars.{name}");
                    }
                    break;
                case "slots":
                    Expect(JsonTokenType.StartArray, "an array", tokens.At);
                    slots = ImmutableArray.CreateBuilder<StateSlot>();
                    for (tokens.NextRequired(); tokens.Type != JsonTokenType.EndArray; tokens.NextRequired())
                    {
                        var at = $"{where}.slots[{slots.Count}]";
                        var (id, name, value) = Entry(at, "param");
                        slots.Add(new StateSlot(id ?? throw Wrong($"{at}.param", "is missing."), name ?? throw Wrong($"{at}.name", "is missing."), value));
                    }
                    break;
                case "children":
                    Expect(JsonTokenType.StartArray, "an array", tokens.At);
                    children = ImmutableArray.CreateBuilder<StateNode>();
                    for (tokens.NextRequired(); tokens.Type != JsonTokenType.EndArray; tokens.NextRequired())
                        children.Add(Node($"{where}.children[{children.Count}]"));
                    break;
                default: tokens.SkipValue(); break;
            }
        }
        if (kind is null) throw Wrong($"{where}.kind", "is missing.");
        if (step is null) throw Wrong($"{where}.step", "is missing.");
        return new StateNode(kind, step.Value,
            slots?.ToImmutable() ?? throw Wrong($"{where}.slots", "is missing."),
            scalars?.ToImmutable() ?? throw Wrong($"{where}.scalars", "is missing."),
            children?.ToImmutable() ?? throw Wrong($"{where}.children", "is missing.")) { Key = key };
    }
}
