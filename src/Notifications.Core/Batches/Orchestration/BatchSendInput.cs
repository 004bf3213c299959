namespace Notifications.Core.Batches.Orchestration;

/// <summary>Input of the batch orchestrator: only the file's location and version, never its content.</summary>
/// <param name="Container">Container of the batch file.</param>
/// <param name="BlobName">The batch file.</param>
/// <param name="ETag">The version the send is pinned to.</param>
/// <param name="Run">0 for the first run; an operator's resume runs the same send again with the next number.</param>
public sealed record BatchSendInput(string Container, string BlobName, string ETag, int Run = 0)
{
    /// <summary>
    /// For an approved campaign: the digest of the forms and values the approvers were shown
    /// (<see cref="Approvals.Review.ApprovalDigest"/>). The scan recomputes it from the file and refuses the send,
    /// before anything is planned, when they differ.
    /// </summary>
    public string? ApprovedDigest { get; init; }
}
