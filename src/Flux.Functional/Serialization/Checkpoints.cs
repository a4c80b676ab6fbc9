using System.Runtime.InteropServices;

namespace Flux;

/// <summary>
/// Checkpoints of training as JSON files: a model's parameters, its optimiser state and the step
/// count, saved atomically and read back exactly, so that a run resumed from a checkpoint
/// continues bit for bit as if it had never stopped.
/// </summary>
/// <remarks>
/// <para>The file is <c>{"format": "Flux.Checkpoint", "version": 1, "sha256": ..., "payload": {...}}</c>.
/// Every tensor records its element type: a Float32 tensor has <c>"type": "Float32"</c>, and one
/// without a type is Float64 (so a float64 model's file is byte for byte what versions before
/// float32 wrote, and they read it). Each element is stored as the hex
/// digits of its IEEE 754 bits: 16 for a double (<c>"3ff0000000000000"</c> is 1.0), 8 for a float
/// (<c>"3f800000"</c>), so −0.0, NaN payloads, infinities and subnormals survive exactly. <c>sha256</c> is the
/// hash of the payload's bytes as written, so a changed digit is detected, not loaded.</para>
/// <para>Files are streamed: a save writes through a 64 KiB buffer and a read parses through one, so
/// the memory either takes beyond the model itself stays small and constant, whatever the model's size.
/// An optimiser state may nest up to <see cref="MaxNesting"/> wrappers.</para>
/// <para>A save writes a temporary file in the same folder, flushes it to disk and renames it over
/// the target: a crash leaves either the old file or the new one, never half of one, and the next
/// save to that path deletes the temporary files such a crash left. A failed read throws
/// <see cref="CheckpointException"/> naming the file and the problem and changes nothing.</para>
/// <para>Loading goes into a model built by the same code (a template): parameters are matched by
/// position, name and shape, and take the template's identities; optimiser state keyed by the
/// saved identities is rekeyed to them. A parameter saved in another element type than the
/// template's is refused, unless the load is asked to convert (<c>convert: true</c>), which converts
/// each saved value, and each optimiser slot, to its template parameter's type. Each load reads the file once, so everything it returns
/// comes from the same save even while another process saves to that path.</para>
/// </remarks>
public static partial class Checkpoints
{
    /// <summary>The value of the file's <c>format</c> field.</summary>
    public const string Format = "Flux.Checkpoint";

    /// <summary>The file version this library writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Saves <paramref name="model"/>'s parameters, <paramref name="state"/> (may be null) and <paramref name="step"/> to <paramref name="path"/>, atomically.</summary>
    public static void Save(string path, IModel model, OptimiserState? state, long step) => Save(path, Checkpoint.Of(model, state, step));

    /// <summary>Saves <paramref name="checkpoint"/> to <paramref name="path"/>, atomically, replacing any file there.</summary>
    /// <exception cref="ArgumentException">The optimiser state nests more than <see cref="MaxNesting"/> optimisers deep.</exception>
    /// <exception cref="IOException">The folder cannot be written; any previous file is left as it was.</exception>
    public static void Save(string path, Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(checkpoint);
        CheckNesting(checkpoint.Optimiser, nameof(checkpoint));
        WriteAtomically(path, stream => Write(stream, checkpoint));
    }

    /// <summary>Reads the checkpoint at <paramref name="path"/>, in one pass over the file.</summary>
    /// <exception cref="FileNotFoundException">There is no file.</exception>
    /// <exception cref="CheckpointException">The file is empty, truncated, corrupt, of another format or version, or malformed; the message says which.</exception>
    public static Checkpoint Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream stream;
        try { stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan); }
        catch (FileNotFoundException) { throw; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(path, $"cannot be read: {e.Message}", e);
        }
        using (stream) return ReadFrom(stream, path);
    }

    /// <summary>
    /// Loads the checkpoint at <paramref name="path"/> into a model shaped like <paramref name="template"/>
    /// and a state of <paramref name="optimiser"/>, ready for <see cref="Training.Resume{TModel}"/>.
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="template">A model of the saved shape, whose parameters' element types the loaded ones must have.</param>
    /// <param name="optimiser">The optimiser whose state the file holds.</param>
    /// <param name="convert">True to convert values saved in another element type to the template's; false to refuse them.</param>
    /// <exception cref="CheckpointException">The file cannot be read, holds no optimiser state, or does not fit the model or the optimiser; the message says how.</exception>
    public static (TModel Model, OptimiserState State, long Step) Load<TModel>(string path, TModel template, IOptimiser optimiser, bool convert = false)
        where TModel : IModel
    {
        ArgumentNullException.ThrowIfNull(optimiser);
        var (model, state, step) = LoadInto(path, template, optimiser, convert);
        return (model, state!, step);
    }

    /// <summary>Loads only the parameters of the checkpoint at <paramref name="path"/> into a model shaped like <paramref name="template"/>.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="template">A model of the saved shape, whose parameters' element types the loaded ones must have.</param>
    /// <param name="convert">True to convert values saved in another element type to the template's; false to refuse them.</param>
    /// <exception cref="CheckpointException">The file cannot be read or does not fit the model.</exception>
    public static TModel LoadModel<TModel>(string path, TModel template, bool convert = false) where TModel : IModel =>
        LoadInto(path, template, null, convert).Model;

    /// <summary>
    /// Loads the checkpoint at <paramref name="path"/> into a model shaped like <paramref name="template"/>
    /// and, when <paramref name="optimiser"/> is given, a state of it (else null), with the step
    /// count: all from one read of the file, so they always come from the same save.
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="template">A model of the saved shape, whose parameters' element types the loaded ones must have.</param>
    /// <param name="optimiser">The optimiser whose state the file holds, or null for the model alone.</param>
    /// <param name="convert">True to convert values (and optimiser slots) saved in another element type to the template's; false to refuse them.</param>
    /// <exception cref="CheckpointException">The file cannot be read or does not fit the model (its shapes or, without <paramref name="convert"/>, its element types); or, with an optimiser, holds no optimiser state or does not fit it.</exception>
    public static (TModel Model, OptimiserState? State, long Step) LoadInto<TModel>(string path, TModel template, IOptimiser? optimiser, bool convert = false)
        where TModel : IModel
    {
        ArgumentNullException.ThrowIfNull(template);
        var checkpoint = Read(path);
        var (model, rekey) = Fit(path, checkpoint, template, convert);
        if (optimiser is null) return (model, null, checkpoint.Step);
        if (checkpoint.Optimiser is null)
            throw new CheckpointException(path, "holds a model but no optimiser state; use LoadModel, or save the state with the model.");
        var types = model.Params().ToImmutableDictionary(p => p.Id, p => p.ElementType);
        var node = Rekey(path, checkpoint.Optimiser, rekey, types, convert, "optimiser");
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
        CheckNesting(checkpoint.Optimiser, nameof(checkpoint));
        using var stream = new MemoryStream();
        Write(stream, checkpoint);
        return stream.ToArray();
    }

    /// <summary>Parses the bytes of a checkpoint file; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="CheckpointException">The bytes are not a complete, intact checkpoint of this version.</exception>
    public static Checkpoint FromJson(ReadOnlyMemory<byte> bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var stream = MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
        return ReadFrom(stream, source);
    }

    /// <summary>Reads a checkpoint from <paramref name="stream"/> in one forward pass; <paramref name="source"/> names it in errors.</summary>
    internal static Checkpoint ReadFrom(Stream stream, string source)
    {
        using var tokens = new JsonTokens(stream, source);
        return new CheckpointReader(tokens, source).ReadFile();
    }

    // The template's parameters with the checkpoint's values, matched by position, name and shape.
    private static (TModel Model, ImmutableDictionary<ParamId, ParamId> Rekey) Fit<TModel>(string path, Checkpoint checkpoint, TModel template, bool convert)
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
            if (s.ElementType != m.ElementType && !convert)
                throw new CheckpointException(path,
                    $"does not fit the model: parameter {i} ({s.Name} {s.Shape}) is {s.ElementType.Name()} in the file but {m.ElementType.Name()} in the model; " +
                    $"load it with convert: true (Import-Checkpoint -Convert) to convert it to {m.ElementType.Name()}, or convert the model with To{s.ElementType.Name()}() (ConvertTo-{s.ElementType.Name()}) first.");
            rekey[s.Id] = m.Id;
            values.Add(m.With(s.Value.ToElementType(m.ElementType)));
        }
        return template.With(Params.Of(values)) is TModel model
            ? (model, rekey.ToImmutable())
            : throw new InvalidOperationException($"LoadModel: {template.GetType().Name}.With did not return a {typeof(TModel).Name}.");
    }

    // The saved tree keyed by the model's identities, each slot in its parameter's element type (converted, or refused when it differs).
    private static StateNode Rekey(string path, StateNode node, ImmutableDictionary<ParamId, ParamId> rekey,
        ImmutableDictionary<ParamId, ElementType> types, bool convert, string where) => node with
    {
        Slots = node.Slots.Select((slot, i) => rekey.TryGetValue(slot.Param, out var id)
            ? slot with { Param = id, Value = SlotValue(path, slot, types[id], convert, $"{where}.slots[{i}]") }
            : throw new CheckpointException(path, $"is malformed: {where}.slots[{i}] ({slot.Name}) belongs to parameter #{slot.Param}, which is not among the file's parameters.")).ToImmutableArray(),
        Children = node.Children.Select((child, i) => Rekey(path, child, rekey, types, convert, $"{where}.children[{i}]")).ToImmutableArray(),
    };

    // A step count (StateSlot.TakesParameterType) is a Float64 whatever its parameter's type, and loads as saved.
    private static Tensor SlotValue(string path, StateSlot slot, ElementType type, bool convert, string where) =>
        !slot.TakesParameterType ? slot.Value
        : slot.Value.ElementType == type || convert
            ? slot.Value.ToElementType(type)
            : throw new CheckpointException(path,
                $"does not fit the model: {where} ({slot.Name}) is {slot.Value.ElementType.Name()} in the file but its parameter is {type.Name()}; " +
                $"load it with convert: true (Import-Checkpoint -Convert) to convert it to {type.Name()}.");

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
}
