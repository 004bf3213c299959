namespace Notifications.Core.Cohorts;

/// <summary>
/// What a cohort campaign is for, as the analytics data shows it: a query of the moments users did the thing
/// (<c>user_id</c>, <c>occurred_at</c>), and how long after the push it still counts. The readout counts a user as
/// converted when the query has a moment for them inside the window after their exposure; control users are measured
/// the same way from when their push would have come.
/// </summary>
public sealed record CohortGoal
{
    /// <summary>The conversion's name (lower-case letters, digits, dashes), as reports and pages show it.</summary>
    public required string Name { get; init; }

    /// <summary>The goal in words, e.g. "finished sign-up within 24 h of the push".</summary>
    public required string Description { get; init; }

    /// <summary>
    /// Standard SQL, the same on BigQuery and DuckDB, returning <c>user_id</c> and <c>occurred_at</c> (a TIMESTAMP, UTC)
    /// for every time a user reached the goal. No parameters: the readout bounds it by date around it.
    /// </summary>
    public required string Sql { get; init; }

    /// <summary>How long after the push a conversion counts (whole hours, at most 30 days).</summary>
    public required TimeSpan Window { get; init; }
}
