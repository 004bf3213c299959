namespace Notifications.Core.Audience;

/// <summary>
/// An audience query could not run (<c>bigquery</c> or <c>duckdb</c>). The message goes back to the person who wrote
/// the query (API, email, page, logs), so it is the engine's words passed through <see cref="AudienceErrorRedactor"/>:
/// their own SQL may be quoted, data values never are. For the same reason no raw engine exception is kept as the
/// inner exception of a query error.
/// </summary>
public sealed class AudienceQueryException : ProviderException
{
    /// <summary>Creates the exception; <paramref name="message"/>, already redacted, reaches the query's author prefixed with <paramref name="engine"/>.</summary>
    public AudienceQueryException(string engine, string reason, bool isTransient, string message, Exception? innerException = null, int statusCode = 0)
        : base(engine, statusCode, reason, isTransient, $"{engine}: {message}", innerException)
    {
    }
}
