namespace Notifications.Local.Hosting;

/// <summary>Which task hub a process's durable backend serves, and under which name it takes partition leases.</summary>
/// <param name="Name">The task hub (one per data folder).</param>
/// <param name="PartitionCount">Control-queue partitions; only a new task hub takes this, an existing one keeps its own.</param>
/// <param name="WorkerId">
/// Unique among the processes on the task hub (the leases balance partitions by it), and stable across a restart of
/// the same role, so a restarted host takes its own partitions back without waiting for their leases to expire.
/// </param>
internal sealed record DurableHub(string Name, int PartitionCount, string WorkerId);
