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
    /// <param name="elementType">
    /// The element type of features and targets. Float32 writes each pixel's float straight from its
    /// byte (byte / 255 rounded once, the same bits as loading in Float64 and converting), so no
    /// float64 copy of the images is ever made.
    /// </param>
    /// <exception cref="IdxFormatException">A bad magic number, type code or dimension count, a file shorter or longer than its header, different numbers of images and labels, or a label with no class.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is below 0.</exception>
    public static Dataset LoadClassification(string imagesPath, string labelsPath, IReadOnlyList<string>? classes = null, int limit = int.MaxValue,
        ElementType elementType = ElementType.Float64)
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
        var count = classes?.Count ?? 1 + labels.AsSpan(0, n).ToArray().DefaultIfEmpty().Max();
        for (var j = 0; j < n; j++)
            if (labels[j] >= count)
                throw new IdxFormatException(labelsPath, 8 + j, $"label {j} is {labels[j]}, but there are {count} classes ({string.Join(", ", classes!)}).");
        var names = classes ?? Enumerable.Range(0, count).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var (featureShape, targetShape) = (Shape.Matrix(size, n), Shape.Matrix(count, n));
        var pixelCount = (long)n * size;
        return elementType == ElementType.Float32
            ? new Dataset(Tensor.Own(featureShape, Scaled<float>(pixels, pixelCount)), Tensor.Own(targetShape, OneHot<float>(labels, n, count)), names)
            : new Dataset(Tensor.Own(featureShape, Scaled<double>(pixels, pixelCount)), Tensor.Own(targetShape, OneHot<double>(labels, n, count)), names);
    }

    // The first `count` bytes as numbers byte / 255, each rounded once from the double quotient (a table of the 256 values).
    private static T[] Scaled<T>(byte[] pixels, long count) where T : struct, System.Numerics.IFloatingPoint<T>
    {
        var table = new T[256];
        for (var b = 0; b < table.Length; b++) table[b] = T.CreateChecked(b / 255.0);
        var values = new T[count];
        for (var i = 0; i < values.Length; i++) values[i] = table[pixels[i]];
        return values;
    }

    // The one-hot classes × n matrix of the first n labels, column-major.
    private static T[] OneHot<T>(byte[] labels, int n, int classes) where T : struct, System.Numerics.IFloatingPoint<T>
    {
        var targets = new T[(long)n * classes];
        for (var j = 0; j < n; j++) targets[(long)j * classes + labels[j]] = T.One;
        return targets;
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
