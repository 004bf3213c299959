using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Notifications.Core.Batches.Files;
using Notifications.Core.Storage;

namespace Notifications.Core.Campaigns;

/// <summary>Ad-hoc campaigns in Table storage: one row per campaign, the whole record as JSON, updated with ETags.</summary>
public sealed class CampaignStore
{
    private const string PartitionKey = "campaign";
    private const string IdempotencyPartition = "idempotency";

    /// <summary>How every campaign id starts, followed by its submit time (UTC).</summary>
    internal const string IdPrefix = "adhoc-";
    private readonly StorageClients _storage;

    /// <summary>Creates the store over the campaigns table; one instance serves every request and activity of the host.</summary>
    public CampaignStore(StorageClients storage) => _storage = storage;

    /// <summary>Stores a new campaign.</summary>
    public async Task CreateAsync(Campaign campaign, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        await _storage.Campaigns.AddEntityAsync(ToEntity(campaign), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A campaign, or null.</summary>
    public async Task<Campaign?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var row = await _storage.Campaigns.GetEntityIfExistsAsync<TableEntity>(PartitionKey, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    /// <summary>
    /// A page of <paramref name="query"/>, newest first. Ids start with the submit time (<c>adhoc-yyyyMMdd-HHmmss-</c>),
    /// so a date range is a row-key range of one partition: the request reads that range (status filtered by the
    /// store) and keeps the newest <see cref="CampaignListQuery.Limit"/> below the cursor.
    /// </summary>
    public async Task<CampaignListPage> ListAsync(CampaignListQuery query, CancellationToken cancellationToken = default)
    {
        // One more than the page says whether there is an older page.
        var newest = new Newest(query.Limit + 1);
        await ScanAsync(query.From, query.To, query.Before, query.Status, newest.Add, cancellationToken).ConfigureAwait(false);
        var rows = newest.Items;
        var page = rows.Take(query.Limit).ToList();
        return new CampaignListPage(page, rows.Count > query.Limit ? page[^1].Id : null);
    }

    /// <summary>
    /// The newest <paramref name="limit"/> campaigns of <paramref name="from"/>-<paramref name="to"/>, and the newest
    /// <paramref name="limit"/> in each of <paramref name="statuses"/>, from one read of the range (the home page).
    /// </summary>
    public async Task<(IReadOnlyList<CampaignListItem> All, IReadOnlyDictionary<CampaignStatus, IReadOnlyList<CampaignListItem>> ByStatus)> NewestAsync(
        DateOnly from, DateOnly to, int limit, IReadOnlyList<CampaignStatus> statuses, CancellationToken cancellationToken = default)
    {
        var all = new Newest(limit);
        var byStatus = statuses.Distinct().ToDictionary(s => s, _ => new Newest(limit));
        await ScanAsync(from, to, before: null, status: null, row =>
        {
            all.Add(row);
            if (Enum.TryParse<CampaignStatus>(row.GetString("Status"), out var status))
            {
                byStatus.GetValueOrDefault(status)?.Add(row);
            }
        }, cancellationToken).ConfigureAwait(false);
        return (all.Items, byStatus.ToDictionary(p => p.Key, p => p.Value.Items));
    }

    /// <summary>Every campaign row of a row-key range, oldest first (the store's only order).</summary>
    private async Task ScanAsync(
        DateOnly from, DateOnly to, string? before, CampaignStatus? status, Action<TableEntity> row, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var low = string.Create(CultureInfo.InvariantCulture, $"{IdPrefix}{from:yyyyMMdd}");
        var high = string.Create(CultureInfo.InvariantCulture, $"{IdPrefix}{to.AddDays(1):yyyyMMdd}");
        if (before is not null && string.CompareOrdinal(before, high) < 0)
        {
            high = before;
        }

        var filter = status is { } s
            ? TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey} and RowKey ge {low} and RowKey lt {high} and Status eq {s.ToString()}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey} and RowKey ge {low} and RowKey lt {high}");
        await foreach (var entity in _storage.Campaigns.QueryAsync<TableEntity>(filter, maxPerPage: 1000, ["Status", "Json"], cancellationToken).ConfigureAwait(false))
        {
            row(entity);
        }
    }

    /// <summary>Applies <paramref name="change"/> to the stored campaign, retrying on a concurrent update.</summary>
    public async Task<Campaign> UpdateAsync(string id, Func<Campaign, Campaign> change, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var row = await _storage.Campaigns.GetEntityAsync<TableEntity>(PartitionKey, id, cancellationToken: cancellationToken).ConfigureAwait(false);
            var updated = change(FromEntity(row.Value));
            try
            {
                await _storage.Campaigns.UpdateEntityAsync(ToEntity(updated), row.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return updated;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 5)
            {
                // Someone else updated it between read and write: read again.
            }
        }
    }

    /// <summary>
    /// Claims <paramref name="key"/> for <paramref name="requesterEmail"/> (insert-only, so of two racing submits one
    /// wins): null when this call claimed it for <paramref name="campaignId"/>, otherwise the earlier claim. Keys are
    /// per requester, so nobody can read another person's campaign by guessing their key.
    /// </summary>
    public async Task<IdempotencyClaim?> ClaimIdempotencyKeyAsync(
        string requesterEmail, string key, string campaignId, string requestHash, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var row = IdempotencyRow(requesterEmail, key);
        try
        {
            await _storage.Campaigns.AddEntityAsync(new TableEntity(IdempotencyPartition, row) { ["CampaignId"] = campaignId, ["RequestHash"] = requestHash },
                cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await FindIdempotencyKeyAsync(requesterEmail, key, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The earlier claim of <paramref name="key"/> by <paramref name="requesterEmail"/>, if any.</summary>
    public async Task<IdempotencyClaim?> FindIdempotencyKeyAsync(string requesterEmail, string key, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var existing = await _storage.Campaigns.GetEntityIfExistsAsync<TableEntity>(IdempotencyPartition, IdempotencyRow(requesterEmail, key),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return existing.HasValue ? new IdempotencyClaim(existing.Value!.GetString("CampaignId"), existing.Value.GetString("RequestHash")) : null;
    }

    // Hashed: the row key must not carry characters Table storage refuses, and the key is the client's text.
    private static string IdempotencyRow(string requesterEmail, string key) => Convert.ToHexStringLower(
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(requesterEmail.ToLowerInvariant() + "\n" + key)));

    private static TableEntity ToEntity(Campaign campaign) => new(PartitionKey, campaign.Id)
    {
        ["Status"] = campaign.Status.ToString(),
        ["Json"] = JsonSerializer.Serialize(campaign, BatchFileReader.JsonOptions),
    };

    private static Campaign FromEntity(TableEntity entity) =>
        JsonSerializer.Deserialize<Campaign>(entity.GetString("Json"), BatchFileReader.JsonOptions)
        ?? throw new InvalidDataException($"campaign {entity.RowKey} is stored empty");

    /// <summary>
    /// The last <c>capacity</c> rows of an oldest-first stream, newest first: memory bounded by the page, not the range,
    /// and only the rows kept are parsed.
    /// </summary>
    private sealed class Newest(int capacity)
    {
        private readonly Queue<TableEntity> _items = new(capacity);

        public IReadOnlyList<CampaignListItem> Items => [.. _items.Reverse().Select(FromEntity)
            .Select(c => new CampaignListItem(c.Id, c.Title, c.Status, c.SubmittedAt, c.RequesterName, c.Users, c.BatchId))];

        public void Add(TableEntity item)
        {
            if (_items.Count == capacity)
            {
                _items.Dequeue();
            }

            _items.Enqueue(item);
        }
    }
}
