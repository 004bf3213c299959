using System.Diagnostics;
using Azure;
using Microsoft.Extensions.Logging;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Batches.Planning;
using Notifications.Core.Delivery;
using Notifications.Core.Delivery.RateLimits;
using Notifications.Core.Devices;
using Notifications.Core.Diagnostics;
using Notifications.Core.Storage;

namespace Notifications.Core.Batches.Sending;

/// <summary>
/// Sends one chunk, idempotently: devices the ledger already has a final outcome for are skipped, and each outcome
/// goes to the ledger as it arrives (stored within <see cref="BatchOptions.LedgerFlushInterval"/>), so a chunk
/// retried after a crash pushes only to devices that were not reached. Dead tokens are recorded in the ledger and
/// removed from the registry afterwards, per shard (<see cref="InvalidTokenRemover"/>), so registry writes never
/// hold up pushes.
/// </summary>
public sealed class ChunkSender
{
    private readonly StorageClients _storage;
    private readonly ChunkStore _chunks;
    private readonly BatchWorkStore _work;
    private readonly DeliveryLedger _ledger;
    private readonly BatchStateStore _state;
    private readonly IPushSender _sender;
    private readonly ILogger<ChunkSender> _logger;
    private readonly SendRateLimiter _rates;
    private readonly TimeProvider _time;

    /// <summary>The reason of a device refused because its personal message renders over 4 KB (never sent).</summary>
    public const string TooLarge = "PayloadTooLarge";

    /// <summary>Creates the sender; one instance serves every chunk of the host, recording in <paramref name="ledger"/> and claiming rate from <paramref name="rates"/>.</summary>
    public ChunkSender(
        StorageClients storage, ChunkStore chunks, BatchWorkStore work, DeliveryLedger ledger, BatchStateStore state,
        IPushSender sender, ILogger<ChunkSender> logger, SendRateLimiter rates, TimeProvider time)
    {
        _rates = rates;
        _time = time;
        _storage = storage;
        _chunks = chunks;
        _work = work;
        _ledger = ledger;
        _state = state;
        _sender = sender;
        _logger = logger;
    }

    /// <summary>Sends chunk <see cref="ChunkRequest.Chunk"/> of a planned batch.</summary>
    public async Task<ChunkResult> SendAsync(ChunkRequest request, CancellationToken cancellationToken = default)
    {
        // A child of the activity function's span; the gateway calls are its children.
        using var timing = BatchActivityTiming.Start(BatchTaskNames.SendChunk);
        using var span = DeliveryMetrics.ActivitySource.StartActivity("notifications.chunk");
        span?.SetTag("notifications.batch_id", request.BatchId);
        span?.SetTag("notifications.chunk", request.Chunk);
        SpanBudget.Attach(span);
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var entries = await _chunks.ReadAsync(request.BatchId, request.PlanId, request.ChunkSet, request.Chunk, cancellationToken).ConfigureAwait(false);
        if (await _state.IsCancelledAsync(request.BatchId, cancellationToken).ConfigureAwait(false))
        {
            return Unsent(entries) with { Cancelled = true };
        }

        if (await SourceChangedAsync(request.Source, cancellationToken).ConfigureAwait(false) is { } changed)
        {
            Log.ChunkStopped(_logger, request.BatchId, request.Chunk, changed);
            return Unsent(entries) with { Error = changed };
        }

        var batch = await _work.GetAsync(request.BatchId, request.PlanId).ConfigureAwait(false);
        var ledger = await _ledger.LoadAsync(request.BatchId, request.PlanId, request.ChunkSet, request.Chunk, entries.Count, cancellationToken).ConfigureAwait(false);
        var alreadyDone = ledger.Count;
        var pending = Enumerable.Range(0, entries.Count).Where(p => ledger.Get(p) is null).ToList();

        // The send's own rate and the global ceiling: what they cannot grant now waits for a later window, in a later
        // attempt of this chunk that the ledger lets skip what this one pushed.
        var header = batch.Work.Header;
        var grant = pending.Count == 0 ? new RateGrant(0, default)
            : await _rates.ClaimAsync(header.CampaignId is { Length: > 0 } c ? c : request.BatchId, header.Options.MaxPerMinute, pending.Count, cancellationToken).ConfigureAwait(false);
        var throttled = grant.Granted < pending.Count;
        if (throttled)
        {
            pending = pending[..grant.Granted];
        }


        var outcomes = new PushOutcome?[pending.Count];
        var (items, sent) = Prepare(request, batch, entries, pending, ledger, outcomes);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = WatchAsync(request, stop, pollInterval: TimeSpan.FromSeconds(1));
        string? error = null;
        var retryable = false;
        try
        {
            await _sender.SendAsync(items, (i, outcome) =>
            {
                outcomes[sent[i]] = outcome;
                _ledger.Record(ledger, pending[sent[i]], outcome.Status);
            }, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Stopped by the watcher: a cancel or a changed file, reported below.
        }
        catch (PushGatewayException ex)
        {
            error = ex.Message;
            retryable = ex.IsTransient;
            Log.ChunkStopped(_logger, request.BatchId, request.Chunk, ex.Message);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);

            // Whatever was delivered is stored before the activity reports, even when it was cut short; not on the
            // caller's token, since on shutdown what the gateways already accepted must still reach the ledger.
            await ledger.StoredAsync().ConfigureAwait(false);
        }

        var stopped = await watch.ConfigureAwait(false);
        RecordCampaignPushes(batch.Work.Header.CampaignId, entries, pending, outcomes);
        span?.SetTag("notifications.campaign", batch.Work.Header.CampaignId);
        span?.SetTag("notifications.devices", entries.Count);
        span?.SetTag("notifications.already_done", alreadyDone);
        var result = Summarize(request, entries, batch.Forms.Length, ledger, alreadyDone, outcomes, error ?? stopped.Changed, retryable);
        if (stopped.Cancelled)
        {
            return result with { Cancelled = true, Retryable = false };
        }

        return throttled && result.Error is null
            ? result with { Throttled = true, RetryAfterSeconds = Math.Max(result.RetryAfterSeconds, (grant.NextWindow - _time.GetUtcNow()).TotalSeconds) }
            : result;
    }

    /// <summary>
    /// The pushes of the pending devices, each with its message (<see cref="ChunkMessages"/>), and for each push its
    /// position in <paramref name="pending"/>. A device whose personal message renders over 4 KB is refused here on its
    /// own, recorded as rejected, and the others go on.
    /// </summary>
    private (List<PushItem> Items, List<int> Sent) Prepare(
        ChunkRequest request, LoadedBatch batch, IReadOnlyList<ChunkEntry> entries, List<int> pending, ChunkLedger ledger, PushOutcome?[] outcomes)
    {
        var messages = new ChunkMessages(batch.Forms);
        var items = new List<PushItem>(pending.Count);
        var sent = new List<int>(pending.Count);
        for (var i = 0; i < pending.Count; i++)
        {
            var entry = entries[pending[i]];
            if (messages.For(entry) is { } message)
            {
                items.Add(new PushItem(PlatformOf(entry), entry.Token, message));
                sent.Add(i);
            }
            else
            {
                outcomes[i] = new PushOutcome(DeliveryStatus.Rejected, TooLarge, 0, 0);
                _ledger.Record(ledger, pending[i], DeliveryStatus.Rejected);
            }
        }

        if (sent.Count < pending.Count)
        {
            Log.PushesTooLarge(_logger, request.BatchId, request.Chunk, pending.Count - sent.Count);
        }

        return (items, sent);
    }

    /// <summary>
    /// This attempt's final outcomes by campaign, platform and status. Each device is counted once: the ledger keeps a
    /// retried chunk from sending (and counting) it again, and a transient failure, which a retry may yet turn into a
    /// delivery, is not counted here (<c>notifications.pushes</c> has it).
    /// </summary>
    private static void RecordCampaignPushes(string campaignId, IReadOnlyList<ChunkEntry> entries, List<int> pending, PushOutcome?[] outcomes)
    {
        var statuses = Enum.GetValues<DeliveryStatus>().Length;
        Span<long> counts = stackalloc long[2 * statuses];
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i] is { Status: not DeliveryStatus.Transient } outcome)
            {
                counts[(PlatformOf(entries[pending[i]]) == PushPlatform.Android ? 0 : statuses) + (int)outcome.Status]++;
            }
        }

        for (var slot = 0; slot < counts.Length; slot++)
        {
            if (counts[slot] > 0)
            {
                DeliveryMetrics.CampaignPushes.Add(counts[slot], new TagList
                {
                    { "campaign", campaignId },
                    { "platform", slot < statuses ? "android" : "ios" },
                    { "status", ((DeliveryStatus)(slot % statuses)).ToString() },
                });
            }
        }
    }

    private ChunkResult Summarize(
        ChunkRequest request, IReadOnlyList<ChunkEntry> entries, int variants, ChunkLedger ledger, int alreadyDone, PushOutcome?[] outcomes, string? error, bool retryable)
    {
        // Columns: delivered, dead token, refused, not delivered (what a retry may still turn into a delivery).
        var byVariant = new long[variants, 4];
        var byPlatform = new long[2, 4];
        var totals = new int[4];
        for (var position = 0; position < ledger.Size; position++)
        {
            var column = ledger.Get(position) switch
            {
                DeliveryStatus.Delivered => 0,
                DeliveryStatus.InvalidToken => 1,
                DeliveryStatus.Rejected => 2,
                _ => 3,
            };
            byVariant[entries[position].Variant, column]++;
            byPlatform[(int)PlatformOf(entries[position]), column]++;
            totals[column]++;
        }

        var (sent, invalid, rejected, failed) = (totals[0], totals[1], totals[2], totals[3]);
        var retryAfter = outcomes.Max(o => o?.RetryAfter?.TotalSeconds) ?? 0;
        Log.ChunkSent(_logger, request.BatchId, request.Chunk, sent, invalid, rejected, failed, alreadyDone);
        if (failed > 0 && error is null)
        {
            Log.ChunkLeftFailures(_logger, request.BatchId, request.Chunk, failed, ledger.Size);
        }

        DeliveryMetrics.ChunksCompleted.Add(1);
        return new ChunkResult
        {
            Devices = ledger.Size,
            Sent = sent,
            ByVariant = Slices(byVariant),
            ByPlatform = Slices(byPlatform),
            Invalid = invalid,
            Rejected = rejected,
            Failed = failed,
            AlreadyDone = alreadyDone,
            Error = error,
            Retryable = error is null ? failed > 0 : retryable,
            RetryAfterSeconds = retryAfter,
        };
    }

    /// <summary>
    /// While a chunk sends, checks every <paramref name="pollInterval"/> whether the send was cancelled or its file
    /// changed, and stops the chunk mid-way if so (a slow gateway can make one chunk take minutes).
    /// </summary>
    private async Task<(bool Cancelled, string? Changed)> WatchAsync(ChunkRequest request, CancellationTokenSource stop, TimeSpan pollInterval)
    {
        try
        {
            while (true)
            {
                await Task.Delay(pollInterval, stop.Token).ConfigureAwait(false);
                if (await _state.IsCancelledAsync(request.BatchId, stop.Token).ConfigureAwait(false))
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                    return (true, null);
                }

                if (await SourceChangedAsync(request.Source, stop.Token).ConfigureAwait(false) is { } changed)
                {
                    Log.ChunkStopped(_logger, request.BatchId, request.Chunk, changed);
                    await stop.CancelAsync().ConfigureAwait(false);
                    return (false, changed);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return (false, null);
        }
    }

    private async Task<string?> SourceChangedAsync(BatchSendInput source, CancellationToken cancellationToken) =>
        await BatchFileVersion.ChangeAsync(_storage, source, cancellationToken).ConfigureAwait(false) is { } change
            ? change + " mid-send; the send stops rather than mix two lists"
            : null;

    internal static PushPlatform PlatformOf(ChunkEntry entry) => PlatformNames.FromLetter(entry.Platform);

    // A chunk that pushed nothing (cancelled or stopped before it began) still says which platforms and arms it held,
    // so the per-platform and per-arm tables add up to the send's totals.
    private static ChunkResult Unsent(IReadOnlyList<ChunkEntry> entries)
    {
        var variants = entries.Count == 0 ? 0 : entries.Max(e => e.Variant) + 1;
        var byVariant = new long[variants, 4];
        var byPlatform = new long[2, 4];
        foreach (var entry in entries)
        {
            byVariant[entry.Variant, 3]++;
            byPlatform[(int)PlatformOf(entry), 3]++;
        }

        return new ChunkResult { Devices = entries.Count, Failed = entries.Count, ByVariant = Slices(byVariant), ByPlatform = Slices(byPlatform) };
    }

    private static OutcomeCounts[] Slices(long[,] counts)
    {
        var slices = new OutcomeCounts[counts.GetLength(0)];
        for (var i = 0; i < slices.Length; i++)
        {
            slices[i] = new OutcomeCounts(counts[i, 0], counts[i, 1], counts[i, 2], counts[i, 3]);
        }

        return slices;
    }

}
