using System.Buffers.Binary;
using System.IO.Compression;

namespace Flux;

/// <summary>
/// Datasets from IDX files, the format of MNIST and Fashion-MNIST: an images file (magic
/// <c>00 00 08 03</c>: unsigned bytes, three dimensions n × rows × columns) and a labels file
/// (<c>00 00 08 01</c>: n unsigned bytes). A file whose first two bytes are gzip's (<c>1F 8B</c>) is
/// decompressed as it is read, whatever its name. Dimensions are big-endian 32-bit counts, and the
/// bytes after the header must be exactly their product: a file shorter or longer than its header
/// says is refused. Every error is an <see cref="IdxFormatException"/> naming the file and the offset.
/// </summary>
public static class Idx
{
    private const byte UnsignedByte = 0x08;

    /// <summary>
    /// A classification dataset: sample j is image j, its pixels scaled to [0, 1] (byte / 255) as one
    /// column of rows × columns features (row-major: feature r·columns + c is pixel (r, c)); its target
    /// is label j, one-hot.
    /// </summary>
    /// <param name="imagesPath">The images file (e.g. <c>train-images-idx3-ubyte.gz</c>).</param>
    /// <param name="labelsPath">The labels file (e.g. <c>train-labels-idx1-ubyte.gz</c>).</param>
    /// <param name="classes">The class names in label order (label k is <c>classes[k]</c>); when null, <c>"0"</c> to the largest label.</param>
    /// <param name="limit">Keep only the first <paramref name="limit"/> samples (the whole files are still checked).</param>
    /// <exception cref="IdxFormatException">A bad magic number, type code or dimension count, a file shorter or longer than its header, different numbers of images and labels, or a label with no class.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is below 0.</exception>
    public static Dataset LoadClassification(string imagesPath, string labelsPath, IReadOnlyList<string>? classes = null, int limit = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        ArgumentNullException.ThrowIfNull(labelsPath);
        if (limit < 0) throw new ArgumentOutOfRangeException(nameof(limit), limit, "Idx: the limit must be 0 or more.");
        if (classes is { Count: 0 }) throw new ArgumentException("Idx: name at least one class.", nameof(classes));
        var (imageDims, pixels) = Read(imagesPath, 3);
        var (labelDims, labels) = Read(labelsPath, 1);
        if (imageDims[0] != labelDims[0])
            throw new IdxFormatException(labelsPath, 4, $"{labelDims[0]} labels for the {imageDims[0]} images of {imagesPath}.");

        var n = Math.Min(imageDims[0], limit);
        var size = imageDims[1] * imageDims[2];
        var features = new double[(long)n * size];
        for (var i = 0; i < features.Length; i++) features[i] = pixels[i] / 255.0;

        var count = classes?.Count ?? 1 + labels.AsSpan(0, n).ToArray().DefaultIfEmpty().Max();
        var targets = new double[(long)n * count];
        for (var j = 0; j < n; j++)
        {
            if (labels[j] >= count)
                throw new IdxFormatException(labelsPath, 8 + j, $"label {j} is {labels[j]}, but there are {count} classes ({string.Join(", ", classes!)}).");
            targets[(long)j * count + labels[j]] = 1.0;
        }
        var names = classes ?? Enumerable.Range(0, count).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new Dataset(Tensor.Own(Shape.Matrix(size, n), features), Tensor.Own(Shape.Matrix(count, n), targets), names);
    }

    // The dimensions and the data bytes of an IDX file of unsigned bytes with `rank` dimensions.
    private static (int[] Dims, byte[] Data) Read(string path, int rank)
    {
        using var file = File.OpenRead(path);
        using var stream = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        var offset = 0L;
        var header = new byte[4 + 4 * rank];
        offset = Fill(stream, path, header, 0, 4, offset, "the magic number");
        if (header[0] != 0 || header[1] != 0 || header[2] != UnsignedByte || header[3] != rank)
            throw new IdxFormatException(path, 0,
                $"magic number {Convert.ToHexString(header, 0, 4)}; expected 000008{rank:X2} (unsigned bytes, {rank} dimension{(rank == 1 ? "" : "s")}: {(rank == 1 ? "labels" : "images")}).");
        offset = Fill(stream, path, header, 4, 4 * rank, offset, "the dimensions");

        var dims = new int[rank];
        var total = 1L;
        for (var d = 0; d < rank; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 + 4 * d));
            if (dims[d] < 0 || (total *= dims[d]) > Array.MaxLength)
                throw new IdxFormatException(path, 4 + 4 * d, $"dimension {d + 1} is {(uint)dims[d]}; the data would not fit in memory.");
        }
        var data = new byte[total];
        Fill(stream, path, data, 0, data.Length, offset, $"the {total} data bytes that the header ({string.Join(" × ", dims)}) promises");
        if (ReadByte(stream, path, offset + total) >= 0)
            throw new IdxFormatException(path, offset + total, $"the file goes on past the {total} data bytes that the header ({string.Join(" × ", dims)}) promises.");
        return (dims, data);
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var gzip = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        file.Position = 0;
        return gzip;
    }

    // Reads exactly `count` bytes into buffer[start..]; a short read names what was missing.
    private static long Fill(Stream stream, string path, byte[] buffer, int start, int count, long offset, string what)
    {
        var got = 0;
        try
        {
            got = stream.ReadAtLeast(buffer.AsSpan(start, count), count, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException(path, offset, $"the gzip data is damaged ({e.Message}).");
        }
        if (got < count)
            throw new IdxFormatException(path, offset + got, $"the file ends {count - got} bytes short of {what}: truncated?");
        return offset + count;
    }

    private static int ReadByte(Stream stream, string path, long offset)
    {
        try
        {
            return stream.ReadByte();
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException(path, offset, $"the gzip data is damaged ({e.Message}).");
        }
    }
}
