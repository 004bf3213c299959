using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Storage;

namespace Notifications.Core.Batches;

/// <summary>
/// The sends by start time, for the send list and the home page: one row per send in partition <c>started</c> of the
/// batches table, keyed by inverted start ticks then the send's id (<see cref="KeyOf"/>). Send ids hash the file's name
/// and ETag, so they say nothing about time, and without this a list of the last days would read every send ever
/// made; here a date range is one row-key range that comes back newest first, and a page stops reading after its rows.
/// Each row carries what a list shows (file, source, status, counts), kept current by <see cref="BatchStateStore"/> when
/// the send ends, is cancelled or resumed, so a page is one query. One partition is enough: a send writes its row a
/// handful of times in all.
/// </summary>
public sealed class BatchStartIndex
{
    /// <summary>The partition of the index rows in the batches table (the sends' own rows are in <c>batch</c>).</summary>
    internal const string PartitionKey = "started";

    private const string CohortPrefix = "cohorts/";
    // RowKey too: a query that selects columns returns only those, and the last row's key is the next page's cursor.
    private static readonly string[] Columns =
        ["RowKey", "BatchId", "BlobName", "Source", "Status", "StartedAt", "CampaignId", "CohortId", "Cancelled", "EndedAt", "Devices", "Sent", "Failed"];

    private readonly StorageClients _storage;

    /// <summary>Creates the index over the batches table's <c>started</c> rows; it holds no state, so the pages, the API and the state store share it.</summary>
    public BatchStartIndex(StorageClients storage) => _storage = storage;

    /// <summary>
    /// The row key of a send that started at <paramref name="startedAt"/>: ascending row keys are newest first, and
    /// two sends started in the same tick still get a row each.
    /// </summary>
    public static string KeyOf(DateTimeOffset startedAt, string batchId) =>
        string.Create(CultureInfo.InvariantCulture, $"{Inverted(startedAt):D19}-{batchId}");

    /// <summary>
    /// Who wrote the file of <paramref name="source"/>: the batches container holds uploads, the campaign-batches
    /// container the app's own files, told apart by the folder each writer uses (<c>campaigns/</c> for approved
    /// campaigns, <c>tests/</c> for test pushes, <c>cohorts/</c> for cohort runs).
    /// </summary>
    public BatchSource SourceOf(BatchSendInput source) =>
        source.Container == _storage.Batches.Name ? BatchSource.Upload
        : source.BlobName.StartsWith("campaigns/", StringComparison.Ordinal) ? BatchSource.Campaign
        : source.BlobName.StartsWith("tests/", StringComparison.Ordinal) ? BatchSource.TestSend
        : source.BlobName.StartsWith(CohortPrefix, StringComparison.Ordinal) ? BatchSource.Cohort
        : BatchSource.Other;

    /// <summary>The cohort of a cohort run's file (<c>cohorts/{cohortId}/{date}.json</c>, <see cref="Cohorts.CohortRun.BatchBlobName"/>).</summary>
    public static string? CohortIdOf(string blobName) =>
        blobName.StartsWith(CohortPrefix, StringComparison.Ordinal) && blobName.IndexOf('/', CohortPrefix.Length) is > 0 and var end
            ? blobName[CohortPrefix.Length..end]
            : null;

    /// <summary>Adds the row of a send that started (running); a row already there is kept as it is.</summary>
    internal async Task AddAsync(string key, string batchId, BatchSendInput source, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var kind = SourceOf(source);
        var row = new TableEntity(PartitionKey, key)
        {
            ["BatchId"] = batchId,
            ["BlobName"] = source.BlobName,
            ["Source"] = kind.ToString(),
            ["Status"] = BatchListStatus.Running.ToString(),
            ["StartedAt"] = startedAt,
        };
        if (kind == BatchSource.Cohort && CohortIdOf(source.BlobName) is { } cohortId)
        {
            row["CohortId"] = cohortId;
        }

        try
        {
            await _storage.BatchState.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Recorded by an earlier call (a repeated trigger, the scan after an HTTP start, a retried activity): its
            // status may have moved on since, and the rest is the same.
        }
    }

    /// <summary>Merges <paramref name="values"/> into the row at <paramref name="key"/>; nothing when it is not there.</summary>
    internal async Task UpdateAsync(string key, IEnumerable<KeyValuePair<string, object>> values, CancellationToken cancellationToken)
    {
        var row = new TableEntity(PartitionKey, key);
        foreach (var (name, value) in values)
        {
            row[name] = value;
        }

        try
        {
            await _storage.BatchState.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Never indexed (started before the index existed): such a send stays out of the list rather than
            // appearing as a row without its file or start.
        }
    }

    /// <summary>
    /// A page of <paramref name="query"/>, newest first, optionally only the sends from <paramref name="source"/> (the
    /// home page's cohort runs): one query over the range's row keys, filtered by the table, read until the page is full.
    /// </summary>
    public async Task<BatchListPage> ListAsync(BatchListQuery query, BatchSource? source = null, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);

        // Rows started from the first moment of From up to (not including) the day after To: inverted, a row-key range.
        var low = Bound(query.To.AddDays(1));
        var high = Bound(query.From);
        var after = query.Before is { } before && string.CompareOrdinal(before, low) > 0 ? before : low;
        var clauses = new List<string>
        {
            TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey} and RowKey gt {after} and RowKey lt {high}"),
        };
        if (query.Status is { } status)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Status eq {status.ToString()}"));
        }

        if (query.Kind is { } kind)
        {
            var upload = BatchSource.Upload.ToString();
            clauses.Add(kind == BatchKind.Manual
                ? TableClient.CreateQueryFilter($"Source eq {upload}")
                : TableClient.CreateQueryFilter($"Source ne {upload}"));
        }

        if (source is { } only)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Source eq {only.ToString()}"));
        }

        var filter = string.Join(" and ", clauses);

        // One more than the page says whether there is an older page.
        var rows = new List<TableEntity>(query.Limit + 1);
        await foreach (var row in _storage.BatchState.QueryAsync<TableEntity>(filter, maxPerPage: query.Limit + 1, Columns, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
            if (rows.Count > query.Limit)
            {
                break;
            }
        }

        var page = rows.Take(query.Limit).ToList();
        return new BatchListPage([.. page.Select(Item)], rows.Count > query.Limit ? page[^1].RowKey : null);
    }

    private static BatchListItem Item(TableEntity row) => new(
        row.GetString("BatchId") ?? string.Empty,
        row.GetString("BlobName") ?? string.Empty,
        Enum.TryParse<BatchSource>(row.GetString("Source"), out var source) ? source : BatchSource.Other,
        Enum.TryParse<BatchListStatus>(row.GetString("Status"), out var status) ? status : BatchListStatus.Running,
        row.GetDateTimeOffset("StartedAt") ?? DateTimeOffset.MinValue,
        row.GetString("CampaignId") is { Length: > 0 } campaignId ? campaignId : null,
        row.GetString("CohortId"),
        row.GetBoolean("Cancelled") == true,
        row.GetDateTimeOffset("EndedAt"),
        row.GetInt64("Devices"),
        row.GetInt64("Sent"),
        row.GetInt64("Failed"));

    private static long Inverted(DateTimeOffset at) => DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks;

    // Above every key of the first moment of the day and below every key of the tick before it: '~' sorts after the
    // '-' that follows the ticks in a key.
    private static string Bound(DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{Inverted(new DateTimeOffset(day, TimeOnly.MinValue, TimeSpan.Zero)):D19}~");
}
