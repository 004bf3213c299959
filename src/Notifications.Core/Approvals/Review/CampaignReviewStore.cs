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

    /// <summary>Writes (or replaces, for a retried preparation) <paramref name="review"/>.</summary>
    public async Task WriteAsync(CampaignReview review, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        await JsonBlobs.WriteAsync(_storage.CampaignBatches.GetBlobClient(BlobName(review.CampaignId)), review, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The review of <paramref name="campaignId"/>, or null before its draft is written.</summary>
    public async Task<CampaignReview?> GetAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        return await JsonBlobs.ReadAsync<CampaignReview>(_storage.CampaignBatches.GetBlobClient(BlobName(campaignId)), cancellationToken).ConfigureAwait(false);
    }

    private static string BlobName(string campaignId) => $"reviews/{campaignId}.json";
}
