namespace Notifications.Core.Batches;

/// <summary>What a list shows of a send: enough to find it, with its page at <c>/batches/{BatchId}</c>.</summary>
/// <param name="BatchId">The send.</param>
/// <param name="BlobName">Its file, in the container its <paramref name="Source"/> says.</param>
/// <param name="Source">Who wrote the file.</param>
/// <param name="Status">Running, or how it ended.</param>
/// <param name="StartedAt">When it started (UTC).</param>
/// <param name="CampaignId">The file's campaign id, once the send ended (a running upload's is not read yet).</param>
/// <param name="CohortId">The cohort, for a cohort run.</param>
/// <param name="CancelRequested">An operator asked to cancel it (while <see cref="BatchListStatus.Running"/>: it is winding down).</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="Devices">Devices pushed to, once ended.</param>
/// <param name="Sent">Pushes delivered, once ended.</param>
/// <param name="Failed">Pushes failed or refused, once ended.</param>
public sealed record BatchListItem(
    string BatchId, string BlobName, BatchSource Source, BatchListStatus Status, DateTimeOffset StartedAt, string? CampaignId = null, string? CohortId = null,
    bool CancelRequested = false, DateTimeOffset? EndedAt = null, long? Devices = null, long? Sent = null, long? Failed = null)
{
    /// <summary>Manual (a person's upload) or system (a file the app wrote), as the <c>kind</c> filter names it.</summary>
    public BatchKind Kind => Source == BatchSource.Upload ? BatchKind.Manual : BatchKind.System;
}
