namespace Notifications.Core.Identity;

/// <summary>
/// A signed-in person as the platform vouches for them: App Service Authentication in Azure, the development user
/// (or an injected principal) on <c>notify serve</c>. Never what a form or a body says.
/// </summary>
/// <param name="Name">Display name.</param>
/// <param name="Email">The person's email address, checked as <see cref="EmailAddresses"/> does.</param>
/// <param name="Source">Where the identity came from, for the audit trail (e.g. <c>aad</c>, <c>development</c>).</param>
/// <param name="ObjectId">
/// The person's stable id (Entra ID's <c>oid</c>), when the sign-in carries one. An email is an alias a person can have
/// several of; this is who they are, so four eyes and the approver list compare it.
/// </param>
public sealed record Caller(string Name, string Email, string Source, string? ObjectId = null);
