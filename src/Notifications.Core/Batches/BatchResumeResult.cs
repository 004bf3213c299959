namespace Notifications.Core.Batches;

/// <summary>What an operator's resume of a send did.</summary>
/// <param name="Outcome">Resumed, or why not.</param>
/// <param name="BatchId">The send.</param>
/// <param name="Run">The run number the resumed send has (0 when nothing was resumed).</param>
/// <param name="Reason">Why the send was not resumed, for the operator.</param>
public sealed record BatchResumeResult(BatchResumeOutcome Outcome, string BatchId, int Run = 0, string? Reason = null);
