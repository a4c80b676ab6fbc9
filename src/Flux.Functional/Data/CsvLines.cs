using System.Buffers;
using System.Globalization;
using System.Text;

namespace Flux;

/// <summary>
/// The lines of a CSV file decoded strictly as UTF-8, numbered from 1 and split where
/// <see cref="StreamReader.ReadLine"/> splits (<c>\n</c>, <c>\r\n</c> or <c>\r</c>); a leading UTF-8
/// byte order mark is skipped. Bytes that are not UTF-8 are an error naming the line and column,
/// never a replacement character (two different Latin-1 labels would otherwise read as one).
/// </summary>
internal static class CsvLines
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The lines of <paramref name="path"/>, read lazily.</summary>
    /// <param name="path">The file.</param>
    /// <param name="columnName">The header of a column (1-based), or null when it is not known yet.</param>
    /// <exception cref="CsvFormatException">A line holds bytes that are not UTF-8, or the file starts with a UTF-16 or UTF-32 byte order mark.</exception>
    public static IEnumerable<(int Number, string Text)> Read(string path, Func<int, string?> columnName)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        var chunk = ArrayPool<byte>.Shared.Rent(1 << 16);
        var line = new byte[256];
        var (length, number, afterCr) = (0, 0, false);
        try
        {
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    var b = chunk[i];
                    if (b == (byte)'\n' && afterCr) { afterCr = false; continue; } // the \n of a \r\n
                    afterCr = b == (byte)'\r';
                    if (b is (byte)'\n' or (byte)'\r')
                    {
                        number++;
                        yield return (number, Decode(path, number, line.AsSpan(0, length), columnName));
                        length = 0;
                        continue;
                    }
                    if (length == line.Length) Array.Resize(ref line, 2 * line.Length);
                    line[length++] = b;
                }
            }
            if (length > 0)
            {
                number++;
                yield return (number, Decode(path, number, line.AsSpan(0, length), columnName));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static string Decode(string path, int number, ReadOnlySpan<byte> bytes, Func<int, string?> columnName)
    {
        if (number == 1)
        {
            if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
            else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]))
                throw new CsvFormatException(path, 1, null, null, "the file starts with a UTF-16 or UTF-32 byte order mark; expected UTF-8. Save it as UTF-8.");
        }
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            var at = FirstInvalid(bytes, out var invalid);
            var column = ColumnAt(bytes[..at]);
            var shown = string.Join(" ", bytes.Slice(at, invalid).ToArray().Select(x => "0x" + x.ToString("X2", CultureInfo.InvariantCulture)));
            throw new CsvFormatException(path, number, column, columnName(column),
                $"the text is not valid UTF-8: {(invalid == 1 ? "byte" : "bytes")} {shown} at byte {at + 1} of the line. Save the file as UTF-8 (Latin-1 or Windows-1252 text is not read, so that no two labels merge).");
        }
    }

    // The offset and length of the first ill-formed sequence (the decoder refused the span, so there is one).
    private static int FirstInvalid(ReadOnlySpan<byte> bytes, out int length)
    {
        for (var at = 0; at < bytes.Length;)
        {
            if (Rune.DecodeFromUtf8(bytes[at..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                length = Math.Max(consumed, 1);
                return at;
            }
            at += consumed;
        }
        length = 1;
        return bytes.Length - 1;
    }

    // The field (1-based) that a position falls in, by the rules of Csv's splitter: commas separate
    // fields, and a field that starts (after spaces) with a quote runs to its closing quote ("" is a quote).
    private static int ColumnAt(ReadOnlySpan<byte> prefix)
    {
        var (field, inQuotes, atStart) = (1, false, true);
        for (var i = 0; i < prefix.Length; i++)
        {
            var c = prefix[i];
            if (inQuotes)
            {
                if (c != (byte)'"') continue;
                if (i + 1 < prefix.Length && prefix[i + 1] == (byte)'"') i++;
                else inQuotes = false;
            }
            else if (c == (byte)',') (field, atStart) = (field + 1, true);
            else if (c == (byte)'"' && atStart) (inQuotes, atStart) = (true, false);
            else if (c != (byte)' ') atStart = false;
        }
        return field;
    }
}
