using System.Security.Cryptography;

namespace Notifications.Core.Approvals.Web;

/// <summary>
/// The response headers every page and API answer carries, in both hosts. Pages run only the scripts and styles they
/// were rendered with (a per-response nonce), may not be framed (clickjacking an approve button), leak nothing in
/// the Referer (a link's path is its credential) and are never cached (a shared or back-button copy of an approval page).
/// </summary>
public static class SecurityHeaders
{
    private static readonly KeyValuePair<string, string>[] Common =
    [
        new("X-Content-Type-Options", "nosniff"),
        new("Referrer-Policy", "no-referrer"),
        new("Cache-Control", "no-store"),
        new("X-Frame-Options", "DENY"),
    ];

    /// <summary>JSON answers: nothing in them may run or be framed either.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ForApi { get; } =
        [.. Common, new("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")];

    /// <summary>A random nonce for one response.</summary>
    public static string NewNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <summary>The headers of a page rendered with <paramref name="nonce"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ForPage(string nonce) =>
    [
        .. Common,
        new("Content-Security-Policy",
            $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; img-src 'self' https: data:; connect-src 'self'; " +
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    ];

    /// <summary>
    /// A page of email HTML (the local mailbox): our emails style with attributes and must render as a mail client
    /// shows them, but still run nothing.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ForEmailPreview { get; } =
    [
        .. Common,
        new("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"),
    ];
}
