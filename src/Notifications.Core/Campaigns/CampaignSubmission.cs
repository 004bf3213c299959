namespace Notifications.Core.Campaigns;

/// <summary>What submitting a campaign request came to.</summary>
/// <param name="Campaign">The campaign: new, or the first one of a repeated <c>Idempotency-Key</c>.</param>
/// <param name="Errors">Field errors, when the request was refused.</param>
/// <param name="Repeated">The campaign was created by an earlier request with the same key.</param>
/// <param name="Conflict">Why the key cannot be honoured (used for another request, or still being processed).</param>
/// <param name="KeyReused">The key was used for a different request (rather than still being processed).</param>
public sealed record CampaignSubmission(
    Campaign? Campaign, IReadOnlyDictionary<string, string[]> Errors, bool Repeated = false, string? Conflict = null, bool KeyReused = false);
