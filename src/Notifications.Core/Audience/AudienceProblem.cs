namespace Notifications.Core.Audience;

/// <summary>
/// Why an engine refuses a query, with a stable reason code for logs and the exception, and a message for the person
/// who wrote it (already redacted: it quotes their SQL, never a data value).
/// </summary>
/// <param name="Reason">Stable code: EmptyQuery, MultipleStatements, NotSelect, InvalidQuery, NoUserIdColumn, ExternalAccess, TooExpensive, ...</param>
/// <param name="Message">What is wrong, for the requester.</param>
internal sealed record AudienceProblem(string Reason, string Message)
{
    /// <summary>The check result carrying this problem.</summary>
    public AudienceCheck ToCheck() => new(Message);

    /// <summary>The exception <see cref="IAudienceSource.RunAsync"/> throws for this problem: never transient.</summary>
    public AudienceQueryException ToException(string engine) => new(engine, Reason, isTransient: false, Message);
}
