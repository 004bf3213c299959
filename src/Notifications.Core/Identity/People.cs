namespace Notifications.Core.Identity;

/// <summary>
/// Whether two sign-ins are one person. An email is an alias (a person can have several: <c>ana@</c>,
/// <c>ana.silva@</c>, a UPN), so where both sides carry an Entra object id, that id decides.
/// </summary>
public static class People
{
    /// <summary>Whether <paramref name="value"/> can be an Entra object id (a GUID).</summary>
    public static bool IsObjectId(string? value) => Guid.TryParseExact(value, "D", out _);

    /// <summary>
    /// The same person for what one may do: by object id when both have one, else by email (case-insensitive).
    /// </summary>
    public static bool Same(string? emailA, string? objectIdA, string? emailB, string? objectIdB) =>
        objectIdA is { Length: > 0 } && objectIdB is { Length: > 0 }
            ? string.Equals(objectIdA, objectIdB, StringComparison.OrdinalIgnoreCase)
            : emailA is { Length: > 0 } && string.Equals(emailA, emailB, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Possibly the same person, for four eyes: the object ids match, or the emails do. Either is enough to keep a
    /// person from approving their own request.
    /// </summary>
    public static bool MaybeSame(string? emailA, string? objectIdA, string? emailB, string? objectIdB) =>
        (objectIdA is { Length: > 0 } && string.Equals(objectIdA, objectIdB, StringComparison.OrdinalIgnoreCase))
        || (emailA is { Length: > 0 } && string.Equals(emailA, emailB, StringComparison.OrdinalIgnoreCase));

    /// <summary>How the audit shows a person: the email, and the object id when known.</summary>
    public static string Describe(string email, string? objectId) => objectId is { Length: > 0 } ? $"{email} (oid {objectId})" : email;
}
