namespace Notifications.Gateways.BigQuery;

/// <summary>A result the loopback BigQuery returns for queries whose text contains <see cref="Match"/>.</summary>
/// <param name="Match">Text the (wrapped) query must contain.</param>
/// <param name="Columns">Result columns (all STRING).</param>
/// <param name="Rows">Result rows.</param>
/// <param name="BytesProcessed">
/// What the query scans: the dry run reports it, and <c>jobs.query</c> fails with <c>bytesBilledLimitExceeded</c> when
/// the bytes billed are above the job's <c>maximumBytesBilled</c>.
/// </param>
/// <param name="BytesBilled">
/// What running it bills, when not <paramref name="BytesProcessed"/>: higher models a dry-run estimate that was low
/// (BigQuery bills at least 10 MB per table), so the cap on the query job itself is what stops it.
/// </param>
public sealed record CannedQuery(
    string Match, IReadOnlyList<string> Columns, IReadOnlyList<string?[]> Rows, long BytesProcessed = CannedQuery.DefaultBytesProcessed, long? BytesBilled = null)
{
    /// <summary>10 MiB, BigQuery's minimum billed per table a query references.</summary>
    public const long DefaultBytesProcessed = 10_485_760;
}
