namespace Notifications.Core.Batches.Orchestration;

/// <summary>The batch orchestrator's custom status: what phase it is in and how far the shards are.</summary>
/// <param name="Phase">Where the send is (<see cref="BatchPhase"/>; in JSON <c>scanning</c>, <c>sending</c>, <c>waiting</c>, <c>cancelling</c>, <c>removing dead tokens</c>, <c>done</c>).</param>
/// <param name="Users">Distinct users targeted (known once scanned).</param>
/// <param name="Devices">Devices of the shards planned so far.</param>
/// <param name="Chunks">Chunks of the shards planned so far.</param>
/// <param name="Shards">Shards in the send.</param>
/// <param name="ShardsDone">Shards finished (sent, or planned with nothing to send).</param>
/// <param name="Counts">Totals of the finished shards (the status API adds the sending ones).</param>
/// <param name="Run">The run (0, or the resume count).</param>
/// <param name="Running">
/// The shards sending now (at most <see cref="ScanResult.ShardsInFlight"/>): the status API reads only these, so a
/// status request costs the same at 10 shards or 1,024.
/// </param>
/// <param name="ShardsPlanned">Shards planned so far.</param>
/// <param name="RunningWaves">Waves sending now (read like <paramref name="Running"/>).</param>
/// <param name="Waiting">Groups held for later and not yet due, soonest first.</param>
/// <param name="Interim">In the <c>waiting</c> phase: the summary of everything sent so far (outcome <see cref="BatchOutcome.Waiting"/>).</param>
public sealed record BatchProgress(
    BatchPhase Phase, long Users, long Devices, int Chunks, int Shards, int ShardsDone, BatchCounts Counts, int Run = 0, IReadOnlyList<int>? Running = null, int ShardsPlanned = 0,
    IReadOnlyList<WaveRef>? RunningWaves = null, IReadOnlyList<WaitingGroup>? Waiting = null, BatchSummary? Interim = null);
