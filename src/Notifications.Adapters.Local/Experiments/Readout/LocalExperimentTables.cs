using System.Globalization;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using DuckDB.NET.Data;
using Notifications.Core.Experiments.Events;
using Notifications.Core.Experiments.Readout;
using Notifications.Core.Storage;

namespace Notifications.Adapters.Local.Experiments.Readout;

/// <summary>
/// What BigQuery's load jobs do in Azure, done locally before a readout: the slices of the exposure and event logs a
/// query needs (<see cref="ReadoutTables"/>), read from blob storage into temporary DuckDB tables named as the BigQuery
/// tables are. Reads the slices whole, which suits the local data set, not a production one.
/// </summary>
public sealed class LocalExperimentTables
{
    private readonly StorageClients _storage;
    private readonly OutcomeEventStore _events;

    /// <summary>Creates the loader; exposure slices come from the exposures container, event slices from the event log through <paramref name="events"/>.</summary>
    public LocalExperimentTables(StorageClients storage, OutcomeEventStore events)
    {
        _storage = storage;
        _events = events;
    }

    /// <summary>Creates <see cref="ReadoutSql.ExposuresTable"/> and <see cref="ReadoutSql.EventsTable"/> on <paramref name="connection"/> and fills them.</summary>
    public async Task LoadAsync(DuckDBConnection connection, ReadoutTables tables, CancellationToken cancellationToken)
    {
        foreach (var ddl in new[]
        {
            $"CREATE TEMP TABLE {ReadoutSql.ExposuresTable} (experiment_id VARCHAR, arm VARCHAR, user_id VARCHAR, run_date DATE, exposed_at TIMESTAMP, campaign_id VARCHAR, has_device BOOLEAN)",
            $"CREATE TEMP TABLE {ReadoutSql.EventsTable} (event_type VARCHAR, user_id VARCHAR, campaign_id VARCHAR, arm VARCHAR, goal VARCHAR, occurred_at TIMESTAMP, received_at TIMESTAMP)",
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = ddl;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (tables.ExperimentId is { } experimentId)
        {
            using var exposures = connection.CreateAppender("temp", "main", ReadoutSql.ExposuresTable);
            await ReadExposuresAsync(experimentId, tables.RunsFrom, tables.RunsTo, line =>
            {
                exposures.CreateRow()
                    .AppendValue(line.ExperimentId).AppendValue(line.Arm).AppendValue(line.UserId).AppendValue(line.RunDate)
                    .AppendValue(line.ExposedAt).AppendValue(line.CampaignId).AppendValue(line.HasDevice)
                    .EndRow();
                return ValueTask.CompletedTask;
            }, cancellationToken).ConfigureAwait(false);
        }

        using var events = connection.CreateAppender("temp", "main", ReadoutSql.EventsTable);
        await _events.ReadLogAsync(tables.EventsFrom, tables.EventsTo, outcome =>
        {
            events.CreateRow()
                .AppendValue(OutcomeEvent.Name(outcome.Type)).AppendValue(outcome.UserId).AppendValue(outcome.CampaignId)
                .AppendValue(outcome.Arm).AppendValue(outcome.Goal).AppendValue(outcome.OccurredAt).AppendValue(outcome.ReceivedAt)
                .EndRow();
            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every exposure of <paramref name="experimentId"/> with a run date from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public async Task ReadExposuresAsync(string experimentId, DateOnly from, DateOnly to, Func<ExposureLine, ValueTask> onLine, CancellationToken cancellationToken)
    {
        await foreach (var blob in _storage.Exposures.GetBlobsAsync(BlobTraits.None, BlobStates.None, experimentId + "/", cancellationToken).ConfigureAwait(false))
        {
            // The folder is the day the send ran, never before the day it was for: a folder older than the range
            // holds nothing in it, and is not downloaded.
            var folder = blob.Name.AsSpan(experimentId.Length + 1);
            if (folder.Length >= 10 && DateOnly.TryParseExact(folder[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var sent) && sent < from)
            {
                continue;
            }

            var content = await _storage.Exposures.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            foreach (var text in content.Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var line = Parse(text);
                if (line.RunDate >= from && line.RunDate <= to)
                {
                    await onLine(line).ConfigureAwait(false);
                }
            }
        }
    }

    private static ExposureLine Parse(string text)
    {
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;

        // Lines written before run_date and exposed_at existed count from the day they were sent.
        var sent = DateOnly.ParseExact(root.GetProperty("exposure_date").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var runDate = root.TryGetProperty("run_date", out var r) ? DateOnly.ParseExact(r.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture) : sent;
        var exposedAt = root.TryGetProperty("exposed_at", out var at) ? OutcomeEventStore.ParseTimestamp(at.GetString()!) : sent.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return new ExposureLine(
            root.GetProperty("experiment_id").GetString()!, root.GetProperty("arm").GetString()!, root.GetProperty("user_id").GetString()!,
            runDate, exposedAt, root.GetProperty("campaign_id").GetString()!, root.GetProperty("has_device").GetBoolean());
    }
}
