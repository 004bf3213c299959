using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;

namespace Notifications.Core.Batches.Files;

/// <summary>
/// Reads a batch file as a stream: the header (campaign, message or experiment, options) is kept, the audience is
/// handed over entry by entry as it is read, so a list of millions never sits in memory. Every problem names where
/// it is: the JSON path and the byte offset.
/// </summary>
public static class BatchFileReader
{
    /// <summary>The largest single JSON value (a string, a message object) the reader will buffer.</summary>
    public const int MaxValueBytes = 1024 * 1024;

    /// <summary>How many problems are listed before the reader gives up on a file.</summary>
    public const int MaxProblems = 20;

    private const int InitialBuffer = 64 * 1024;

    /// <summary>How batch files map to objects: camelCase, no unknown or duplicate members, enums by name.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        AllowDuplicateProperties = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>Reads <paramref name="stream"/>, calling <paramref name="onEntry"/> for each audience entry.</summary>
    /// <exception cref="BatchFileException">The file is not a valid batch file.</exception>
    public static async Task<(BatchHeader Header, long Users, long Devices)> ReadAsync(
        Stream stream, Func<AudienceEntry, ValueTask> onEntry, CancellationToken cancellationToken = default)
    {
        var parser = new BatchFileParser();
        var entries = new List<AudienceEntry>();
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        try
        {
            int start = 0, end = 0;
            long offset = 0;
            var final = false;
            var first = true;
            while (true)
            {
                while (!final && end < buffer.Length)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        final = true;
                    }

                    end += read;
                }

                if (first)
                {
                    first = false;
                    start = SkipByteOrderMark(buffer.AsSpan(0, end));
                    offset = start;
                }

                var consumed = parser.Parse(buffer.AsSpan(start, end - start), final, offset, entries);
                foreach (var entry in entries)
                {
                    await onEntry(entry).ConfigureAwait(false);
                }

                entries.Clear();
                start += consumed;
                offset += consumed;
                if (parser.IsDone)
                {
                    // The parser sees only this buffer: a second object further on would otherwise pass unread.
                    await RefuseTrailingContentAsync(stream, buffer, start, end, final, offset, cancellationToken).ConfigureAwait(false);
                    break;
                }

                if (final)
                {
                    throw new BatchFileException($"the file ends at byte {offset} before its JSON is complete (truncated?)");
                }

                // Keep the unparsed tail; grow only when a single value does not fit.
                var pending = end - start;
                if (start == 0 && pending == buffer.Length)
                {
                    if (buffer.Length >= MaxValueBytes)
                    {
                        throw new BatchFileException($"a single JSON value starting near byte {offset} is longer than {MaxValueBytes} bytes");
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxValueBytes));
                    buffer.AsSpan(0, pending).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                else
                {
                    buffer.AsSpan(start, pending).CopyTo(buffer);
                }

                start = 0;
                end = pending;
            }

            return parser.Finish();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task RefuseTrailingContentAsync(Stream stream, byte[] buffer, int start, int end, bool final, long offset, CancellationToken cancellationToken)
    {
        while (true)
        {
            var extra = buffer.AsSpan(start, end - start).IndexOfAnyExcept(" \t\r\n"u8);
            if (extra >= 0)
            {
                throw new BatchFileException($"unexpected content after the end of the batch object at byte {offset + extra}");
            }

            if (final)
            {
                return;
            }

            offset += end - start;
            start = 0;
            end = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            final = end == 0;
        }
    }

    private static int SkipByteOrderMark(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            // A UTF-8 BOM is noise some Windows tools add; the content is still UTF-8.
            return 3;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ||
            head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            throw new BatchFileException("the file starts with a UTF-16/UTF-32 byte-order mark; batch files must be UTF-8 JSON");
        }

        return 0;
    }
}
