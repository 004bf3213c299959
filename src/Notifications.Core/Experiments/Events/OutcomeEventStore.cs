using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Notifications.Core.Devices;
using Notifications.Core.Storage;

namespace Notifications.Core.Experiments.Events;

/// <summary>
/// The apps' outcome events, stored twice for two readers: a row per user, campaign and event type in a table (the
/// idempotency gate: an insert that conflicts is a resend, and nothing more is written), and a line of
/// newline-delimited JSON appended to the event log (<c>{date}/{hour}/{minute}-{part}.ndjson</c>, UTC, of the time it
/// arrived), which BigQuery loads as it loads the exposure log. Append blobs take at most 50,000 appends each, so the
/// log spreads over a blob per minute and eight parts by user: 400,000 events a minute before one fills.
/// </summary>
/// <remarks>
/// The row goes first: if the append then fails, the row is deleted again and the app is told to retry, so an event is
/// logged once or (when even the delete fails) not at all, never twice. Campaigns are known from a marker row each
/// send writes when it is planned (<see cref="RegisterCampaignAsync"/>): events for a campaign nobody sent are refused,
/// so a signed-in user cannot fill the store with invented campaign ids.
/// </remarks>
public sealed class OutcomeEventStore
{
    /// <summary>How many parts each minute's log is spread over.</summary>
    public const int LogParts = 8;

    private const string MarkerRow = "~campaign";
    private const int CachedCampaigns = 10_000;
    private readonly StorageClients _storage;
    private readonly ConcurrentDictionary<string, CampaignMarker> _known = new(StringComparer.Ordinal);

    /// <summary>Creates the store over the outcome-events table and log; one instance serves the host and caches up to 10,000 campaign markers.</summary>
    public OutcomeEventStore(StorageClients storage) => _storage = storage;

    /// <summary>Records that <paramref name="campaignId"/> is being sent, with its experiment's arms (idempotent).</summary>
    public async Task RegisterCampaignAsync(string campaignId, IReadOnlyList<string> arms, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(campaignId, MarkerRow) { ["Arms"] = string.Join(',', arms) };
        await _storage.OutcomeEvents.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        _known.TryRemove(campaignId, out _);
    }

    /// <summary>The campaign as its sends registered it, or null when the system never sent it.</summary>
    public async Task<CampaignMarker?> FindCampaignAsync(string campaignId, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(campaignId, out var cached))
        {
            return cached;
        }

        var row = await _storage.OutcomeEvents.GetEntityIfExistsAsync<TableEntity>(campaignId, MarkerRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue || row.Value is null)
        {
            return null;
        }

        var marker = new CampaignMarker(campaignId, (row.Value.GetString("Arms") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries));
        if (_known.Count >= CachedCampaigns)
        {
            _known.Clear();
        }

        _known[campaignId] = marker;
        return marker;
    }

    /// <summary>Records <paramref name="outcome"/>; false when the same user, campaign and type was recorded before (nothing written).</summary>
    /// <exception cref="RequestFailedException">Storage failed; nothing stays recorded, so the caller may retry.</exception>
    public async Task<bool> RecordAsync(OutcomeEvent outcome, CancellationToken cancellationToken)
    {
        var row = new TableEntity(outcome.CampaignId, RowKey(outcome.Type, outcome.UserId))
        {
            ["Arm"] = outcome.Arm,
            ["Goal"] = outcome.Goal,
            ["OccurredAt"] = DateTime.SpecifyKind(outcome.OccurredAt, DateTimeKind.Utc),
        };
        try
        {
            await _storage.OutcomeEvents.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }

        try
        {
            await AppendAsync(outcome, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await _storage.OutcomeEvents.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return true;
    }

    /// <summary>
    /// Every logged event that arrived on the days <paramref name="from"/> to <paramref name="to"/> (UTC): what the local
    /// readout loads into DuckDB, where BigQuery would have loaded the log. Reads the log whole; meant for local data.
    /// </summary>
    public async Task ReadLogAsync(DateOnly from, DateOnly to, Func<OutcomeEvent, ValueTask> onEvent, CancellationToken cancellationToken)
    {
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            await foreach (var blob in _storage.OutcomeEventLog.GetBlobsAsync(BlobTraits.None, BlobStates.None, DayFolder(day), cancellationToken).ConfigureAwait(false))
            {
                var content = await _storage.OutcomeEventLog.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
                foreach (var line in content.Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    await onEvent(Parse(line)).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>The log blob an event that arrived at <paramref name="receivedAt"/> from <paramref name="userId"/> goes to.</summary>
    public static string LogBlobName(DateTime receivedAt, string userId) =>
        string.Create(CultureInfo.InvariantCulture, $"{DayFolder(DateOnly.FromDateTime(receivedAt))}{receivedAt:HH}/{receivedAt:mm}-{DeviceKeys.UserHash(userId) % LogParts}.ndjson");

    /// <summary>One log line: the columns of <c>docs/push-events.schema.json</c>.</summary>
    public static string Line(OutcomeEvent outcome)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("event_type", OutcomeEvent.Name(outcome.Type));
            json.WriteString("user_id", outcome.UserId);
            json.WriteString("campaign_id", outcome.CampaignId);
            if (outcome.Arm is { } arm)
            {
                json.WriteString("arm", arm);
            }

            if (outcome.Goal is { } goal)
            {
                json.WriteString("goal", goal);
            }

            json.WriteString("occurred_at", Timestamp(outcome.OccurredAt));
            json.WriteString("received_at", Timestamp(outcome.ReceivedAt));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads a line <see cref="Line"/> wrote.</summary>
    /// <exception cref="FormatException">The line is not one.</exception>
    public static OutcomeEvent Parse(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var type = root.GetProperty("event_type").GetString() switch
            {
                "opened" => OutcomeEventType.Opened,
                "converted" => OutcomeEventType.Converted,
                _ => throw new FormatException("an event log line has an unknown event_type"),
            };
            return new OutcomeEvent(
                type,
                root.GetProperty("user_id").GetString()!,
                root.GetProperty("campaign_id").GetString()!,
                root.TryGetProperty("arm", out var arm) ? arm.GetString() : null,
                root.TryGetProperty("goal", out var goal) ? goal.GetString() : null,
                ParseTimestamp(root.GetProperty("occurred_at").GetString()!),
                ParseTimestamp(root.GetProperty("received_at").GetString()!));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("an event log line is not an event", ex);
        }
    }

    /// <summary>UTC, to the millisecond, as BigQuery's JSON loader reads a TIMESTAMP.</summary>
    public static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads a <see cref="Timestamp"/>.</summary>
    public static DateTime ParseTimestamp(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static string DayFolder(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "/";

    private static string RowKey(OutcomeEventType type, string userId) => OutcomeEvent.Name(type) + "|" + userId;

    private async Task AppendAsync(OutcomeEvent outcome, CancellationToken cancellationToken)
    {
        var blob = _storage.OutcomeEventLog.GetAppendBlobClient(LogBlobName(outcome.ReceivedAt, outcome.UserId));
        var bytes = Encoding.UTF8.GetBytes(Line(outcome) + "\n");
        try
        {
            using var content = new MemoryStream(bytes);
            await blob.AppendBlockAsync(content, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            using var content = new MemoryStream(bytes);
            await blob.AppendBlockAsync(content, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
