namespace Notifications.Core.Experiments.Events;

/// <summary>One recorded outcome: a line of the event log (<c>docs/push-events.schema.json</c>).</summary>
/// <param name="Type">Opened or converted.</param>
/// <param name="UserId">The user, from the app-user token.</param>
/// <param name="CampaignId">The campaign the push belonged to (the push's <c>campaign</c> data key).</param>
/// <param name="Arm">The experiment arm the push carried (<c>arm</c>), if any.</param>
/// <param name="Goal">The conversion's name, for <see cref="OutcomeEventType.Converted"/>.</param>
/// <param name="OccurredAt">When it happened, as the app says (UTC).</param>
/// <param name="ReceivedAt">When the system recorded it (UTC).</param>
public sealed record OutcomeEvent(
    OutcomeEventType Type, string UserId, string CampaignId, string? Arm, string? Goal, DateTime OccurredAt, DateTime ReceivedAt)
{
    /// <summary>The event type's name in the log and the API: <c>opened</c> or <c>converted</c>.</summary>
    public static string Name(OutcomeEventType type) => type == OutcomeEventType.Opened ? "opened" : "converted";
}
