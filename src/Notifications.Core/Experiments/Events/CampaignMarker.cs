namespace Notifications.Core.Experiments.Events;

/// <summary>A campaign the system has sent, as the event endpoint knows it: its arms (empty outside experiments).</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Arms">The experiment's variant names; a reported arm must be one of them.</param>
public sealed record CampaignMarker(string CampaignId, IReadOnlyList<string> Arms);
