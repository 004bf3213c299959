namespace Notifications.Core.Batches;

/// <summary>A page of sends, newest first; <see cref="Older"/> is the <c>before</c> of the next page, null at the end.</summary>
public sealed record BatchListPage(IReadOnlyList<BatchListItem> Batches, string? Older);
