namespace Notifications.Core.Audience;

/// <summary>
/// Why an engine refuses a query, with a stable reason code for logs and the exception, and a message for the person
/// who wrote it (already redacted: it quotes their SQL, never a data value).
/// </summary>
/// <param name="Reason">Stable code: EmptyQuery, MultipleStatements, NotSelect, InvalidQuery, NoUserIdColumn, ExternalAccess, TooExpensive, ...</param>
/// <param name="Message">What is wrong, for the requester.</param>
internal sealed record AudienceProblem(string Reason, string Message)
{
    /// <summary>For <c>UnknownColumn</c>: the columns asked for that the query does not return.</summary>
    public IReadOnlyList<string> MissingColumns { get; init; } = [];

    /// <summary>The problem of columns asked for (a message's placeholders) that the query does not return.</summary>
    public static AudienceProblem UnknownColumns(IReadOnlyList<string> missing) =>
        new("UnknownColumn", $"the query returns no column {string.Join(", ", missing)}, which the message's placeholders name") { MissingColumns = missing };

    /// <summary>The check result carrying this problem.</summary>
    public AudienceCheck ToCheck() => new(Message) { MissingColumns = MissingColumns };

    /// <summary>The exception <see cref="IAudienceSource.RunAsync(AudienceQuery, Func{string, ValueTask}, CancellationToken)"/> throws for this problem: never transient.</summary>
    public AudienceQueryException ToException(string engine) => new(engine, Reason, isTransient: false, Message);
}
