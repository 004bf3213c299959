namespace Notifications.Core.Approvals.Review;

/// <summary>A user of an audience's sample, with their placeholder values.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Values">Their values, one per audience column; null when the audience has none.</param>
/// <param name="Hash">The sample hash that chose them.</param>
public sealed record SampledUser(string UserId, IReadOnlyList<string?>? Values, ulong Hash);
