using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Notifications.Core.Batches.Files;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Delivery;
using Notifications.Core.Storage;

namespace Notifications.Core.Batches.Planning;

/// <summary>
/// The <c>{batchId}/{planId}/header.json</c> blob, and a small per-process cache of it with its messages rendered, so each
/// send activity of a batch does not download and render the header again.
/// </summary>
public sealed class BatchWorkStore
{
    private const int CacheSize = 64;
    private readonly StorageClients _storage;
    private readonly ConcurrentDictionary<string, Lazy<Task<LoadedBatch>>> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates the store over the work container; one instance per host, whose cache holds about 64 headers before it is cleared.</summary>
    public BatchWorkStore(StorageClients storage) => _storage = storage;

    /// <summary>Writes the header of a planned batch.</summary>
    public async Task WriteAsync(BatchWork work, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(work, BatchFileReader.JsonOptions);
        await _storage.Work.GetBlobClient(BlobName(work.BatchId, work.PlanId)).UploadAsync(new BinaryData(json), overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Commits a finished scan: written last, after every shard blob and the header, so its presence means the scan
    /// is whole. A scan run again (at-least-once delivery, or an operator's resume) returns it instead of scanning
    /// anew, which would give the shards a new plan id and the ledger nothing to skip.
    /// </summary>
    public async Task CommitPlanAsync(string batchId, BatchSendInput source, ScanResult plan, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new CommittedPlan(source with { Run = 0 }, plan), BatchFileReader.JsonOptions);
        await _storage.Work.GetBlobClient(PlanBlobName(batchId)).UploadAsync(new BinaryData(json), overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The committed scan of <paramref name="batchId"/> for this version of its file, or null.</summary>
    public async Task<ScanResult?> GetCommittedPlanAsync(string batchId, BatchSendInput source, CancellationToken cancellationToken)
    {
        try
        {
            var content = await _storage.Work.GetBlobClient(PlanBlobName(batchId)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var committed = content.Value.Content.ToObjectFromJson<CommittedPlan>(BatchFileReader.JsonOptions);
            return committed is not null && committed.Source == source with { Run = 0 } ? committed.Plan : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The header and rendered messages of a batch.</summary>
    public Task<LoadedBatch> GetAsync(string batchId, string planId)
    {
        if (_cache.Count > CacheSize)
        {
            _cache.Clear();
        }

        var key = BlobName(batchId, planId);
        var lazy = _cache.GetOrAdd(key, name => new Lazy<Task<LoadedBatch>>(() => LoadAsync(name)));
        var task = lazy.Value;
        if (task.IsFaulted)
        {
            _cache.TryRemove(new KeyValuePair<string, Lazy<Task<LoadedBatch>>>(key, lazy));
        }

        return task;
    }

    private static string BlobName(string batchId, string planId) => $"{batchId}/{planId}/header.json";

    private static string PlanBlobName(string batchId) => $"{batchId}/plan.json";

    private async Task<LoadedBatch> LoadAsync(string blobName)
    {
        try
        {
            var content = await _storage.Work.GetBlobClient(blobName).DownloadContentAsync().ConfigureAwait(false);
            var work = content.Value.Content.ToObjectFromJson<BatchWork>(BatchFileReader.JsonOptions)
                ?? throw new InvalidDataException($"the batch header {blobName} is empty");
            return new LoadedBatch(work, BatchHeaderValidator.Render(work.Header));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new InvalidOperationException($"there is no batch header {blobName}; the send was never planned or its work files were deleted", ex);
        }
    }
}

/// <summary>The <c>{batchId}/plan.json</c> blob: which file version was scanned, and the result.</summary>
internal sealed record CommittedPlan(BatchSendInput Source, ScanResult Plan);

/// <summary>A planned batch ready to send.</summary>
/// <param name="Work">The header blob's content.</param>
/// <param name="Forms">The messages by variant index, each form without placeholders already rendered.</param>
public sealed record LoadedBatch(BatchWork Work, MessageForms[] Forms);
