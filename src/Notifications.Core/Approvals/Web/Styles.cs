namespace Notifications.Core.Approvals.Web;

/// <summary>
/// The style rules of what approvers and requesters read, by class. Pages link them as one style sheet (their CSP
/// allows no style attributes); emails carry them inline (mail clients drop style sheets and are read on phones), from
/// the same rules, so the page and the email cannot drift apart.
/// </summary>
internal static class Styles
{
    private static readonly (string Class, string Css)[] Rules =
    [
        // Notification mock-ups.
        ("mk", "margin:8px 0"),
        ("mk-phone", "display:inline-block;vertical-align:top;width:300px;max-width:100%;box-sizing:border-box;margin:0 12px 12px 0;padding:12px;border-radius:20px"),
        ("mk-android-phone", "background:#1f1f27"),
        ("mk-ios-phone", "background:linear-gradient(160deg,#5b7fa6,#8c6d9e);background-color:#6f7aa3"),
        ("mk-label", "color:#ccc;font-size:11px;margin:0 0 8px 4px;text-transform:uppercase"),
        ("mk-card", "overflow:hidden;color:#1f1f1f"),
        ("mk-android", "background:#f3f0f7;border-radius:18px;padding:12px 14px"),
        ("mk-ios", "background:#f5f5f5;border-radius:16px;padding:10px 12px"),
        ("mk-head", "font-size:12px;color:#5f5b66;margin-bottom:4px"),
        ("mk-icon-android", "display:inline-block;width:18px;line-height:18px;border-radius:50%;background:#6750a4;color:#fff;font-size:11px;text-align:center;margin-right:6px"),
        ("mk-icon-ios", "display:inline-block;width:20px;line-height:20px;border-radius:5px;background:#0a84ff;color:#fff;font-size:12px;text-align:center;margin-right:6px"),
        ("mk-app", "font-weight:500"),
        ("mk-ios-app", "text-transform:uppercase;font-size:11px"),
        ("mk-when", "float:right"),
        ("mk-title", "font-weight:600;font-size:14px;margin:2px 0;overflow-wrap:anywhere"),
        ("mk-body", "font-size:14px;line-height:1.35;overflow-wrap:anywhere;white-space:pre-line"),
        ("mk-big", "display:block;width:100%;max-width:100%;height:auto;max-height:160px;object-fit:cover;border-radius:12px;margin-top:8px"),
        ("mk-thumb", "float:right;width:44px;height:44px;object-fit:cover;border-radius:8px;margin-left:8px"),
        ("mk-empty", "color:#8c8794;font-style:italic;font-size:14px"),
        ("mk-row", "display:flex;gap:10px;align-items:flex-start"),
        ("mk-text", "flex:1;min-width:0"),
        ("mk-hidden", "display:none"),

        // One form of the message: its label and reach, the phones, the template as written.
        ("arm", "margin:18px 0 6px;font-size:1.05em"),
        ("fc", "border:1px solid #d0d7de;border-radius:10px;padding:10px 12px;margin:10px 0"),
        ("fc-head", "margin:0 0 6px;font-weight:600"),
        ("fc-reach", "color:#57606a;font-weight:normal;font-size:90%"),
        ("fc-template", "width:100%;border-collapse:collapse;font-size:90%;margin:4px 0"),
        ("fc-field", "text-align:left;vertical-align:top;color:#57606a;font-weight:normal;padding:2px 8px 2px 0;width:5.5em"),
        ("fc-raw", "font-family:monospace;white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:1px 4px"),
        ("fc-json", "font-family:monospace;font-size:12px;white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:8px"),

        // Facts, values, samples.
        ("facts", "width:100%;border-collapse:collapse;margin:8px 0"),
        ("fact-name", "text-align:left;vertical-align:top;padding:4px 10px 4px 0;color:#57606a;font-weight:normal;width:9em"),
        ("fact", "text-align:left;vertical-align:top;padding:4px 0;overflow-wrap:break-word"),
        ("num", "text-align:right;padding:3px 8px;white-space:nowrap"),
        ("cell", "text-align:left;padding:3px 8px;vertical-align:top;overflow-wrap:break-word"),
        ("grid", "border-collapse:collapse;margin:6px 0;font-size:95%"),
        ("value", "font-family:monospace;background:#fff8c5;padding:0 4px;white-space:pre-wrap;word-break:break-word"),
        ("muted", "color:#57606a"),
        ("sample", "border-top:1px solid #d0d7de;padding:8px 0;margin:8px 0"),
        ("sql", "font-family:monospace;font-size:13px;white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:8px"),
        ("warn", "background:#fff8c5;border-radius:6px;padding:8px 10px"),
    ];

    private static readonly Dictionary<string, string> ByClass = Rules.ToDictionary(r => r.Class, r => r.Css, StringComparer.Ordinal);

    /// <summary>The rules as a style sheet, for the pages' shell.</summary>
    public static string Css { get; } = string.Concat(Rules.Select(r => $".{r.Class}{{{r.Css}}}"));

    /// <summary>The attribute that styles an element: <c>class</c> on a page, <c>style</c> in an email.</summary>
    public static IReadOnlyDictionary<string, object> A(bool inline, params string[] classes) => inline
        ? new Dictionary<string, object> { ["style"] = string.Join(";", classes.Select(c => ByClass[c])) }
        : new Dictionary<string, object> { ["class"] = string.Join(' ', classes) };

    /// <summary>The inline style of <paramref name="classes"/>.</summary>
    public static string Inline(params string[] classes) => string.Join(";", classes.Select(c => ByClass[c]));
}
