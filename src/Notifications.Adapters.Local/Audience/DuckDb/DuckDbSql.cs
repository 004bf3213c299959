namespace Notifications.Adapters.Local.Audience.DuckDb;

/// <summary>
/// One audience query in DuckDB's terms: the person's text (parameters as <c>$name</c>) and the wrapped text, which is
/// exactly what is checked and then run.
/// </summary>
/// <param name="Text">The person's query, trimmed, with <c>@name</c> rewritten to <c>$name</c>.</param>
/// <param name="Wrapped">The query that runs: distinct, non-null user ids as VARCHAR.</param>
internal sealed record DuckDbSql(string Text, string Wrapped);
