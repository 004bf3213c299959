using Notifications.Core.Batches.Files;
using Notifications.Core.Delivery;

namespace Notifications.Core.Batches.Planning;

/// <summary>
/// The binary form of an audience entry in the plan's scratch files and shard blobs: typed fields instead of
/// tab-joined text, so a token or user id can never be mistaken for a separator or a marker.
/// </summary>
internal static class AudienceEntryCodec
{
    private const byte IsDevice = 1;
    private const byte HasUser = 2;
    private const byte Ios = 4;
    private const byte HasValues = 8;

    public static void Write(BinaryWriter writer, in AudienceEntry entry)
    {
        var flags = (byte)((entry.IsDevice ? IsDevice : 0) | (entry.UserId is null ? 0 : HasUser) | (entry.Platform == PushPlatform.Ios ? Ios : 0)
            | (entry.Values is null ? 0 : HasValues));
        writer.Write(flags);
        writer.Write7BitEncodedInt64(entry.Index);
        if (entry.UserId is not null)
        {
            writer.Write(entry.UserId);
        }

        if (entry.Token is not null)
        {
            writer.Write(entry.Token);
        }

        if (entry.Values is { } values)
        {
            writer.Write7BitEncodedInt(values.Count);
            foreach (var value in values)
            {
                writer.Write(value is not null);
                if (value is not null)
                {
                    writer.Write(value);
                }
            }
        }
    }

    /// <summary>Every entry of <paramref name="stream"/>, in the order written.</summary>
    /// <exception cref="InvalidDataException">The stream is not a whole sequence of entries.</exception>
    public static IEnumerable<AudienceEntry> ReadAll(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        while (true)
        {
            int flags;
            try
            {
                flags = reader.ReadByte();
            }
            catch (EndOfStreamException)
            {
                yield break;
            }

            AudienceEntry entry;
            try
            {
                var index = reader.Read7BitEncodedInt64();
                var userId = (flags & HasUser) != 0 ? reader.ReadString() : null;
                var token = (flags & IsDevice) != 0 ? reader.ReadString() : null;
                var values = (flags & HasValues) != 0 ? ReadValues(reader) : null;
                entry = new AudienceEntry(index, userId, (flags & Ios) != 0 ? PushPlatform.Ios : PushPlatform.Android, token, values);
            }
            catch (EndOfStreamException ex)
            {
                throw new InvalidDataException("an audience scratch file ends in the middle of an entry", ex);
            }

            yield return entry;
        }
    }

    private static string?[] ReadValues(BinaryReader reader)
    {
        var values = new string?[reader.Read7BitEncodedInt()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadBoolean() ? reader.ReadString() : null;
        }

        return values;
    }
}
