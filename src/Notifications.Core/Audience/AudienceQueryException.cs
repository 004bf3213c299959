namespace Notifications.Core.Audience;

/// <summary>
/// An audience query could not run (<c>bigquery</c> or <c>duckdb</c>). The message is the engine's own words, since
/// it goes back to the person who wrote the query.
/// </summary>
public sealed class AudienceQueryException : ProviderException
{
    /// <summary>Creates the exception.</summary>
    public AudienceQueryException(string engine, string reason, bool isTransient, string message, Exception? innerException = null, int statusCode = 0)
        : base(engine, statusCode, reason, isTransient, $"{engine}: {message}", innerException)
    {
    }
}
