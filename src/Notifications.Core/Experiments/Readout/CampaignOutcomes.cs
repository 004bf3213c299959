namespace Notifications.Core.Experiments.Readout;

/// <summary>What the apps reported for a campaign without arms: distinct users who opened it and who converted.</summary>
/// <param name="Opened">Users who opened a push of the campaign.</param>
/// <param name="Converted">Users who reported a conversion for it.</param>
public sealed record CampaignOutcomes(long Opened, long Converted);
