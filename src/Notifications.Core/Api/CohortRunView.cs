using Notifications.Core.Cohorts.Orchestration;

namespace Notifications.Core.Api;

/// <summary>A cohort run as the API shows it: its date, state and, once finished, its outcome (per-arm counts included).</summary>
/// <param name="Date">The run date.</param>
/// <param name="InstanceId">The run's orchestration.</param>
/// <param name="Status">Its runtime status, or <c>NotStarted</c>.</param>
/// <param name="CreatedAt">When it started.</param>
/// <param name="LastUpdatedAt">When it last changed.</param>
/// <param name="Outcome">Its outcome, once finished.</param>
/// <param name="Failure">Why it failed, if it did.</param>
/// <param name="BatchId">The send it started, once the query has run (also while the send still runs or waits).</param>
public sealed record CohortRunView(
    DateOnly Date, string InstanceId, string Status, DateTimeOffset? CreatedAt, DateTimeOffset? LastUpdatedAt, CohortOutcome? Outcome, string? Failure,
    string? BatchId = null);
