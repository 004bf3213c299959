using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Notifications.Core.Batches.Files;

namespace Notifications.Core.Storage;

/// <summary>Small JSON documents kept as blobs (a campaign's review, a test's result): written whole, read whole, absent as null.</summary>
internal static class JsonBlobs
{
    /// <summary>Writes (or replaces) <paramref name="value"/> as <paramref name="blob"/>.</summary>
    public static Task WriteAsync<T>(BlobClient blob, T value, CancellationToken cancellationToken) =>
        blob.UploadAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(value, BatchFileReader.JsonOptions)), overwrite: true, cancellationToken);

    /// <summary>The document in <paramref name="blob"/>, or null when there is none.</summary>
    public static async Task<T?> ReadAsync<T>(BlobClient blob, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return content.Value.Content.ToObjectFromJson<T>(BatchFileReader.JsonOptions);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
