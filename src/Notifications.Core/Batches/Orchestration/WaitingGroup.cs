namespace Notifications.Core.Batches.Orchestration;

/// <summary>Users of a send still waiting for their time (every shard's waves due at one instant).</summary>
/// <param name="At">When they are pushed (UTC).</param>
/// <param name="Users">Users waiting.</param>
/// <param name="Devices">Their devices.</param>
public sealed record WaitingGroup(DateTime At, long Users, long Devices);
