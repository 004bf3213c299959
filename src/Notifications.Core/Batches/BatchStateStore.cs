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
    private readonly StorageClients _storage;
    private readonly TimeProvider _time;

    /// <summary>Creates the store.</summary>
    public BatchStateStore(StorageClients storage, TimeProvider time)
    {
        _storage = storage;
        _time = time;
    }

    /// <summary>Records that a send started (idempotent).</summary>
    public async Task RecordStartedAsync(string batchId, string blobName, string etag, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        await _storage.BatchState.UpsertEntityAsync(new TableEntity(PartitionKey, batchId)
        {
            ["BlobName"] = blobName,
            ["ETag"] = etag,
            ["StartedAt"] = _time.GetUtcNow(),
        }, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
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
        await _storage.BatchState.UpsertEntityAsync(new TableEntity(PartitionKey, summary.BatchId)
        {
            ["Outcome"] = summary.Outcome.ToString(),
            ["CampaignId"] = summary.CampaignId,
            ["Summary"] = json.Length <= 30_000 ? json : null,
            ["EndedAt"] = _time.GetUtcNow(),
        }, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A stored summary, if the send ended.</summary>
    public async Task<BatchSummary?> GetOutcomeAsync(string batchId, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var row = await _storage.BatchState.GetEntityIfExistsAsync<TableEntity>(PartitionKey, batchId, ["Summary"], cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value!.GetString("Summary") is { } json ? JsonSerializer.Deserialize<BatchSummary>(json) : null;
    }
}
