using Azure;
using Azure.Storage.Blobs.Models;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Storage;

namespace Notifications.Core.Batches;

/// <summary>Whether a send's batch file is still the version the send is pinned to.</summary>
internal static class BatchFileVersion
{
    /// <summary>Null when <paramref name="source"/> is still there unchanged; otherwise what became of it.</summary>
    public static async Task<string?> ChangeAsync(StorageClients storage, BatchSendInput source, CancellationToken cancellationToken) =>
        (await CheckAsync(storage, source, cancellationToken).ConfigureAwait(false)).Change;

    /// <summary>The file's properties when it is the pinned version (the planner needs its length); otherwise what became of it.</summary>
    public static async Task<(BlobProperties? Properties, string? Change)> CheckAsync(StorageClients storage, BatchSendInput source, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await storage.Blobs.GetBlobContainerClient(source.Container).GetBlobClient(source.BlobName)
                .GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return EntityTags.Same(properties.ETag.ToString(), source.ETag)
                ? (properties, null)
                : (null, $"the batch file {source.Container}/{source.BlobName} changed (ETag {source.ETag} -> {properties.ETag})");
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (null, $"the batch file {source.Container}/{source.BlobName} was deleted");
        }
    }
}
