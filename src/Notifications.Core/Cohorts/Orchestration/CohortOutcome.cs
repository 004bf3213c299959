using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Cohorts.Orchestration;

/// <summary>How a cohort run ended.</summary>
/// <param name="CohortId">The campaign.</param>
/// <param name="Date">The run date.</param>
/// <param name="Users">Users the query selected (control included).</param>
/// <param name="Summary">The send's summary (per-arm counts included); null when nothing was sent.</param>
/// <param name="Error">Why the run failed; null otherwise.</param>
public sealed record CohortOutcome(string CohortId, DateOnly Date, long Users, BatchSummary? Summary, string? Error);
