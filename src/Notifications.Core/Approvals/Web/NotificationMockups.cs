using Notifications.Core.Delivery;

namespace Notifications.Core.Approvals.Web;

/// <summary>
/// What the push will look like on a phone: an Android and an iOS notification, drawn from the same
/// <see cref="PushMessage"/> the gateways get (title, body, image, app name). The form, the approval email and the
/// campaign page all use this one rendering. Pages style it with classes (their CSP allows no style attributes);
/// emails with inline styles (mail clients drop style sheets), from the same rules.
/// </summary>
internal static class NotificationMockups
{
    private static readonly (string Class, string Css)[] Rules =
    [
        ("mk", "display:flex;flex-wrap:wrap;gap:16px;margin:12px 0"),
        ("mk-phone", "width:330px;max-width:100%;box-sizing:border-box;padding:14px;border-radius:22px;font-family:system-ui,-apple-system,Roboto,sans-serif"),
        ("mk-android-phone", "background:#1f1f27"),
        ("mk-ios-phone", "background:linear-gradient(160deg,#5b7fa6,#8c6d9e)"),
        ("mk-label", "color:#fff;opacity:.75;font-size:11px;margin:0 0 8px 4px;letter-spacing:.04em;text-transform:uppercase"),
        ("mk-card", "overflow:hidden;color:#1f1f1f"),
        ("mk-android", "background:#f3f0f7;border-radius:18px;padding:12px 14px"),
        ("mk-ios", "background:rgba(245,245,245,.92);border-radius:16px;padding:10px 12px"),
        ("mk-head", "display:flex;align-items:center;gap:6px;font-size:12px;color:#5f5b66;margin-bottom:4px"),
        ("mk-icon-android", "width:18px;height:18px;border-radius:50%;background:#6750a4;color:#fff;font-size:11px;line-height:18px;text-align:center;font-weight:700"),
        ("mk-icon-ios", "width:20px;height:20px;border-radius:5px;background:#0a84ff;color:#fff;font-size:12px;line-height:20px;text-align:center;font-weight:700"),
        ("mk-app", "font-weight:500"),
        ("mk-ios-app", "text-transform:uppercase;letter-spacing:.02em;font-size:11px"),
        ("mk-when", "margin-left:auto"),
        ("mk-title", "font-weight:600;font-size:14px;margin:2px 0;word-wrap:break-word"),
        ("mk-body", "font-size:14px;line-height:1.35;display:-webkit-box;-webkit-line-clamp:4;-webkit-box-orient:vertical;overflow:hidden;word-wrap:break-word"),
        ("mk-row", "display:flex;gap:10px;align-items:flex-start"),
        ("mk-text", "flex:1;min-width:0"),
        ("mk-big", "display:block;width:100%;max-height:160px;object-fit:cover;border-radius:12px;margin-top:8px"),
        ("mk-thumb", "width:44px;height:44px;object-fit:cover;border-radius:8px;flex:none"),
        ("mk-empty", "color:#8c8794;font-style:italic"),
        ("mk-hidden", "display:none"),
    ];

    /// <summary>The page rules, for the shared stylesheet.</summary>
    public static string Css { get; } = string.Concat(Rules.Select(r => $".{r.Class}{{{r.Css}}}"));

    /// <summary>
    /// Both notifications. <paramref name="inline"/> for email. The title, body, app name and image carry
    /// <c>data-mock</c> attributes so the form can redraw them as the requester types.
    /// </summary>
    public static string Render(PushMessage message, string appName, bool inline)
    {
        // Placeholders show their defaults: the push a user without values gets.
        message = MessageForms.WithDefaults(message);
        string A(params string[] classes) => inline
            ? $"style=\"{string.Join(";", classes.Select(c => Rules.First(r => r.Class == c).Css))}\""
            : $"class=\"{string.Join(' ', classes)}\"";

        var title = message.Title ?? string.Empty;
        var body = message.Body ?? string.Empty;
        var silent = title.Length == 0 && body.Length == 0;
        var image = message.ImageUrl is { Length: > 0 } url ? HtmlPage.Encode(url) : null;
        var app = HtmlPage.Encode(appName);
        var initial = HtmlPage.Encode(appName[..1].ToUpperInvariant());
        // Hidden parts stay in the markup (without a src) so the form can show them; an email has no script and
        // leaves them out.
        string Part(string field, string text, params string[] classes) => text.Length == 0 && inline
            ? string.Empty
            : $"<div data-mock=\"{field}\" {A(text.Length == 0 ? [.. classes, "mk-hidden"] : classes)}>{HtmlPage.Encode(text)}</div>";
        string Image(string field, params string[] classes) => image is null && inline
            ? string.Empty
            : $"<img data-mock=\"{field}\" alt=\"\" {(image is null ? "" : $"src=\"{image}\"")} {A(image is null ? [.. classes, "mk-hidden"] : classes)}>";
        var empty = $"<div data-mock=\"empty\" {A(silent ? ["mk-body", "mk-empty"] : ["mk-empty", "mk-hidden"])}>No title or body: a data-only push shows nothing.</div>";
        if (inline && !silent)
        {
            empty = string.Empty;
        }

        return $"""
            <div {A("mk")} data-mock-root="1">
              <div {A("mk-phone", "mk-android-phone")} id="mock-android">
                <p {A("mk-label")}>Android</p>
                <div {A("mk-card", "mk-android")}>
                  <div {A("mk-head")}><span {A("mk-icon-android")}>{initial}</span><span data-mock="app" {A("mk-app")}>{app}</span><span>&middot; now</span></div>
                  {Part("title", title, "mk-title")}{Part("body", body, "mk-body")}{empty}
                  {Image("image", "mk-big")}
                </div>
              </div>
              <div {A("mk-phone", "mk-ios-phone")} id="mock-ios">
                <p {A("mk-label")}>iOS</p>
                <div {A("mk-card", "mk-ios")}>
                  <div {A("mk-head")}><span {A("mk-icon-ios")}>{initial}</span><span data-mock="app" {A("mk-app", "mk-ios-app")}>{app}</span><span {A("mk-when")}>now</span></div>
                  <div {A("mk-row")}><div {A("mk-text")}>{Part("title", title, "mk-title")}{Part("body", body, "mk-body")}{empty}</div>{Image("image", "mk-thumb")}</div>
                </div>
              </div>
            </div>
            """;
    }
}
