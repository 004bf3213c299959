using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Options;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Audience;
using Notifications.Core.Batches.Files;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Campaigns;
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

    /// <summary>Creates the preparer.</summary>
    public CampaignPreparer(CampaignStore campaigns, IAudienceSource audience, StorageClients storage, IOptions<ApprovalOptions> options)
    {
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
        var header = new BatchHeader
        {
            CampaignId = campaign.Id,
            Message = campaign.Message,
            Options = new BatchSendOptions { Platforms = campaign.Platforms },
        };

        var blob = _storage.CampaignBatches.GetBlockBlobClient(DraftBlobName(campaignId));
        var written = await AudienceFileWriter.WriteAsync(_audience, new AudienceQuery(campaign.AudienceQuery, Label: campaign.Id), blob, header, null, cancellationToken)
            .ConfigureAwait(false);
        if (written.Error is not null)
        {
            return new PreparedCampaign { Error = written.Error };
        }

        return new PreparedCampaign
        {
            Users = written.Users,
            Draft = new BatchSendInput(_storage.CampaignBatches.Name, blob.Name, written.ETag!),
            Approvers = _options.Approvers.Select(a => a.Email).ToList(),
            LinkLifetimeSeconds = _options.LinkLifetime.TotalSeconds,
            SendAfter = campaign.SendAfter,
        };
    }
}
