namespace Notifications.Core.Audience;

/// <summary>
/// Runs audience queries against the analytics store and streams the distinct user ids they select, page by page,
/// never holding the whole result. Implementations: BigQuery (REST) and DuckDB (embedded, local data set).
/// </summary>
public interface IAudienceSource
{
    /// <summary>The engine's name, for logs and errors.</summary>
    string Engine { get; }

    /// <summary>Checks without selecting anyone: the text is one read-only SELECT with a user_id column, within the byte budget.</summary>
    Task<AudienceCheck> CheckAsync(AudienceQuery query, CancellationToken cancellationToken = default);

    /// <summary>Runs <paramref name="query"/>, calling <paramref name="onUser"/> once per distinct user id; returns the count.</summary>
    /// <exception cref="AudienceQueryException">The query is invalid, lacks a user_id column, or the engine failed.</exception>
    Task<long> RunAsync(AudienceQuery query, Func<string, ValueTask> onUser, CancellationToken cancellationToken = default);
}
