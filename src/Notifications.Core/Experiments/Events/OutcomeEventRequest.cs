namespace Notifications.Core.Experiments.Events;

/// <summary>
/// Body of <c>POST /api/events</c>. The user comes from the app-user token, never the body (a body that names one is
/// refused as an unknown member).
/// </summary>
/// <param name="Type"><c>opened</c> or <c>converted</c>.</param>
/// <param name="CampaignId">The push's <c>campaign</c> data value.</param>
/// <param name="Arm">The push's <c>arm</c> data value, when it had one.</param>
/// <param name="Goal">For <c>converted</c>: the goal reached (1-64 of a-z, 0-9, <c>_ . -</c>).</param>
/// <param name="OccurredAt">When it happened (ISO 8601 with an offset); default: when it arrives.</param>
public sealed record OutcomeEventRequest(string? Type, string? CampaignId, string? Arm = null, string? Goal = null, DateTimeOffset? OccurredAt = null);
