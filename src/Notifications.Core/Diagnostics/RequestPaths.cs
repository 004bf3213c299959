namespace Notifications.Core.Diagnostics;

/// <summary>
/// Request paths as logs and telemetry may show them. An approval link's path is its credential (72 hours of
/// approve-and-send), so request logs, spans and metrics see <c>/approvals/{redacted}</c>, never the token.
/// </summary>
public static partial class RequestPaths
{
    /// <summary>The route prefix whose next segment is a bearer credential.</summary>
    public const string ApprovalsPrefix = "/approvals/";

    /// <summary>What a redacted link path reads.</summary>
    public const string RedactedApprovalPath = "/approvals/{redacted}";

    /// <summary><paramref name="path"/> with any credential segment replaced.</summary>
    public static string Redact(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }

        var start = path.IndexOf(ApprovalsPrefix, StringComparison.OrdinalIgnoreCase);
        return start < 0 ? path : path[..start] + RedactedApprovalPath;
    }

    /// <summary>An absolute URL with its path redacted and its query dropped (queries are never logged).</summary>
    public static string RedactUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) + Redact(uri.AbsolutePath) : Redact(url?.Split('?')[0]);

    // The OpenTelemetry semantic conventions that carry a request's path, old and new names.
    private static readonly string[] PathTags = ["url.path", "url.full", "http.target", "http.url", "http.route"];

    /// <summary>Rewrites every path-bearing tag and the display name of <paramref name="activity"/> (spans leave the process).</summary>
    public static void Redact(System.Diagnostics.Activity activity)
    {
        foreach (var tag in PathTags)
        {
            if (activity.GetTagItem(tag) is string value && value.Contains(ApprovalsPrefix, StringComparison.OrdinalIgnoreCase))
            {
                activity.SetTag(tag, tag is "url.full" or "http.url" ? RedactUrl(value) : Redact(value));
            }
        }

        if (activity.DisplayName.Contains(ApprovalsPrefix, StringComparison.OrdinalIgnoreCase))
        {
            activity.DisplayName = Redact(activity.DisplayName);
        }
    }

    /// <summary>Free text (a log line, an exception message) with every approval token in it replaced.</summary>
    public static string RedactText(string text) =>
        text.Contains(ApprovalsPrefix, StringComparison.OrdinalIgnoreCase) ? TokenInText().Replace(text, RedactedApprovalPath) : text;

    [System.Text.RegularExpressions.GeneratedRegex(@"/approvals/[^/\s?#""'<>]+", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex TokenInText();
}
