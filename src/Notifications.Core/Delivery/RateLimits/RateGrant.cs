namespace Notifications.Core.Delivery.RateLimits;

/// <summary>What a claim on a rate limit got.</summary>
/// <param name="Granted">Pushes that may go now (possibly fewer than asked, possibly none).</param>
/// <param name="NextWindow">When the next window opens, for whatever was not granted.</param>
public readonly record struct RateGrant(int Granted, DateTimeOffset NextWindow);
