namespace Notifications.Core.Batches.Orchestration;

/// <summary>Input of the planning activity.</summary>
/// <param name="BatchId">The send (orchestration instance id).</param>
/// <param name="Source">The batch file.</param>
/// <param name="Date">The send's date (UTC), for the exposure log.</param>
public sealed record PlanRequest(string BatchId, BatchSendInput Source, DateOnly Date);
