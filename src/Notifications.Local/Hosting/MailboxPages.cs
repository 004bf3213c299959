using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Notifications.Core.Approvals.Web;
using Notifications.Gateways.Acs;
using Notifications.Gateways.Mail;

namespace Notifications.Local.Hosting;

/// <summary><c>/mailbox</c>: what the local mail sink received, so a person can open the approval email and click.</summary>
internal static class MailboxPages
{
    public static IEndpointRouteBuilder MapMailbox(this IEndpointRouteBuilder app, MailSink sink)
    {
        app.MapGet("/mailbox", (HttpContext context) =>
        {
            var rows = string.Concat(sink.Messages.Reverse().Select(m =>
                $"<tr><td class=\"when\">{m.ReceivedAt:HH:mm:ss}</td><td>{Encode(string.Join(", ", m.To))}</td><td><a class=\"message\" href=\"/mailbox/{Uri.EscapeDataString(m.Id)}\">{Encode(m.Subject)}</a></td></tr>"));
            // The list is one of our pages (the shared shell and its CSP); only a message itself is shown as email HTML.
            var page = HtmlResponse.Page(200, "Local mailbox",
                $"""<p class="actions"><a href="/">Home</a> &middot; <a href="/campaigns/new">Request a campaign</a></p>""" +
                $"""<p class="notice">{sink.Messages.Count} message(s) received on SMTP 127.0.0.1:{sink.Port}; newest first, refreshed every 3 s.</p>""" +
                (rows.Length == 0
                    ? """<p class="muted" id="mailbox-none">Nothing yet: submit a campaign and the approvers' emails land here.</p>"""
                    : $"""<table id="mailbox"><tr><th>Time (UTC)</th><th>To</th><th>Subject</th></tr>{rows}</table>"""),
                """<meta http-equiv="refresh" content="3">""");
            foreach (var (name, value) in page.Headers)
            {
                context.Response.Headers[name] = value;
            }

            return Results.Content(page.Html, "text/html; charset=utf-8");
        });
        app.MapGet("/mailbox/{id}", (string id, HttpContext context) => Secure(context) && sink.Find(id) is { } message
            ? Results.Content(Show(message), "text/html; charset=utf-8")
            : Results.NotFound());
        return app;
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    /// <summary>
    /// A message as its recipient's mail app shows it: the email's own document (its viewport, its style sheet), so a
    /// phone renders it at the phone's width, with the mailbox's bar above its content.
    /// </summary>
    private static string Show(ReceivedEmail message)
    {
        var bar = "<p style=\"font-family:sans-serif;margin:8px\"><a href=\"/mailbox\">&larr; Mailbox</a> &middot; <a href=\"/\">Home</a></p>" +
            $"<p style=\"font-family:sans-serif;color:#57606a;margin:8px;overflow-wrap:anywhere\">From {Encode(message.From)} to {Encode(string.Join(", ", message.To))}: <b>{Encode(message.Subject)}</b></p><hr>";
        if (message.Html.Length == 0)
        {
            return "<!doctype html><html><head><meta charset=utf-8><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
                $"<title>{Encode(message.Subject)}</title></head><body>{bar}<pre style=\"white-space:pre-wrap\">{Encode(message.Text)}</pre></body></html>";
        }

        var body = message.Html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        var open = body < 0 ? -1 : message.Html.IndexOf('>', body);
        return open < 0
            ? "<!doctype html><html><head><meta charset=utf-8><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
              $"<title>{Encode(message.Subject)}</title></head><body>{bar}{message.Html}</body></html>"
            : message.Html[..(open + 1)] + bar + message.Html[(open + 1)..];
    }

    // The emails style themselves with attributes, as mail clients expect; nothing in them may run.
    private static bool Secure(HttpContext context)
    {
        foreach (var (name, value) in SecurityHeaders.ForEmailPreview)
        {
            context.Response.Headers[name] = value;
        }

        return true;
    }
}
