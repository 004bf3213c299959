namespace Notifications.Core.Api;

/// <summary>Body of <c>POST /api/batches</c>: start the send of a file already in the batches container.</summary>
/// <param name="BlobName">The batch file's name in the container.</param>
public sealed record StartBatchRequest(string? BlobName);
