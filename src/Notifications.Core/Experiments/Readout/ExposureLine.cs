namespace Notifications.Core.Experiments.Readout;

/// <summary>One line of the exposure log, read back.</summary>
/// <param name="ExperimentId">The experiment.</param>
/// <param name="Arm">The variant's name, or <c>control</c>.</param>
/// <param name="UserId">The user.</param>
/// <param name="RunDate">The day the send was for.</param>
/// <param name="ExposedAt">When the push reached (or would have reached) the user, UTC.</param>
/// <param name="CampaignId">The campaign.</param>
/// <param name="HasDevice">Whether the plan pushed to the user.</param>
public sealed record ExposureLine(string ExperimentId, string Arm, string UserId, DateOnly RunDate, DateTime ExposedAt, string CampaignId, bool HasDevice);
