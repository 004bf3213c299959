namespace Notifications.Core.Approvals;

/// <summary>A person who may approve ad-hoc campaigns.</summary>
public sealed class Approver
{
    /// <summary>Where approval emails go; the identity a link is bound to.</summary>
    public string Email { get; set; } = string.Empty;

    /// <summary>
    /// The approver's Entra ID object id (<c>oid</c>): who they are whichever alias they sign in with. Required where
    /// people sign in through App Service; four eyes compares it with the requester's.
    /// </summary>
    public string? ObjectId { get; set; }

    /// <summary>Display name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The approver's own user id in the app: test pushes go to this user's registered devices.</summary>
    public string? UserId { get; set; }
}
