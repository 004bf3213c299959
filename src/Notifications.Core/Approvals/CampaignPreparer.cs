using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Options;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Audience;
using Notifications.Core.Batches.Files;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Storage;

namespace Notifications.Core.Approvals;

/// <summary>
/// Runs a campaign's audience query and streams the selected users, page by page, into its draft batch file in the
/// campaign-batches container (never the whole result in memory). The draft's ETag is what approvers approve.
/// </summary>
public sealed class CampaignPreparer
{
    private readonly CampaignStore _campaigns;
    private readonly IAudienceSource _audience;
    private readonly StorageClients _storage;
    private readonly ApprovalOptions _options;
    private readonly AudiencePreviewer _previewer;

    /// <summary>Creates the preparer; <paramref name="audience"/> runs the query into the campaign-batches container, <paramref name="options"/> names the approvers.</summary>
    public CampaignPreparer(CampaignStore campaigns, IAudienceSource audience, StorageClients storage, IOptions<ApprovalOptions> options, AudiencePreviewer previewer)
    {
        _previewer = previewer;
        _campaigns = campaigns;
        _audience = audience;
        _storage = storage;
        _options = options.Value;
    }

    /// <summary>The draft blob of a campaign.</summary>
    public static string DraftBlobName(string campaignId) => $"campaigns/{campaignId}.json";

    /// <summary>Prepares <paramref name="campaignId"/>; a query that cannot run is an error result, not an exception.</summary>
    public async Task<PreparedCampaign> PrepareAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var campaign = await _campaigns.GetAsync(campaignId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"campaign {campaignId} does not exist");
        // The placeholders' columns come with each user, so the file carries what the message needs and nothing more.
        var columns = MessageForms.ColumnsOf([campaign.Message]);
        var header = new BatchHeader
        {
            CampaignId = campaign.Id,
            Message = campaign.Message,
            Options = campaign.SendOptions,
            Columns = columns.Count > 0 ? columns : null,
        };

        var blob = _storage.CampaignBatches.GetBlockBlobClient(DraftBlobName(campaignId));
        // Four eyes: the requester is never asked to approve their own campaign, even when they are an approver.
        var approvers = _options.Approvers.Select(a => a.Email)
            .Where(a => !string.Equals(a, campaign.RequesterEmail, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (approvers.Count == 0)
        {
            return new PreparedCampaign { Error = "no designated approver other than the requester: a campaign needs a second person to approve it" };
        }

        var written = await AudienceFileWriter.WriteAsync(_audience, new AudienceQuery(campaign.AudienceQuery, Label: campaign.Id, Columns: header.Columns), blob, header, null, cancellationToken)
            .ConfigureAwait(false);
        if (written.Error is not null)
        {
            return new PreparedCampaign { Error = written.Error };
        }

        // Approvers decide on devices as well as users; the registry is read for a bounded sample, never the audience.
        var (devices, estimated) = await _previewer.EstimateDevicesAsync(written.Users, written.FirstUsers, campaign.Platforms, cancellationToken).ConfigureAwait(false);
        await _campaigns.UpdateAsync(campaignId, c => c with { Devices = devices, DevicesEstimated = estimated }, cancellationToken).ConfigureAwait(false);
        return new PreparedCampaign
        {
            Users = written.Users,
            Draft = new BatchSendInput(_storage.CampaignBatches.Name, blob.Name, written.ETag!),
            Requester = campaign.RequesterEmail,
            Approvers = approvers,
            LinkLifetimeSeconds = _options.LinkLifetime.TotalSeconds,
            MaxTestSendsPerApprover = _options.MaxTestSendsPerApprover,
            SendAfter = campaign.SendAfter,
        };
    }
}
