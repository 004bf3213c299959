using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Notifications.Core.Audience;
using Notifications.Core.Batches.Files;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Cohorts.Orchestration;
using Notifications.Core.Storage;

namespace Notifications.Core.Cohorts;

/// <summary>
/// Writes a run's batch file: the cohort query for the run date, streamed page by page into
/// <c>cohorts/{id}/{date}.json</c> with the experiment in its header. The file is created once (the commit is
/// If-None-Match: *): a retried or duplicated activity finds it and reuses it, so the run's send stays pinned to one
/// file and one ETag.
/// </summary>
public sealed class CohortPreparer
{
    private readonly IAudienceSource _audience;
    private readonly StorageClients _storage;

    /// <summary>Creates the preparer; <paramref name="audience"/> runs the cohort query, whose users go to the campaign-batches container.</summary>
    public CohortPreparer(IAudienceSource audience, StorageClients storage)
    {
        _audience = audience;
        _storage = storage;
    }

    /// <summary>Prepares <paramref name="run"/>; a query that cannot run is an error result, not an exception.</summary>
    public async Task<CohortPrepared> PrepareAsync(CohortRun run, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var campaign = CohortCatalog.Find(run.CohortId) ?? throw new InvalidOperationException($"'{run.CohortId}' is not a cohort of this build");
        var blob = _storage.CampaignBatches.GetBlockBlobClient(CohortRun.BatchBlobName(campaign.Id, run.Date));
        if (await ExistingAsync(blob, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        var header = campaign.HeaderFor(run.Date);
        AudienceFileResult written;
        try
        {
            written = await AudienceFileWriter.WriteAsync(
                _audience, campaign.QueryFor(run.Date) with { Label = campaign.Id }, blob, header, new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // A twin attempt committed first: its file is the run's file.
            return await ExistingAsync(blob, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{blob.Name} exists but cannot be read back", ex);
        }

        if (written.Error == AudienceFileResult.NoUsers)
        {
            // Nobody in the cohort is a normal day for a small cohort, not a failure.
            return new CohortPrepared { Users = 0 };
        }

        return written.Error is not null
            ? new CohortPrepared { Error = written.Error }
            : new CohortPrepared { Users = written.Users, Batch = new BatchSendInput(_storage.CampaignBatches.Name, blob.Name, written.ETag!) };
    }

    private async Task<CohortPrepared?> ExistingAsync(BlockBlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _ = properties.Value.Metadata.TryGetValue(AudienceFileWriter.UsersMetadata, out var users);
            return new CohortPrepared
            {
                Users = long.TryParse(users, CultureInfo.InvariantCulture, out var count) ? count : 0,
                Batch = new BatchSendInput(_storage.CampaignBatches.Name, blob.Name, properties.Value.ETag.ToString()),
            };
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
