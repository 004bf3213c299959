using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Notifications.Core.Storage;

namespace Notifications.Core.Delivery.RateLimits;

/// <summary>
/// Send-rate limits shared by every worker of the task hub: a minute's allowance is cut into 10-second windows (so a
/// send spreads over the minute instead of leaving in its first second), and each window is one row of the batches
/// table (<c>rate:{scope}</c>, row = window start) that chunks claim pushes from with optimistic concurrency. A chunk
/// claims its whole share in one round trip, never one per push; what a window cannot give waits for the next one.
/// </summary>
public sealed class SendRateLimiter
{
    /// <summary>The length of one window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private const int WindowsPerMinute = 6;
    private const int MaxConflicts = 20;
    private readonly StorageClients _storage;
    private readonly RateLimitOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the limiter over the batches table's <c>rate:</c> rows; <paramref name="options"/> sets the global per-minute ceiling.</summary>
    public SendRateLimiter(StorageClients storage, IOptions<RateLimitOptions> options, TimeProvider time)
    {
        _storage = storage;
        _options = options.Value;
        _time = time;
    }

    /// <summary>
    /// Claims up to <paramref name="wanted"/> pushes now: from the send's own limit (<paramref name="perMinute"/>, when
    /// it has one, under <paramref name="scope"/>), then from the global ceiling.
    /// </summary>
    public async Task<RateGrant> ClaimAsync(string scope, int? perMinute, int wanted, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % Window.Ticks), TimeSpan.Zero);
        var next = start + Window;
        var granted = wanted;
        if (perMinute is { } limit && granted > 0)
        {
            granted = await TakeAsync("rate:" + scope, start, PerWindow(limit), granted, cancellationToken).ConfigureAwait(false);
        }

        if (_options.GlobalPerMinute > 0 && granted > 0)
        {
            // What the ceiling refuses is lost from the send's own window: erring on the slow side is what a limit is for.
            granted = await TakeAsync("rate:*", start, PerWindow(_options.GlobalPerMinute), granted, cancellationToken).ConfigureAwait(false);
        }

        return new RateGrant(granted, next);
    }

    /// <summary>A window's share of a per-minute limit, rounded up so that a limit below six a minute still sends.</summary>
    public static int PerWindow(int perMinute) => (perMinute + WindowsPerMinute - 1) / WindowsPerMinute;

    /// <summary>
    /// Whoever opens a window deletes the scope's windows that ended more than a minute ago, so the rows never outgrow a
    /// handful per scope.
    /// </summary>
    private static async Task ForgetOldWindowsAsync(TableClient table, string partition, DateTimeOffset window, CancellationToken cancellationToken)
    {
        var before = (window - TimeSpan.FromMinutes(1)).UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {before}");
        await foreach (var old in table.QueryAsync<TableEntity>(filter, maxPerPage: 100, select: ["RowKey"], cancellationToken).ConfigureAwait(false))
        {
            try
            {
                // The query selected only RowKey, so the partition is the one asked for, not the row's (left unset).
                await table.DeleteEntityAsync(partition, old.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Another worker forgot it first.
            }
        }
    }

    private async Task<int> TakeAsync(string partition, DateTimeOffset window, int allowance, int wanted, CancellationToken cancellationToken)
    {
        var table = _storage.BatchState;
        var row = window.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < MaxConflicts; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, ["Used"], cancellationToken).ConfigureAwait(false);
            var used = existing.HasValue ? existing.Value!.GetInt32("Used") ?? 0 : 0;
            var take = Math.Min(wanted, allowance - used);
            if (take <= 0)
            {
                return 0;
            }

            var entity = new TableEntity(partition, row) { ["Used"] = used + take };
            try
            {
                if (existing.HasValue)
                {
                    await table.UpdateEntityAsync(entity, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                    await ForgetOldWindowsAsync(table, partition, window, cancellationToken).ConfigureAwait(false);
                }

                return take;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another chunk claimed from this window first: read it again.
            }
        }

        // A window this contended is as good as full; the chunk tries the next one.
        return 0;
    }
}
