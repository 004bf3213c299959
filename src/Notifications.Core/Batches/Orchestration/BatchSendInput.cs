namespace Notifications.Core.Batches.Orchestration;

/// <summary>Input of the batch orchestrator: only the file's location and version, never its content.</summary>
/// <param name="Container">Container of the batch file.</param>
/// <param name="BlobName">The batch file.</param>
/// <param name="ETag">The version the send is pinned to.</param>
/// <param name="Run">0 for the first run; an operator's resume runs the same send again with the next number.</param>
public sealed record BatchSendInput(string Container, string BlobName, string ETag, int Run = 0);
