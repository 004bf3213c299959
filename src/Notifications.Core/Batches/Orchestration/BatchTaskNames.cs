namespace Notifications.Core.Batches.Orchestration;

/// <summary>
/// Names the batch orchestrations and activities are registered under, the same in the Functions app, the local
/// worker and the tests.
/// </summary>
public static class BatchTaskNames
{
    /// <summary>The batch orchestrator.</summary>
    public const string SendBatch = "SendBatch";

    /// <summary>The sub-orchestrator that plans and sends one shard.</summary>
    public const string SendBatchShard = "SendBatchShard";

    /// <summary>The activity that validates a batch file and cuts it into shards.</summary>
    public const string ScanBatch = "ScanBatch";

    /// <summary>The activity that plans one shard.</summary>
    public const string PlanShard = "PlanShard";

    /// <summary>The activity that releases a shard's wave held for later (quiet hours, a local delivery time).</summary>
    public const string ReleaseWave = "ReleaseWave";

    /// <summary>The activity that sends one chunk.</summary>
    public const string SendChunk = "SendChunk";

    /// <summary>The activity that removes a shard's dead tokens from the registry.</summary>
    public const string RemoveInvalidTokens = "RemoveInvalidTokens";

    /// <summary>The activity that stores a send's summary.</summary>
    public const string RecordBatchOutcome = "RecordBatchOutcome";

    /// <summary>External event an operator raises to cancel a send.</summary>
    public const string CancelEvent = "cancel";
}
