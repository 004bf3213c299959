using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Notifications.Core.Storage;

namespace Notifications.Core.Campaigns;

/// <summary>The audit trail of every campaign: who did what, when, from which link. Append-only, in time order.</summary>
public sealed class CampaignAuditLog
{
    private readonly StorageClients _storage;

    /// <summary>Creates the log over the audit table; one instance serves every request and activity of the host.</summary>
    public CampaignAuditLog(StorageClients storage) => _storage = storage;

    /// <summary>Appends an entry. <paramref name="key"/> makes a retried write land on the same row.</summary>
    public async Task AppendAsync(string campaignId, AuditEntry entry, string? key = null, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var suffix = key ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var row = $"{entry.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}-{suffix}";
        await _storage.Audit.UpsertEntityAsync(new TableEntity(campaignId, row)
        {
            ["At"] = entry.At,
            ["Actor"] = entry.Actor,
            ["Action"] = entry.Action,
            ["Detail"] = entry.Detail,
            ["LinkId"] = entry.LinkId,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every entry of a campaign, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var entries = new List<AuditEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaignId}");
        await foreach (var row in _storage.Audit.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new AuditEntry(row.GetDateTimeOffset("At") ?? default, row.GetString("Actor"), row.GetString("Action"), row.GetString("Detail"), row.GetString("LinkId")));
        }

        return entries.OrderBy(e => e.At).ToList();
    }
}
