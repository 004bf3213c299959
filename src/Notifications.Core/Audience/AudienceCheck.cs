namespace Notifications.Core.Audience;

/// <summary>What checking an audience query without running it found.</summary>
/// <param name="Problem">Why it cannot run, phrased for the person who wrote it; null when it can.</param>
/// <param name="BytesProcessed">What the engine says it would scan, when it says.</param>
public sealed record AudienceCheck(string? Problem, long? BytesProcessed = null)
{
    /// <summary>Columns asked for (<see cref="AudienceQuery.Columns"/>) that the query does not return; empty otherwise.</summary>
    public IReadOnlyList<string> MissingColumns { get; init; } = [];

    /// <summary>Whether the query may run.</summary>
    public bool IsValid => Problem is null;

    /// <summary>A query that may run.</summary>
    public static AudienceCheck Valid(long? bytes = null) => new(null, bytes);
}
