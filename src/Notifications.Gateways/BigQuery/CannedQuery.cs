namespace Notifications.Gateways.BigQuery;

/// <summary>A result the loopback BigQuery returns for queries whose text contains <see cref="Match"/>.</summary>
/// <param name="Match">Text the (wrapped) query must contain.</param>
/// <param name="Columns">Result columns (all STRING).</param>
/// <param name="Rows">Result rows.</param>
public sealed record CannedQuery(string Match, IReadOnlyList<string> Columns, IReadOnlyList<string?[]> Rows);
