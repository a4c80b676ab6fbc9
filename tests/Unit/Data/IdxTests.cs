using System.Buffers.Binary;
using System.IO.Compression;
using Xunit;

namespace Flux.Tests.Unit.Data;

/// <summary>The IDX reader on small files written here: plain and gzipped, good and broken.</summary>
public sealed class IdxTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // An IDX file of unsigned bytes: 00 00 08 rank, the big-endian dimensions, then the data.
    internal static byte[] IdxBytes(int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)dims.Length;
        for (var d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    internal static string WriteFile(string dir, string name, byte[] bytes, bool gzip)
    {
        var path = Path.Combine(dir, name);
        using var file = File.Create(path);
        if (gzip)
        {
            using var z = new GZipStream(file, CompressionLevel.Fastest);
            z.Write(bytes);
        }
        else file.Write(bytes);
        return path;
    }

    // Three 2 × 2 images (pixel value 10·image + pixel) and their labels 2, 0, 1.
    private static readonly byte[] Pixels = [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 255];
    private static readonly byte[] ThreeLabels = [2, 0, 1];

    private (string Images, string Labels) Pair(bool gzip) => (
        WriteFile(_dir, gzip ? "images.gz" : "images", IdxBytes([3, 2, 2], Pixels), gzip),
        WriteFile(_dir, gzip ? "labels.gz" : "labels", IdxBytes([3], ThreeLabels), gzip));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Images_become_columns_of_pixels_over_255_and_labels_one_hot(bool gzip)
    {
        var (images, labels) = Pair(gzip);
        var data = Idx.LoadClassification(images, labels);
        Assert.Equal(3, data.Count);
        Assert.Equal(Shape.Matrix(4, 3), data.Features.Shape);
        Assert.Equal(Pixels.Select(p => p / 255.0), data.Features.ToArray());
        Assert.Equal(1.0, data.Features[3, 2]);
        Assert.Equal<string>(["0", "1", "2"], data.Classes);
        Assert.Equal(Labels.OneHot([2, 0, 1], 3), data.Targets);
    }

    [Fact]
    public void Gzipped_and_plain_files_give_the_same_dataset_whatever_their_names()
    {
        var (images, labels) = Pair(gzip: false);
        var zipped = WriteFile(_dir, "images.idx3-ubyte", File.ReadAllBytes(Pair(gzip: true).Images), gzip: false);
        Assert.Equal(Idx.LoadClassification(images, labels), Idx.LoadClassification(zipped, labels));
    }

    [Fact]
    public void Class_names_and_a_limit_are_taken()
    {
        var (images, labels) = Pair(gzip: true);
        var data = Idx.LoadClassification(images, labels, ["a", "b", "c", "d"], limit: 2);
        Assert.Equal(2, data.Count);
        Assert.Equal<string>(["a", "b", "c", "d"], data.Classes);
        Assert.Equal(Labels.OneHot([2, 0], 4), data.Targets);
        Assert.Equal(Pixels.Take(8).Select(p => p / 255.0), data.Features.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_truncated_file_names_the_file_and_the_offset_where_it_ends(bool gzip)
    {
        var labels = Pair(gzip).Labels;
        var images = WriteFile(_dir, "short", IdxBytes([3, 2, 2], Pixels)[..^2], gzip);
        var e = Assert.Throws<IdxFormatException>(() => Idx.LoadClassification(images, labels));
        Assert.Equal(images, e.Path);
        Assert.Equal(26, e.Offset); // 16 header bytes + the 10 data bytes present
        Assert.Contains($"{images}, byte 26:", e.Message);
        Assert.Contains("2 bytes short of the 12 data bytes that the header (3 × 2 × 2) promises", e.Message);
    }

    [Fact]
    public void A_file_cut_inside_its_header_is_refused()
    {
        var labels = Pair(false).Labels;
        var images = WriteFile(_dir, "header", IdxBytes([3, 2, 2], Pixels)[..9], gzip: false);
        var e = Assert.Throws<IdxFormatException>(() => Idx.LoadClassification(images, labels));
        Assert.Equal(9, e.Offset);
        Assert.Contains("short of the dimensions", e.Message);
        var empty = WriteFile(_dir, "empty", [], gzip: false);
        Assert.Equal(0, Assert.Throws<IdxFormatException>(() => Idx.LoadClassification(empty, labels)).Offset);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_file_longer_than_its_header_says_is_refused(bool gzip)
    {
        var images = Pair(gzip).Images;
        var labels = WriteFile(_dir, "long", IdxBytes([3], [2, 0, 1, 7]), gzip);
        var e = Assert.Throws<IdxFormatException>(() => Idx.LoadClassification(images, labels));
        Assert.Equal(labels, e.Path);
        Assert.Equal(11, e.Offset);
        Assert.Contains("goes on past the 3 data bytes that the header (3) promises", e.Message);
    }

    [Fact]
    public void A_wrong_magic_number_says_what_was_expected()
    {
        var labels = Pair(false).Labels;
        var bytes = IdxBytes([3, 2, 2], Pixels);
        bytes[2] = 0x0D; // floats
        var floats = WriteFile(_dir, "floats", bytes, gzip: false);
        var e = Assert.Throws<IdxFormatException>(() => Idx.LoadClassification(floats, labels));
        Assert.Equal(0, e.Offset);
        Assert.Contains("magic number 00000D03; expected 00000803 (unsigned bytes, 3 dimensions: images)", e.Message);
        // The files swapped: a labels file where the images should be.
        var swapped = Assert.Throws<IdxFormatException>(() => Idx.LoadClassification(labels, labels));
        Assert.Contains("magic number 00000801; expected 00000803", swapped.Message);
    }

    [Fact]
    public void Different_numbers_of_images_and_labels_name_both_files()
    {
        var images = Pair(false).Images;
        var labels = WriteFile(_dir, "two", IdxBytes([2], [0, 1]), gzip: false);
        var e = Assert.Throws<IdxFormatException>(() => Idx.LoadClassification(images, labels));
        Assert.Equal(labels, e.Path);
        Assert.Equal(4, e.Offset);
        Assert.Contains($"2 labels for the 3 images of {images}", e.Message);
    }

    [Fact]
    public void A_label_with_no_class_names_its_offset()
    {
        var (images, labels) = Pair(false);
        var e = Assert.Throws<IdxFormatException>(() => Idx.LoadClassification(images, labels, ["a", "b"]));
        Assert.Equal(8, e.Offset);
        Assert.Contains("label 0 is 2, but there are 2 classes (a, b)", e.Message);
    }

    [Fact]
    public void Damaged_gzip_data_is_a_format_error()
    {
        var labels = Pair(false).Labels;
        var bytes = File.ReadAllBytes(Pair(true).Images);
        for (var i = 10; i < bytes.Length - 8; i++) bytes[i] ^= 0x5A;
        var damaged = WriteFile(_dir, "damaged.gz", bytes, gzip: false);
        var e = Assert.Throws<IdxFormatException>(() => Idx.LoadClassification(damaged, labels));
        Assert.Equal(damaged, e.Path);
    }

    [Fact]
    public void A_missing_file_and_a_negative_limit_are_argument_errors()
    {
        var (images, labels) = Pair(false);
        Assert.Throws<FileNotFoundException>(() => Idx.LoadClassification(Path.Combine(_dir, "none"), labels));
        Assert.Throws<ArgumentOutOfRangeException>(() => Idx.LoadClassification(images, labels, limit: -1));
    }
}
