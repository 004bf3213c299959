namespace Notifications.Core.Campaigns;

/// <summary>An <c>Idempotency-Key</c> already used by a requester.</summary>
/// <param name="CampaignId">The campaign the first request created.</param>
/// <param name="RequestHash">SHA-256 of the first request, so a different request under the same key is told apart.</param>
public sealed record IdempotencyClaim(string CampaignId, string RequestHash);
