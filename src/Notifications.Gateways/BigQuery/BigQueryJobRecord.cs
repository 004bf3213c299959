namespace Notifications.Gateways.BigQuery;

/// <summary>A job the loopback BigQuery received, as tests check it: what ran (or was dry-run), capped and labelled how.</summary>
/// <param name="Method"><c>jobs.insert</c> or <c>jobs.query</c>.</param>
/// <param name="DryRun">Whether it was a dry run.</param>
/// <param name="Query">The SQL text.</param>
/// <param name="StatementType">What the loopback read it as (<c>SELECT</c>, <c>SCRIPT</c>, ...); null for a syntax error.</param>
/// <param name="MaximumBytesBilled">The job's <c>maximumBytesBilled</c>, when set.</param>
/// <param name="Labels">The job's labels.</param>
public sealed record BigQueryJobRecord(
    string Method, bool DryRun, string Query, string? StatementType, long? MaximumBytesBilled, IReadOnlyDictionary<string, string> Labels);
