using System.Globalization;
using System.Text.RegularExpressions;
using Notifications.Core.Campaigns;

namespace Notifications.Core.Approvals.Review;

/// <summary>
/// Checks one value a requester's query gives a placeholder, against that column's <see cref="PlaceholderRule"/>. The
/// query is the requester's own SQL, so it can put anything in a column (one sentence for everybody, a link, a line
/// that looks like a system message); approvers see a summary of the values, and these rules bound what that summary
/// can hide. A problem says what is wrong, never the value.
/// </summary>
public static partial class PlaceholderValueCheck
{
    /// <summary>What is wrong with <paramref name="value"/> under <paramref name="rule"/>, or null when it may be sent.</summary>
    /// <param name="value">The value (null or empty: the placeholder's default is used, which is always allowed).</param>
    /// <param name="rule">The column's rule.</param>
    /// <param name="linkSchemes">The schemes a link value may use (https plus the apps' own).</param>
    public static string? Problem(string? value, PlaceholderRule rule, IReadOnlySet<string> linkSchemes)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > rule.Longest)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the value is {value.Length:N0} characters long; at most {rule.Longest} (placeholders.{{column}}.maxLength)");
        }

        foreach (var c in value)
        {
            if (c is '\n' or '\r' or '\u2028' or '\u2029')
            {
                if (rule.LineBreaks != true)
                {
                    return "the value holds a line break; allowed only where the request says lineBreaks: true";
                }
            }
            else if (char.IsControl(c) || c is '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069'))
            {
                // Control and direction-override characters make a text read differently from what it holds.
                return "the value holds a control or text-direction character";
            }
        }

        if (value.Contains("{{", StringComparison.Ordinal) || value.Contains("}}", StringComparison.Ordinal))
        {
            return "the value holds '{{' or '}}', which messages keep for placeholders";
        }

        if (rule.Link == true)
        {
            return IsAllowedLink(value, linkSchemes) ? null : "the column is declared a link, but the value is not an absolute link with an allowed scheme (https or the app's own)";
        }

        return LooksLikeLink(value)
            ? "the value looks like a link; only a placeholder the request declares a link (placeholders.{column}.link: true) may carry one"
            : null;
    }

    /// <summary>
    /// Whether <paramref name="value"/> reads as a link: it holds <c>://</c>, starts with a
    /// scheme (<c>javascript:</c>, <c>mailto:</c>, <c>tel:</c>), or holds a host name followed by a path
    /// (<c>bit.ly/x</c>, <c>evil.example/login</c>). Holds <c>www.</c> anywhere, too.
    /// </summary>
    public static bool LooksLikeLink(string value) =>
        // Every shape below needs a '.' or a ':'; most values (names, places) have neither, and skip the patterns.
        value.AsSpan().IndexOfAny('.', ':') >= 0
        && (value.Contains("://", StringComparison.Ordinal)
        || WorldWideWeb().IsMatch(value)
        || SchemePrefix().IsMatch(value)
        || HostWithPath().IsMatch(value));

    private static bool IsAllowedLink(string value, IReadOnlySet<string> schemes) =>
        !value.Any(char.IsWhiteSpace)
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && schemes.Contains(uri.Scheme)
        && !Delivery.PushMessageValidator.IsDangerousScheme(uri.Scheme);

    [GeneratedRegex(@"(^|[^A-Za-z0-9])www\.[A-Za-z0-9-]", RegexOptions.IgnoreCase)]
    private static partial Regex WorldWideWeb();

    [GeneratedRegex(@"^\s*[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s/]*\S")]
    private static partial Regex SchemePrefix();

    [GeneratedRegex(@"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/\S")]
    private static partial Regex HostWithPath();
}
