namespace Notifications.Core.Batches;

/// <summary>
/// Blob ETags arrive quoted from a properties call and bare from a listing (and the blob trigger); a send is pinned
/// to one version whichever way it was learned.
/// </summary>
public static class EntityTags
{
    /// <summary>The ETag in its quoted header form.</summary>
    public static string Normalize(string etag) => "\"" + etag.Trim('"') + "\"";

    /// <summary>Whether two ETags name the same version.</summary>
    public static bool Same(string a, string b) => string.Equals(a.Trim('"'), b.Trim('"'), StringComparison.Ordinal);
}
