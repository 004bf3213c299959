using Notifications.Core.Batches.Files;
using Notifications.Core.Batches.Planning;
using Notifications.Core.Delivery;

namespace Notifications.Core.Tests.Batches.Planning;

public sealed class AudienceEntryCodecTests
{
    [Fact]
    public void ReadAll_WhatWasWritten_SameEntriesInOrder()
    {
        // Tabs, newlines and a trailing "v" once broke the text scratch format; typed fields carry anything.
        AudienceEntry[] entries =
        [
            new(0, "u1", PushPlatform.Android, null),
            new(long.MaxValue, "weird\tuser\n", PushPlatform.Android, null),
            new(7, null, PushPlatform.Ios, "2v"),
            new(8, "u9", PushPlatform.Android, new string('x', 4096)),
        ];
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                AudienceEntryCodec.Write(writer, entry);
            }
        }

        stream.Position = 0;

        Assert.Equal(entries, AudienceEntryCodec.ReadAll(stream));
    }

    [Fact]
    public void ReadAll_CutMidEntry_ThrowsInvalidData()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            AudienceEntryCodec.Write(writer, new AudienceEntry(1, "u1", PushPlatform.Ios, "token"));
        }

        using var cut = new MemoryStream(stream.ToArray()[..^3]);

        Assert.Throws<InvalidDataException>(() => AudienceEntryCodec.ReadAll(cut).ToList());
    }
}
