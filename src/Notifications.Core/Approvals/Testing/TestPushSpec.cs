using Notifications.Core.Delivery;

namespace Notifications.Core.Approvals.Testing;

/// <summary>Everything a test push needs once the message is chosen: whose devices get which rendering.</summary>
/// <param name="Id">The test (its result's name).</param>
/// <param name="CampaignId">The campaign the test is for, or null for a test from the request form.</param>
/// <param name="CollapseCampaignId">The campaign id the test's pushes carry (never the real campaign's, so a test does not stand in for it).</param>
/// <param name="By">Who asked (email).</param>
/// <param name="ByObjectId">Who asked (object id), when known.</param>
/// <param name="TargetUserId">The app user whose devices get it; null when the person asking has none configured.</param>
/// <param name="Target">Whose devices, in words.</param>
/// <param name="Form">Which form, in words.</param>
/// <param name="Message">The push exactly as it goes out: one form, its placeholders filled.</param>
/// <param name="Platforms">The campaign's platforms.</param>
/// <param name="At">When it was asked for.</param>
public sealed record TestPushSpec(
    string Id, string? CampaignId, string CollapseCampaignId, string By, string? ByObjectId, string? TargetUserId, string Target, string Form,
    PushMessage Message, IReadOnlyList<PushPlatform> Platforms, DateTimeOffset At);
