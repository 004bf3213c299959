using Azure;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Storage;

namespace Notifications.Core.Batches;

/// <summary>Whether a send's batch file is still the version the send is pinned to.</summary>
internal static class BatchFileVersion
{
    /// <summary>Null when <paramref name="source"/> is still there unchanged; otherwise what became of it.</summary>
    public static async Task<string?> ChangeAsync(StorageClients storage, BatchSendInput source, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await storage.Blobs.GetBlobContainerClient(source.Container).GetBlobClient(source.BlobName)
                .GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return EntityTags.Same(properties.Value.ETag.ToString(), source.ETag)
                ? null
                : $"the batch file {source.Container}/{source.BlobName} changed (ETag {source.ETag} -> {properties.Value.ETag})";
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return $"the batch file {source.Container}/{source.BlobName} was deleted";
        }
    }
}
