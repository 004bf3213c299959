using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Options;
using Notifications.Core.Approvals.Orchestration;
using Notifications.Core.Batches.Files;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Core.Storage;

namespace Notifications.Core.Approvals;

/// <summary>
/// Writes the batch file of a test push: the campaign's exact message, to the approver's own registered devices on
/// the campaign's platforms, as explicit devices. Its campaign id gets a <c>-test</c> suffix, so a test does not
/// collapse with (or stand in for) the real push on the approver's phone.
/// </summary>
public sealed class TestPushPreparer
{
    private readonly CampaignStore _campaigns;
    private readonly IDeviceRegistry _registry;
    private readonly StorageClients _storage;
    private readonly ApprovalOptions _options;

    /// <summary>Creates the preparer; <paramref name="options"/> maps an approver to their app user, whose devices <paramref name="registry"/> holds.</summary>
    public TestPushPreparer(CampaignStore campaigns, IDeviceRegistry registry, StorageClients storage, IOptions<ApprovalOptions> options)
    {
        _campaigns = campaigns;
        _registry = registry;
        _storage = storage;
        _options = options.Value;
    }

    /// <summary>The test batch file, or null when the approver has no device to send it to.</summary>
    public async Task<BatchSendInput?> PrepareAsync(TestPushRequest request, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var campaign = await _campaigns.GetAsync(request.CampaignId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"campaign {request.CampaignId} does not exist");
        if (_options.Find(request.Approver)?.UserId is not { } userId)
        {
            return null;
        }

        var devices = (await _registry.GetDevicesAsync(userId, cancellationToken).ConfigureAwait(false))
            .Where(d => campaign.Platforms.Contains(d.Platform))
            .ToList();
        if (devices.Count == 0)
        {
            return null;
        }

        var who = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Approver.ToLowerInvariant())).AsSpan(0, 6));
        var blob = _storage.CampaignBatches.GetBlockBlobClient($"tests/{campaign.Id}/{request.Sequence:D3}-{who}.json");
        await using var stream = new StagedBlockBlobStream(blob);
        await using (var file = BatchFileWriter.Create(stream, new BatchHeader { CampaignId = campaign.Id + "-test", Message = MessageForms.WithDefaults(campaign.Message), Options = new BatchSendOptions { Transactional = true } }))
        {
            foreach (var device in devices)
            {
                file.AddDevice(device.Platform, device.Token, userId);
            }

            await file.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        var etag = await stream.CommitAsync(null, null, cancellationToken).ConfigureAwait(false);
        return new BatchSendInput(_storage.CampaignBatches.Name, blob.Name, etag.ToString());
    }
}
