namespace Notifications.Core.Batches.Orchestration;

/// <summary>The batch orchestrator's custom status: what phase it is in and what the plan found.</summary>
/// <param name="Phase"><c>planning</c>, <c>sending</c>, <c>cancelling</c>, <c>done</c>.</param>
/// <param name="Users">Distinct users targeted.</param>
/// <param name="Devices">Devices to push to.</param>
/// <param name="Chunks">Chunks in the send.</param>
/// <param name="Partitions">Partition sub-orchestrations.</param>
/// <param name="PartitionsDone">Partitions finished.</param>
/// <param name="Counts">Totals of the finished partitions.</param>
public sealed record BatchProgress(string Phase, long Users, long Devices, int Chunks, int Partitions, int PartitionsDone, BatchCounts Counts, int Run = 0);
