namespace Notifications.Core.Cohorts;

/// <summary>What asking for a run did.</summary>
/// <param name="InstanceId">The run's orchestration instance.</param>
/// <param name="Started">True when this call started it; false when the run already existed (it is never started twice).</param>
/// <param name="ExistingStatus">The status of the run that already existed.</param>
public sealed record CohortStart(string InstanceId, bool Started, string? ExistingStatus);
