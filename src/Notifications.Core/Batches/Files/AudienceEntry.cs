using Notifications.Core.Delivery;

namespace Notifications.Core.Batches.Files;

/// <summary>One entry of a batch file's audience: a user (resolved through the registry) or an explicit device.</summary>
/// <param name="Index">Position in its array (<c>audience.users[i]</c> or <c>audience.devices[i]</c>).</param>
/// <param name="UserId">The user, or for an explicit device its optional owner.</param>
/// <param name="Platform">For an explicit device: its platform.</param>
/// <param name="Token">For an explicit device: its token. Null for a user entry.</param>
public readonly record struct AudienceEntry(long Index, string? UserId, PushPlatform Platform, string? Token)
{
    /// <summary>Whether this is an explicit device rather than a user.</summary>
    public bool IsDevice => Token is not null;
}
