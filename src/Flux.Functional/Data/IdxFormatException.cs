namespace Flux;

/// <summary>
/// An IDX file (the MNIST family's format) that cannot be read as images or labels. The message and
/// the properties name the file and the byte offset of the problem.
/// </summary>
/// <remarks>
/// For a gzipped file the offset counts bytes of the decompressed content (the IDX bytes), not of
/// the file on disk. Like <see cref="CsvFormatException"/> it is a <see cref="FormatException"/>.
/// </remarks>
public sealed class IdxFormatException : FormatException
{
    /// <summary>An error at byte <paramref name="offset"/> (0-based) of <paramref name="path"/>.</summary>
    public IdxFormatException(string path, long offset, string problem)
        : base($"{path}, byte {offset}: {problem}")
    {
        Path = path;
        Offset = offset;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The byte offset, 0-based, in the IDX content (decompressed, for a gzipped file).</summary>
    public long Offset { get; }
}
