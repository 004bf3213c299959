namespace Notifications.Core.Batches;

/// <summary>What starting a send for a batch file did.</summary>
/// <param name="BatchId">The send's id (orchestration instance id).</param>
/// <param name="Created">False when that upload already had a send (a re-fired trigger, a watcher, a retry).</param>
/// <param name="BlobName">The batch file.</param>
/// <param name="ETag">The version the send is pinned to.</param>
public sealed record BatchStartResult(string BatchId, bool Created, string BlobName, string ETag);
