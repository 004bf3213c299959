using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Storage;

namespace Notifications.Core.Batches;

/// <summary>
/// One row per send in the batches table: where it came from, whether an operator cancelled it (send activities
/// check this before pushing, because work already queued runs even after the orchestration stops waiting for it),
/// and its summary once it ends.
/// </summary>
public sealed class BatchStateStore
{
    private const string PartitionKey = "batch";
    private const string IndexKey = "IndexKey";
    private readonly StorageClients _storage;
    private readonly TimeProvider _time;
    private readonly BatchStartIndex _index;

    /// <summary>Creates the store over the batches table's <c>batch</c> rows; it keeps each send's row in <paramref name="index"/> current too.</summary>
    public BatchStateStore(StorageClients storage, TimeProvider time, BatchStartIndex index)
    {
        _storage = storage;
        _time = time;
        _index = index;
    }

    /// <summary>Records that an upload's send started (idempotent).</summary>
    public Task RecordStartedAsync(string batchId, string blobName, string etag, CancellationToken cancellationToken) =>
        RecordStartedAsync(batchId, new BatchSendInput(_storage.Batches.Name, blobName, etag), cancellationToken);

    /// <summary>
    /// Records that a send started, and lists it in the <see cref="BatchStartIndex"/>. Idempotent: the first start
    /// stored wins, so a repeated trigger, the scan after an HTTP start or a retried activity finds the same index row
    /// instead of listing the send twice.
    /// </summary>
    public async Task RecordStartedAsync(string batchId, BatchSendInput source, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var (key, startedAt) = await ClaimStartAsync(batchId, source, cancellationToken).ConfigureAwait(false);
        await _index.AddAsync(key, batchId, source, startedAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The index key of the send, stored on its row by the first start that got there (an insert, or an update
    /// conditional on the row's ETag, so of two racing starts one writes and the other reads what it wrote).
    /// </summary>
    private async Task<(string Key, DateTimeOffset StartedAt)> ClaimStartAsync(string batchId, BatchSendInput source, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = await _storage.BatchState.GetEntityIfExistsAsync<TableEntity>(PartitionKey, batchId, ["StartedAt", IndexKey], cancellationToken)
                .ConfigureAwait(false);
            var existing = row.HasValue ? row.Value : null;
            if (existing?.GetString(IndexKey) is { } claimed && existing.GetDateTimeOffset("StartedAt") is { } at)
            {
                return (claimed, at);
            }

            // A row without a key was started before the index existed (keep its start) or only cancelled so far.
            var startedAt = existing?.GetDateTimeOffset("StartedAt") ?? _time.GetUtcNow();
            var key = BatchStartIndex.KeyOf(startedAt, batchId);
            var entity = new TableEntity(PartitionKey, batchId)
            {
                ["BlobName"] = source.BlobName,
                ["ETag"] = source.ETag,
                ["Container"] = source.Container,
                ["StartedAt"] = startedAt,
                [IndexKey] = key,
            };
            try
            {
                if (existing is null)
                {
                    await _storage.BatchState.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _storage.BatchState.UpdateEntityAsync(entity, existing.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                }

                return (key, startedAt);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 5)
            {
                // Another start (or a cancel) wrote the row between read and write: read what it wrote.
            }
        }
    }

    /// <summary>Marks a send cancelled; chunks that have not started will not push.</summary>
    public async Task MarkCancelledAsync(string batchId, string by, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        await _storage.BatchState.UpsertEntityAsync(new TableEntity(PartitionKey, batchId)
        {
            ["Cancelled"] = true,
            ["CancelledBy"] = by,
            ["CancelledAt"] = _time.GetUtcNow(),
        }, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        await UpdateIndexAsync(batchId, [new("Cancelled", true)], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lifts a cancel before an operator resumes the send.</summary>
    public async Task ClearCancelledAsync(string batchId, string by, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        await _storage.BatchState.UpsertEntityAsync(new TableEntity(PartitionKey, batchId)
        {
            ["Cancelled"] = false,
            ["ResumedBy"] = by,
            ["ResumedAt"] = _time.GetUtcNow(),
        }, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);

        // Every caller runs the send again at once (a resume, a cohort day's re-run): it is running until it ends again.
        await UpdateIndexAsync(batchId, [new("Cancelled", false), new("Status", nameof(BatchListStatus.Running))], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether an operator cancelled the send.</summary>
    public async Task<bool> IsCancelledAsync(string batchId, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var row = await _storage.BatchState.GetEntityIfExistsAsync<TableEntity>(PartitionKey, batchId, ["Cancelled"], cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value!.GetBoolean("Cancelled") == true;
    }

    /// <summary>Stores the final summary.</summary>
    public async Task RecordOutcomeAsync(BatchSummary summary, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var json = JsonSerializer.Serialize(summary);
        var endedAt = _time.GetUtcNow();
        await _storage.BatchState.UpsertEntityAsync(new TableEntity(PartitionKey, summary.BatchId)
        {
            ["Outcome"] = summary.Outcome.ToString(),
            ["CampaignId"] = summary.CampaignId,
            ["Summary"] = json.Length <= 30_000 ? json : null,
            ["EndedAt"] = endedAt,
        }, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        await UpdateIndexAsync(summary.BatchId,
        [
            new("Status", summary.Outcome.ToString()),
            new("CampaignId", summary.CampaignId),
            new("EndedAt", endedAt),
            new("Devices", summary.Devices),
            new("Sent", summary.Counts.Sent),
            new("Failed", summary.Counts.Failed + summary.Counts.Rejected),
        ], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A stored summary, if the send ended.</summary>
    public async Task<BatchSummary?> GetOutcomeAsync(string batchId, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var row = await _storage.BatchState.GetEntityIfExistsAsync<TableEntity>(PartitionKey, batchId, ["Summary"], cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value!.GetString("Summary") is { } json ? JsonSerializer.Deserialize<BatchSummary>(json) : null;
    }

    /// <summary>Brings the send's list row up to date, when it has one (sends started before the index have none).</summary>
    private async Task UpdateIndexAsync(string batchId, KeyValuePair<string, object>[] values, CancellationToken cancellationToken)
    {
        var row = await _storage.BatchState.GetEntityIfExistsAsync<TableEntity>(PartitionKey, batchId, [IndexKey], cancellationToken).ConfigureAwait(false);
        if (row.HasValue && row.Value!.GetString(IndexKey) is { } key)
        {
            await _index.UpdateAsync(key, values, cancellationToken).ConfigureAwait(false);
        }
    }
}
