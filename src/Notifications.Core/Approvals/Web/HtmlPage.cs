using System.Net;

namespace Notifications.Core.Approvals.Web;

/// <summary>The shared shell of the server-rendered pages (no front-end build: plain HTML, a little CSS).</summary>
internal static class HtmlPage
{
    /// <summary>
    /// The page. Its own <c>&lt;script&gt;</c> and <c>&lt;style&gt;</c> elements get <paramref name="nonce"/>; text a
    /// person typed is encoded before it gets here, so it cannot carry one of those tags.
    /// </summary>
    public static string Render(string title, string body, string nonce, string? head = null) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Encode(title)}}</title>{{head}}
        <style nonce="{{nonce}}">
          body{font-family:system-ui,sans-serif;max-width:820px;margin:32px auto;padding:0 16px;color:#1f2328}
          label{display:block;margin-top:14px;font-weight:600} input,textarea,select{width:100%;padding:8px;font:inherit;box-sizing:border-box}
          textarea{min-height:90px;font-family:ui-monospace,monospace} .error{color:#cf222e;font-weight:normal;font-size:90%}
          button{margin-top:18px;padding:10px 18px;min-height:44px;font:inherit;border:0;border-radius:6px;color:#fff;background:#0969da;cursor:pointer}
          button.approve{background:#1a7f37} button.reject{background:#cf222e} pre{background:#f6f8fa;padding:8px;overflow:auto}
          .notice{padding:12px;border-radius:6px;background:#ddf4ff} .bad{background:#ffebe9} .ok{background:#dafbe1}
          table{border-collapse:collapse} td,th{padding:4px 8px;text-align:left;vertical-align:top}
          input.inline{width:auto} .platforms label{display:inline;font-weight:normal;margin-right:16px}
          fieldset{border:1px solid #d0d7de;border-radius:8px;padding:4px 16px 12px;margin:20px 0 0} legend{font-weight:600;padding:0 6px}
          .locale-row{display:grid;grid-template-columns:7em 1fr 2fr auto auto;gap:8px;align-items:start;margin:8px 0} .locale-row textarea{min-height:42px}
          .locale-row button,.variant-row button{margin-top:0} .variant-row{display:grid;grid-template-columns:5em 5em 1fr 1fr auto;gap:8px;align-items:start;margin:8px 0} .variant-row input.short{width:100%}
          .variant-row textarea{min-height:42px} input.short{width:7em} .decision{margin:12px 0} label.choice{font-weight:normal;margin-top:6px}
          @media (max-width:600px){ .locale-row,.variant-row{grid-template-columns:1fr} } .inline-fields{display:flex;gap:16px;align-items:center} .inline-fields input[type=time]{width:9em}
          .inline-fields label{display:inline;font-weight:normal;margin-top:0} .inline-fields{flex-wrap:wrap} fieldset{min-width:0}
          h2{margin-top:28px;font-size:1.15em} .muted{color:#656d76} table{width:100%} tr:nth-child(even) td{background:#f6f8fa}
          th{white-space:nowrap} .facts th{width:150px} td.when{white-space:nowrap} td code{word-break:break-all;font-size:85%}
          a.button{display:inline-block;padding:8px 14px;border-radius:6px;background:#0969da;color:#fff;text-decoration:none;margin-right:12px}
          .status{padding:2px 8px;border-radius:10px;background:#eaeef2;font-size:90%;white-space:nowrap} .status.sending{background:#ddf4ff}
          .status.sent{background:#dafbe1} .status.failed,.status.rejected,.status.expired,.status.cancelled{background:#ffebe9} .status.awaitingapproval{background:#fff8c5}
          .filters label{display:inline-block;margin-right:12px} .filters input,.filters select{width:auto} .filters button{margin-top:0}
          .preview{display:flex;flex-wrap:wrap;gap:4px 28px;align-items:baseline} .n{text-align:right} th.n{text-align:right}
          progress{width:100%;height:14px} .send table{margin-top:10px} details{margin-top:12px} code.sample{margin-right:8px}
          .catalogue{font-size:90%} .catalogue td{padding:2px 8px} button.secondary{background:#eaeef2;color:#1f2328}
          {{Styles.Css}}
        </style></head>
        <body><h1>{{Encode(title)}}</h1>
        {{body.Replace("<script>", $"<script nonce=\"{nonce}\">", StringComparison.Ordinal)}}
        </body></html>
        """;

    public static string Encode(string? value) => WebUtility.HtmlEncode(value ?? string.Empty);
}
