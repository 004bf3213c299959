using Azure;
using Azure.Data.Tables;

namespace Notifications.Local.Workers;

/// <summary>
/// Who owns the task hub's control-queue partitions, from the provider's partition table (<c>&lt;hub&gt;Partitions</c>,
/// one row per partition: <c>CurrentOwner</c>, and <c>NextOwner</c> while another worker takes it over).
/// </summary>
internal static class PartitionOwners
{
    /// <summary>Partitions per owner, and whether any is moving between owners (or has none).</summary>
    public static async Task<(IReadOnlyDictionary<string, int> Owners, bool Settled)> ReadAsync(TableClient table, CancellationToken cancellationToken)
    {
        var owners = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var settled = true;
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(select: ["CurrentOwner", "NextOwner", "IsDraining"], cancellationToken: cancellationToken))
            {
                var owner = row.GetString("CurrentOwner");
                settled &= !string.IsNullOrEmpty(owner) && string.IsNullOrEmpty(row.GetString("NextOwner")) && row.GetBoolean("IsDraining") != true;
                if (!string.IsNullOrEmpty(owner))
                {
                    owners[owner] = owners.GetValueOrDefault(owner) + 1;
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            settled = false;
        }

        return (owners, settled && owners.Count > 0);
    }

    /// <summary>"host=8 w2=8".</summary>
    public static string Describe(IReadOnlyDictionary<string, int> owners) => string.Join(' ', owners.Select(o => $"{o.Key}={o.Value}"));
}
