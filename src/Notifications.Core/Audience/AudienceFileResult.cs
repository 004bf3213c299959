namespace Notifications.Core.Audience;

/// <summary>What writing an audience into a batch file produced.</summary>
/// <param name="Users">Distinct users written.</param>
/// <param name="Error">Why the file cannot be sent (query error, not a user id, nobody selected); null when it can.</param>
/// <param name="ETag">The committed file's ETag; null when nothing was committed.</param>
public sealed record AudienceFileResult(long Users, string? Error, string? ETag)
{
    /// <summary>The error of a query that selected nobody.</summary>
    public const string NoUsers = "the audience query selected no users";
}
