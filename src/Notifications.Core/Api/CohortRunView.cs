using Notifications.Core.Cohorts.Orchestration;

namespace Notifications.Core.Api;

/// <summary>A cohort run as the API shows it: its date, state and, once finished, its outcome (per-arm counts included).</summary>
public sealed record CohortRunView(
    DateOnly Date, string InstanceId, string Status, DateTimeOffset? CreatedAt, DateTimeOffset? LastUpdatedAt, CohortOutcome? Outcome, string? Failure);
