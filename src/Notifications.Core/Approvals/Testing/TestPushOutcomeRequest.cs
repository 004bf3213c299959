using Notifications.Core.Batches.Orchestration;

namespace Notifications.Core.Approvals.Testing;

/// <summary>Input of the activity that records a finished test push's outcomes.</summary>
/// <param name="ResultId">The test's result.</param>
/// <param name="Send">Its batch file (read again for the full tokens, which the result does not keep).</param>
/// <param name="Summary">Its send's summary (plan and shards, where the ledger is read); null when the send failed.</param>
public sealed record TestPushOutcomeRequest(string ResultId, BatchSendInput Send, BatchSummary? Summary)
{
    /// <summary>Why the send failed, when it did.</summary>
    public string? Failure { get; init; }
}
