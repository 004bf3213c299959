namespace Notifications.Core.Audience;

/// <summary>
/// Runs audience queries against the analytics store and streams the distinct user ids they select, page by page,
/// never holding the whole result. Implementations: BigQuery (REST) here and DuckDB (embedded, local data set) in the
/// local adapters (Notifications.Adapters.Local). Both treat the text as untrusted: the engine itself (not a
/// hand-written parser) must find exactly one read-only SELECT, and no message that goes back to the requester quotes
/// a data value.
/// </summary>
public interface IAudienceSource
{
    /// <summary>The engine's name, for logs and errors.</summary>
    string Engine { get; }

    /// <summary>Checks without selecting anyone: the text is one read-only SELECT with a user_id column, within the byte budget.</summary>
    /// <returns>A problem phrased for the person who wrote the query, or valid (with the bytes it would scan, when the engine says).</returns>
    /// <exception cref="AudienceQueryException">Only for a transient engine failure: retrying may help.</exception>
    Task<AudienceCheck> CheckAsync(AudienceQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="query"/> (checking it again first: defence in depth), calling <paramref name="onUser"/> once
    /// per distinct user id; returns the count.
    /// </summary>
    /// <exception cref="AudienceQueryException">The query is refused or invalid (not transient), or the engine failed.</exception>
    Task<long> RunAsync(AudienceQuery query, Func<string, ValueTask> onUser, CancellationToken cancellationToken = default);

    /// <summary>
    /// As the other <c>RunAsync</c>, with each user's values of <see cref="AudienceQuery.Columns"/> (in that order, null
    /// where the user has none).
    /// </summary>
    /// <exception cref="AudienceQueryException">The query is refused or invalid (not transient), or the engine failed.</exception>
    Task<long> RunAsync(AudienceQuery query, Func<string, IReadOnlyList<string?>, ValueTask> onUser, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks <paramref name="query"/> as <see cref="CheckAsync"/> does, then counts its distinct users up to
    /// <paramref name="countLimit"/> and picks up to <paramref name="sampleSize"/> of them, in one bounded query.
    /// </summary>
    /// <exception cref="AudienceQueryException">Only for a transient engine failure: retrying may help.</exception>
    Task<AudienceSample> SampleAsync(AudienceQuery query, int sampleSize, long countLimit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs one of the system's own readout queries (text from source, never a person's) over the analytics data and
    /// the exposure and event logs, returning every row with its columns as text (null where NULL). Readouts are a
    /// handful of rows: one per arm or event type.
    /// </summary>
    /// <exception cref="AudienceQueryException">The engine failed or refused the query.</exception>
    Task<IReadOnlyList<string?[]>> ReadAsync(Experiments.Readout.ReadoutQuery query, CancellationToken cancellationToken = default);

    /// <summary>The tables and columns an audience query can read (the engine's catalogue of the audience data set).</summary>
    /// <exception cref="AudienceQueryException">The engine could not be asked.</exception>
    Task<IReadOnlyList<AudienceColumn>> DescribeAsync(CancellationToken cancellationToken = default);
}
