using System.Text.Json;
using Azure;
using Notifications.Core.Batches.Files;
using Notifications.Core.Storage;

namespace Notifications.Core.Approvals.Review;

/// <summary>
/// The reviews, one blob per campaign beside its draft (<c>reviews/{id}.json</c> in the campaign-batches container):
/// written when the draft is, read by every place that shows an approver what they decide on.
/// </summary>
public sealed class CampaignReviewStore
{
    private readonly StorageClients _storage;

    /// <summary>Creates the store over the campaign-batches container.</summary>
    public CampaignReviewStore(StorageClients storage) => _storage = storage;

    /// <summary>The review blob of a campaign.</summary>
    public static string BlobName(string campaignId) => $"reviews/{campaignId}.json";

    /// <summary>Writes (or replaces, for a retried preparation) <paramref name="review"/>.</summary>
    public async Task WriteAsync(CampaignReview review, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var blob = _storage.CampaignBatches.GetBlobClient(BlobName(review.CampaignId));
        await blob.UploadAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(review, BatchFileReader.JsonOptions)), overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The review of <paramref name="campaignId"/>, or null before its draft is written.</summary>
    public async Task<CampaignReview?> GetAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        try
        {
            var content = await _storage.CampaignBatches.GetBlobClient(BlobName(campaignId)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize<CampaignReview>(content.Value.Content.ToMemory().Span, BatchFileReader.JsonOptions);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
