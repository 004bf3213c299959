using Notifications.Core.Delivery;

namespace Notifications.Core.Batches.Files;

/// <summary>One entry of a batch file's audience: a user (resolved through the registry) or an explicit device.</summary>
/// <param name="Index">Position in its array (<c>audience.users[i]</c> or <c>audience.devices[i]</c>).</param>
/// <param name="UserId">The user, or for an explicit device its optional owner.</param>
/// <param name="Platform">For an explicit device: its platform.</param>
/// <param name="Token">For an explicit device: its token. Null for a user entry.</param>
/// <param name="Values">
/// For a user listed with values (<c>["u1", "Ana"]</c>): one per column of <c>audience.columns</c>, null where the user
/// has none. Null for a user listed by id alone.
/// </param>
public readonly record struct AudienceEntry(long Index, string? UserId, PushPlatform Platform, string? Token, IReadOnlyList<string?>? Values = null)
{
    /// <summary>The most columns an audience may declare.</summary>
    public const int MaxColumns = 32;

    /// <summary>The longest value a user may have in a column, in characters.</summary>
    public const int MaxValueLength = 256;

    /// <summary>Whether this is an explicit device rather than a user.</summary>
    public bool IsDevice => Token is not null;
}
