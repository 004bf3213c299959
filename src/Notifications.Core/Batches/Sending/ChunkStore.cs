using System.Globalization;
using System.Text.Json;
using Azure.Storage.Blobs;
using Notifications.Core.Storage;

namespace Notifications.Core.Batches.Sending;

/// <summary>Chunk blobs: <c>{batchId}/{planId}/{chunkSet}/{index:D6}.ndjson</c> in the work container, one device per line.</summary>
public sealed class ChunkStore
{
    private readonly StorageClients _storage;

    /// <summary>Creates the store over the work container; it holds no state, so one instance serves every activity of the host.</summary>
    public ChunkStore(StorageClients storage) => _storage = storage;

    /// <summary>The blob name of a chunk.</summary>
    public static string BlobName(string batchId, string planId, string chunkSet, int index) =>
        $"{batchId}/{planId}/{chunkSet}/{index.ToString("D6", CultureInfo.InvariantCulture)}.ndjson";

    /// <summary>Writes (or overwrites, on a retried plan) one chunk.</summary>
    public async Task WriteAsync(string batchId, string planId, string chunkSet, int index, IReadOnlyList<ChunkEntry> entries, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(entries.Count * 200);
        foreach (var entry in entries)
        {
            JsonSerializer.Serialize(content, entry);
            content.WriteByte((byte)'\n');
        }

        content.Position = 0;
        await Blob(batchId, planId, chunkSet, index).UploadAsync(content, overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one chunk.</summary>
    public async Task<IReadOnlyList<ChunkEntry>> ReadAsync(string batchId, string planId, string chunkSet, int index, CancellationToken cancellationToken)
    {
        var download = await Blob(batchId, planId, chunkSet, index).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<ChunkEntry>(500);
        var data = download.Value.Content.ToMemory();
        while (!data.IsEmpty)
        {
            var newline = data.Span.IndexOf((byte)'\n');
            var line = newline < 0 ? data : data[..newline];
            if (!line.IsEmpty)
            {
                entries.Add(JsonSerializer.Deserialize<ChunkEntry>(line.Span)
                    ?? throw new InvalidDataException($"chunk {index} of {batchId} holds a null line"));
            }

            data = newline < 0 ? ReadOnlyMemory<byte>.Empty : data[(newline + 1)..];
        }

        return entries;
    }

    private BlobClient Blob(string batchId, string planId, string chunkSet, int index) => _storage.Work.GetBlobClient(BlobName(batchId, planId, chunkSet, index));
}
