using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Diagnostics;
using Notifications.Core.Storage;

namespace Notifications.Core.Batches;

/// <summary>
/// The operations every trigger and host shares: upload a batch file, start its send (idempotently), read its
/// status and cancel it. The durable client is a parameter because the Functions worker hands it to each
/// invocation through a binding.
/// </summary>
public sealed class BatchService
{
    /// <summary>Blob metadata key holding the SHA-256 of the content, so re-uploading the same file is a no-op.</summary>
    public const string ContentHashMetadata = "sha256";

    private readonly StorageClients _storage;
    private readonly BatchStateStore _state;
    private readonly ILogger<BatchService> _logger;

    /// <summary>Creates the service; batch files go to the batches container, each send's row to <paramref name="state"/>.</summary>
    public BatchService(StorageClients storage, BatchStateStore state, ILogger<BatchService> logger)
    {
        _storage = storage;
        _state = state;
        _logger = logger;
    }

    /// <summary>
    /// Uploads a batch file to the batches container, unless a blob of that name already holds the same bytes (then
    /// its ETag is kept, so the same send resumes instead of a second one starting). Returns the blob's ETag.
    /// </summary>
    public async Task<string> UploadAsync(string blobName, byte[] content, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(content, writable: false);
        return await UploadAsync(blobName, stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>As <see cref="UploadAsync(string, byte[], CancellationToken)"/>, from a seekable stream (read twice: hash, then upload).</summary>
    public async Task<string> UploadAsync(string blobName, Stream content, CancellationToken cancellationToken = default)
    {
        if (!content.CanSeek)
        {
            throw new ArgumentException("the content stream must be seekable (it is hashed before it is uploaded)", nameof(content));
        }

        BlobNames.Require(blobName, nameof(blobName));
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var blob = _storage.Batches.GetBlobClient(blobName);
        var start = content.Position;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false));
        content.Position = start;
        try
        {
            var existing = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (existing.Value.Metadata.TryGetValue(ContentHashMetadata, out var existingHash) && existingHash == hash)
            {
                return existing.Value.ETag.ToString();
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // New file.
        }

        var options = new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { [ContentHashMetadata] = hash },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
        };
        var uploaded = await blob.UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
        return uploaded.Value.ETag.ToString();
    }

    /// <summary>Starts the send of <paramref name="blobName"/> as it is now; returns null when there is no such file.</summary>
    public async Task<BatchStartResult?> StartAsync(DurableTaskClient client, string blobName, CancellationToken cancellationToken = default)
    {
        BlobNames.Require(blobName, nameof(blobName));
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        BlobProperties properties;
        try
        {
            properties = await _storage.Batches.GetBlobClient(blobName).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }

        return await StartAsync(client, blobName, properties.ETag.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts the send of a known version of a batch file (the blob trigger knows its ETag).</summary>
    /// <exception cref="ArgumentException">The name is not a canonical blob name (it would address another container).</exception>
    public async Task<BatchStartResult> StartAsync(DurableTaskClient client, string blobName, string etag, CancellationToken cancellationToken = default)
    {
        BlobNames.Require(blobName, nameof(blobName));
        etag = EntityTags.Normalize(etag);
        var batchId = BatchInstanceIds.For(blobName, etag);
        if (await client.GetInstanceAsync(batchId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null)
        {
            return new BatchStartResult(batchId, Created: false, blobName, etag);
        }

        await _state.RecordStartedAsync(batchId, blobName, etag, cancellationToken).ConfigureAwait(false);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                BatchTaskNames.SendBatch,
                new BatchSendInput(_storage.Batches.Name, blobName, etag),
                new StartOrchestrationOptions(batchId),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Lost a race with another trigger for the same upload: that one's send is the send.
            if (await client.GetInstanceAsync(batchId, false, cancellationToken).ConfigureAwait(false) is not null)
            {
                return new BatchStartResult(batchId, Created: false, blobName, etag);
            }

            throw;
        }

        Log.BatchStarted(_logger, batchId, blobName, etag);
        return new BatchStartResult(batchId, Created: true, blobName, etag);
    }

    /// <summary>
    /// Progress while it runs (summed over shards), the summary once it ended (from the batches table when the
    /// orchestration history was purged); null if the send is unknown.
    /// </summary>
    public async Task<BatchStatus?> GetStatusAsync(DurableTaskClient client, string batchId, CancellationToken cancellationToken = default)
    {
        var instance = await client.GetInstanceAsync(batchId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return await _state.GetOutcomeAsync(batchId, cancellationToken).ConfigureAwait(false) is { } stored
                ? new BatchStatus
                {
                    BatchId = batchId, RuntimeStatus = "Completed", Phase = BatchPhase.Done, Summary = stored, Counts = stored.Counts,
                    Users = stored.Users, Devices = stored.Devices, Chunks = stored.Chunks,
                }
                : null;
        }

        var progress = instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<BatchProgress>();
        var status = new BatchStatus
        {
            BatchId = batchId,
            RuntimeStatus = instance.RuntimeStatus.ToString(),
            Phase = progress?.Phase ?? BatchPhase.Pending,
            Users = progress?.Users ?? 0,
            Devices = progress?.Devices ?? 0,
            Chunks = progress?.Chunks ?? 0,
            Shards = progress?.Shards ?? 0,
            ShardsPlanned = progress?.ShardsPlanned ?? 0,
            Counts = progress?.Counts ?? new BatchCounts(),
            Waiting = progress?.Waiting ?? [],
            Interim = progress?.Interim,
        };

        if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed && instance.ReadOutputAs<BatchSummary>() is { } summary)
        {
            return status with
            {
                Phase = BatchPhase.Done, Summary = summary, Counts = summary.Counts, Users = summary.Users, Devices = summary.Devices, Chunks = summary.Chunks,
                Shards = summary.Shards, ShardsPlanned = summary.Shards,
            };
        }

        if (progress is { Phase: BatchPhase.Sending or BatchPhase.Waiting or BatchPhase.Cancelling, Shards: > 0 })
        {
            // The parent holds every plan's totals and the counts of finished shards; each sending shard keeps its
            // running counts in its own custom status (which comes back only with inputs and outputs; a shard's are a
            // few hundred bytes). A shard that finished since the parent last wrote is still listed as sending and
            // read here, so nothing is counted twice or missed.
            var ids = (progress.Running ?? []).Select(s => BatchInstanceIds.Shard(batchId, s, progress.Run))
                .Concat((progress.RunningWaves ?? []).Select(w => BatchInstanceIds.Wave(batchId, w.Shard, w.Wave, progress.Run)));
            var running = await Task.WhenAll(ids.Select(id => client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken))).ConfigureAwait(false);
            var outcomes = running
                .Where(shard => shard?.SerializedCustomStatus is not null)
                .Select(shard => shard!.ReadCustomStatusAs<BatchCounts>())
                .OfType<BatchCounts>()
                .ToList();
            var counts = outcomes.Aggregate(progress.Counts, (sum, o) => sum.Add(o));

            // The plan's devices, plus those of the waves released so far (a running wave's count is in its status).
            status = status with { Counts = counts, Devices = progress.Devices + counts.WaveDevices };
        }

        return status;
    }

    /// <summary>
    /// Runs an ended send again (cancelled, failed, or completed with failures): the same instance id, the same
    /// committed plan, and the delivery ledger of the earlier run, so devices that already have an outcome
    /// (delivered, dead token, refused payload) are skipped and only the rest are pushed.
    /// </summary>
    public async Task<BatchResumeResult> ResumeAsync(DurableTaskClient client, string batchId, string by, CancellationToken cancellationToken = default)
    {
        var instance = await client.GetInstanceAsync(batchId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return await _state.GetOutcomeAsync(batchId, cancellationToken).ConfigureAwait(false) is null
                ? new BatchResumeResult(BatchResumeOutcome.NotFound, batchId)
                : new BatchResumeResult(BatchResumeOutcome.Conflict, batchId, Reason:
                    "the send's orchestration history was purged, so its input is gone; it cannot be resumed");
        }

        if (instance.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended)
        {
            return new BatchResumeResult(BatchResumeOutcome.Conflict, batchId, Reason: $"the send is {instance.RuntimeStatus}; cancel it first, or let it end");
        }

        var input = instance.ReadInputAs<BatchSendInput>()
            ?? throw new InvalidOperationException($"the send {batchId} has no input to resume from");
        var summary = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<BatchSummary>() : null;
        if (summary is { Outcome: BatchOutcome.Completed or BatchOutcome.DryRun })
        {
            return new BatchResumeResult(BatchResumeOutcome.Conflict, batchId, Reason: $"the send ended {summary.Outcome}: every device already has its outcome");
        }

        if (summary is { PlanId.Length: 0 })
        {
            return new BatchResumeResult(BatchResumeOutcome.Conflict, batchId, Reason:
                $"the batch file was refused ({summary.Error}); upload a corrected file, which starts a new send");
        }

        // Its chunks stop on a changed file (they never mix two lists), so a resume needs the version it planned.
        if (await BatchFileVersion.ChangeAsync(_storage, input, cancellationToken).ConfigureAwait(false) is { } changed)
        {
            return new BatchResumeResult(BatchResumeOutcome.Conflict, batchId, Reason: changed + " since the send started; upload the list again, which starts a new send");
        }

        var resumed = input with { Run = input.Run + 1 };
        await _state.ClearCancelledAsync(batchId, by, cancellationToken).ConfigureAwait(false);
        await client.ScheduleNewOrchestrationInstanceAsync(BatchTaskNames.SendBatch, resumed, new StartOrchestrationOptions(batchId), cancellationToken)
            .ConfigureAwait(false);
        Log.BatchResumed(_logger, batchId, by, resumed.Run);
        return new BatchResumeResult(BatchResumeOutcome.Resumed, batchId, resumed.Run);
    }

    /// <summary>
    /// Cancels a running send: chunks that have not started will not push. False if there is no such send; with
    /// <paramref name="markIfNotStarted"/> (a campaign cancelled in the moment its send is being started) the marker
    /// is stored anyway, so the send stops at its first chunk.
    /// </summary>
    public async Task<bool> CancelAsync(DurableTaskClient client, string batchId, string by, bool markIfNotStarted = false, CancellationToken cancellationToken = default)
    {
        var instance = await client.GetInstanceAsync(batchId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            if (markIfNotStarted)
            {
                await _state.MarkCancelledAsync(batchId, by, cancellationToken).ConfigureAwait(false);
            }

            return false;
        }

        // Marker first: chunks already queued check it even after the orchestrator stops waiting for them.
        await _state.MarkCancelledAsync(batchId, by, cancellationToken).ConfigureAwait(false);
        if (instance.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending)
        {
            await client.RaiseEventAsync(batchId, BatchTaskNames.CancelEvent, by, cancellationToken).ConfigureAwait(false);
        }

        Log.BatchCancelRequested(_logger, batchId, by);
        return true;
    }
}
