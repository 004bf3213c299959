using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Options;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Approvals.Review;
using Notifications.Core.Audience;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Identity;
using Notifications.Core.Storage;

namespace Notifications.Core.Approvals;

/// <summary>
/// Runs a campaign's audience query and streams the selected users, page by page, into its draft batch file in the
/// campaign-batches container (never the whole result in memory), checking every placeholder value on the way. Then
/// writes the review the approvers read (every form with its reach, the values, sample users in full) and its digest,
/// which is what an approval covers.
/// </summary>
public sealed class CampaignPreparer
{
    private readonly CampaignStore _campaigns;
    private readonly IAudienceSource _audience;
    private readonly StorageClients _storage;
    private readonly ApprovalOptions _options;
    private readonly CampaignReviewBuilder _reviews;
    private readonly CampaignReviewStore _reviewStore;
    private readonly MessageOptions _messages;

    /// <summary>Creates the preparer; <paramref name="audience"/> runs the query into the campaign-batches container, <paramref name="options"/> names the approvers.</summary>
    public CampaignPreparer(
        CampaignStore campaigns, IAudienceSource audience, StorageClients storage, IOptions<ApprovalOptions> options, CampaignReviewBuilder reviews,
        CampaignReviewStore reviewStore, IOptions<MessageOptions> messages)
    {
        _campaigns = campaigns;
        _audience = audience;
        _storage = storage;
        _options = options.Value;
        _reviews = reviews;
        _reviewStore = reviewStore;
        _messages = messages.Value;
    }

    /// <summary>The draft blob of a campaign.</summary>
    public static string DraftBlobName(string campaignId) => $"campaigns/{campaignId}.json";

    /// <summary>Prepares <paramref name="campaignId"/>; a query that cannot run, or a value that cannot be sent, is an error result, not an exception.</summary>
    public async Task<PreparedCampaign> PrepareAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var campaign = await _campaigns.GetAsync(campaignId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"campaign {campaignId} does not exist");
        // The placeholders' columns come with each user, so the file carries what the messages need and nothing more.
        var header = campaign.Header();

        // Four eyes: the requester is never asked to approve their own campaign, even when they are an approver, under
        // whichever alias they signed in with (the object id decides where both are known).
        var approvers = _options.Approvers
            .Where(a => !People.MaybeSame(a.Email, a.ObjectId, campaign.RequesterEmail, campaign.RequesterObjectId))
            .ToList();
        if (approvers.Count == 0)
        {
            return new PreparedCampaign { Error = "no designated approver other than the requester: a campaign needs a second person to approve it" };
        }

        var blob = _storage.CampaignBatches.GetBlockBlobClient(DraftBlobName(campaignId));
        using var inspector = new AudienceInspector(campaign, header, _messages.DeepLinkSchemes(), CampaignReviewBuilder.SampleSize);
        var written = await AudienceFileWriter.WriteAsync(
                _audience, new AudienceQuery(campaign.AudienceQuery, Label: campaign.Id, Columns: header.Columns), blob, header, null, cancellationToken, inspector)
            .ConfigureAwait(false);
        if (written.Error is not null)
        {
            return new PreparedCampaign { Error = written.Error };
        }

        // Approvers decide on devices and forms as well as users; the registry is read for the sample only.
        var review = await _reviews.BuildAsync(campaign, header, inspector, written.Users, cancellationToken).ConfigureAwait(false);
        await _reviewStore.WriteAsync(review, cancellationToken).ConfigureAwait(false);
        await _campaigns.UpdateAsync(campaignId, c => c with { Devices = review.Devices, DevicesEstimated = review.Estimated }, cancellationToken).ConfigureAwait(false);
        return new PreparedCampaign
        {
            Users = written.Users,
            Draft = new BatchSendInput(_storage.CampaignBatches.Name, blob.Name, written.ETag!) { ApprovedDigest = review.Digest },
            Digest = review.Digest,
            Requester = campaign.RequesterEmail,
            RequesterObjectId = campaign.RequesterObjectId,
            Approvers = approvers.Select(a => a.Email).ToList(),
            ApproverObjectIds = approvers.Select(a => a.ObjectId).ToList(),
            LinkLifetimeSeconds = _options.LinkLifetime.TotalSeconds,
            MaxTestSendsPerApprover = _options.MaxTestSendsPerApprover,
            SendAfter = campaign.SendAfter,
        };
    }
}
