using Notifications.Core.Delivery;

namespace Notifications.Core.Approvals.Web;

/// <summary>
/// The request form's live mock-ups: an Android and an iOS notification with <c>data-mock</c> hooks the form's script
/// redraws as the requester types. What approvers read (the email, the approval page, the campaign page) is drawn by the
/// Razor components of <c>Components/</c> from the same style rules (<see cref="Styles"/>).
/// </summary>
internal static class NotificationMockups
{
    /// <summary>
    /// Both notifications. <paramref name="inline"/> for email. The title, body, app name and image carry
    /// <c>data-mock</c> attributes so the form can redraw them as the requester types.
    /// </summary>
    public static string Render(PushMessage message, string appName, bool inline)
    {
        // Placeholders show their defaults: the push a user without values gets.
        message = MessageForms.WithDefaults(message);
        string A(params string[] classes) => inline
            ? $"style=\"{Styles.Inline(classes)}\""
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
