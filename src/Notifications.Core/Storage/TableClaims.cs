using Azure;
using Azure.Data.Tables;

namespace Notifications.Core.Storage;

/// <summary>
/// Claims as insert-only table rows: the first insert of a row wins and every later one is refused (409), whichever
/// host or retry makes it. Single-use links, decisions and numbered slots (test pushes) are claimed this way.
/// </summary>
internal static class TableClaims
{
    /// <summary>Inserts <paramref name="claim"/>; false when its row is already taken.</summary>
    public static async Task<bool> TryAddAsync(this TableClient table, ITableEntity claim, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(claim, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>
    /// The first free of <paramref name="slots"/> numbered rows <c>{prefix}001</c>, <c>{prefix}002</c>, ... of
    /// <paramref name="partition"/> (racing claims take one each), with its number; null when all are taken.
    /// </summary>
    public static async Task<(TableEntity Claim, int Number)?> ClaimSlotAsync(
        this TableClient table, string partition, string prefix, int slots, Action<TableEntity> fill, CancellationToken cancellationToken)
    {
        for (var n = 1; n <= slots; n++)
        {
            var slot = new TableEntity(partition, $"{prefix}{n:D3}");
            fill(slot);
            if (await table.TryAddAsync(slot, cancellationToken).ConfigureAwait(false))
            {
                return (slot, n);
            }
        }

        return null;
    }
}
