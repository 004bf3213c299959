using Notifications.Core.Batches.Files;

namespace Notifications.Core.Batches.Planning;

/// <summary>What the scan leaves for the shard planners and send activities: the source it read and the header to render.</summary>
/// <param name="BatchId">The send.</param>
/// <param name="PlanId">The planning run.</param>
/// <param name="Container">Container of the source batch file.</param>
/// <param name="BlobName">The source batch file.</param>
/// <param name="ETag">The ETag the send is pinned to.</param>
/// <param name="Header">Campaign, message(s) and options.</param>
public sealed record BatchWork(string BatchId, string PlanId, string Container, string BlobName, string ETag, BatchHeader Header);
