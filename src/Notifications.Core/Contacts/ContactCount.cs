namespace Notifications.Core.Contacts;

/// <summary>Distinct campaigns that reached one user in the last 24 hours and in the last 7 days.</summary>
/// <param name="Day">In the last 24 hours.</param>
/// <param name="Week">In the last 7 days.</param>
internal readonly record struct ContactCount(int Day, int Week);
