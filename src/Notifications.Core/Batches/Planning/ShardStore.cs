using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Notifications.Core.Batches.Files;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Storage;

namespace Notifications.Core.Batches.Planning;

/// <summary>
/// A plan's shards in the work container: <c>{batchId}/{planId}/shards/{shard:D4}.bin</c> (the shard's audience
/// entries, written by the scan), <c>.plan.json</c> beside it (the committed plan of the shard) and <c>.w{wave}.json</c>
/// (the committed release of each wave it held for later).
/// </summary>
public sealed class ShardStore
{
    private readonly StorageClients _storage;

    /// <summary>Creates the store over the work container's shard blobs; it holds no state, so one instance serves every activity of the host.</summary>
    public ShardStore(StorageClients storage) => _storage = storage;

    /// <summary>The blob of one shard's entries.</summary>
    public static string BlobName(string batchId, string planId, int shard) =>
        $"{batchId}/{planId}/shards/{shard.ToString("D4", CultureInfo.InvariantCulture)}.bin";

    /// <summary>Uploads a shard's entries from a local scratch file.</summary>
    public async Task UploadAsync(string batchId, string planId, int shard, string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        await _storage.Work.GetBlobClient(BlobName(batchId, planId, shard)).UploadAsync(file, overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A shard's entries, in file order.</summary>
    public async Task<List<AudienceEntry>> ReadAsync(string batchId, string planId, int shard, CancellationToken cancellationToken)
    {
        var content = await _storage.Work.GetBlobClient(BlobName(batchId, planId, shard)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        using var stream = content.Value.Content.ToStream();
        return [.. AudienceEntryCodec.ReadAll(stream)];
    }

    /// <summary>The committed plan of a shard, or null.</summary>
    public Task<ShardPlan?> GetPlanAsync(string batchId, string planId, int shard, CancellationToken cancellationToken) =>
        GetAsync<ShardPlan>(PlanBlobName(batchId, planId, shard), cancellationToken);

    /// <summary>
    /// Commits a shard's plan if no attempt has yet, and returns the one that stands: a duplicated planning activity
    /// gets the first attempt's plan back, so both send the same chunks and the ledger sees one set of positions.
    /// </summary>
    public Task<ShardPlan> CommitPlanAsync(string batchId, string planId, ShardPlan plan, CancellationToken cancellationToken) =>
        CommitAsync(PlanBlobName(batchId, planId, plan.Shard), plan, cancellationToken);

    /// <summary>The committed release of a shard's wave, or null.</summary>
    public Task<ReleasedWave?> GetReleaseAsync(string batchId, string planId, int shard, int wave, CancellationToken cancellationToken) =>
        GetAsync<ReleasedWave>(ReleaseBlobName(batchId, planId, shard, wave), cancellationToken);

    /// <summary>Commits a wave's release if no attempt has yet, and returns the one that stands (as for plans).</summary>
    public Task<ReleasedWave> CommitReleaseAsync(string batchId, string planId, int shard, int wave, ReleasedWave release, CancellationToken cancellationToken) =>
        CommitAsync(ReleaseBlobName(batchId, planId, shard, wave), release, cancellationToken);

    private async Task<T?> GetAsync<T>(string name, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var content = await _storage.Work.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return content.Value.Content.ToObjectFromJson<T>(BatchFileReader.JsonOptions);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task<T> CommitAsync<T>(string name, T value, CancellationToken cancellationToken)
        where T : class
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, BatchFileReader.JsonOptions);
        try
        {
            await _storage.Work.GetBlobClient(name).UploadAsync(
                new BinaryData(json), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken)
                .ConfigureAwait(false);
            return value;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return await GetAsync<T>(name, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{name} is committed but cannot be read back", ex);
        }
    }

    private static string PlanBlobName(string batchId, string planId, int shard) =>
        $"{batchId}/{planId}/shards/{shard.ToString("D4", CultureInfo.InvariantCulture)}.plan.json";

    private static string ReleaseBlobName(string batchId, string planId, int shard, int wave) =>
        $"{batchId}/{planId}/shards/{shard.ToString("D4", CultureInfo.InvariantCulture)}.w{wave.ToString(CultureInfo.InvariantCulture)}.json";
}
