using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Core.Identity;
using Notifications.Local.Commands;
using Notifications.Local.Hosting;

namespace Notifications.Local.Demo;

/// <summary>
/// The ad-hoc flow end to end, as marketing and an approver would live it: a request through the HTTP API, the
/// approval email in the local mailbox, its signed approve link opened (confirmation page) and confirmed (POST),
/// then the send, ending with the summary line.
/// </summary>
internal static partial class AdHocDemo
{
    public const string MusicFansQuery = """
        SELECT l.user_id
        FROM likes l JOIN posts p ON p.post_id = l.post_id
        WHERE p.category = 'music'
        """;

    /// <summary>The ad-hoc flow end to end; <paramref name="beforeSummary"/> runs just before the send's summary line.</summary>
    public static async Task<int> RunAsync(LocalHost host, TextWriter output, CancellationToken cancellationToken, Action? beforeSummary = null)
    {
        var approver = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Notifications.Core.Approvals.ApprovalOptions>>().Value.Approvers[0];
        var now = TimeProvider.System.GetUtcNow();
        await host.Services.GetRequiredService<IDeviceRegistry>().ImportAsync(
        [
            new DeviceRegistration(approver.UserId!, PushPlatform.Android, "approver-pixel:APA91bDemoApproverToken", "com.example.social", now, now),
            new DeviceRegistration(approver.UserId!, PushPlatform.Ios, new string('a', 32) + new string('b', 32), "com.example.social", now, now),
        ], cancellationToken);

        // Maya signs in: locally, as App Service would inject her principal (the request body never names the requester).
        const string requesterName = "Maya Marketing", requesterEmail = "maya@social.example";
        using var http = new HttpClient { BaseAddress = host.ApiUrl };
        http.DefaultRequestHeaders.Add(ClientPrincipal.Header, ClientPrincipal.Encode(requesterName, requesterEmail));
        var request = new CampaignRequest
        {
            Title = "A famous artist just joined: tell music fans",
            AudienceQuery = MusicFansQuery,
            Message = new PushMessage
            {
                Title = "A famous artist just joined",
                Body = "Follow them to hear their new single before anyone else.",
                DeepLink = "https://social.example/artists/42",
                Data = new Dictionary<string, string> { ["artistId"] = "42" },
                TimeToLive = TimeSpan.FromDays(1),
            },
            Platforms = ["android", "ios"],
        };
        using var submitted = await http.PostAsJsonAsync("api/campaigns", request, Notifications.Core.Api.ApiJson.Options, cancellationToken);
        var body = await submitted.Content.ReadAsStringAsync(cancellationToken);
        if ((int)submitted.StatusCode != 202)
        {
            output.WriteLine($"the request was refused: {body}");
            return 1;
        }

        var campaignId = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        output.WriteLine($"request: campaign {campaignId} submitted by {requesterEmail}; form at {host.ApiUrl}campaigns/new");

        var email = await WaitForAsync(() => host.MailSink.Messages.FirstOrDefault(m =>
            m.To.Contains(approver.Email, StringComparer.OrdinalIgnoreCase) && m.Subject.StartsWith("Approval needed", StringComparison.Ordinal)), cancellationToken);
        output.WriteLine($"email: \"{email.Subject}\" reached {approver.Email} (mailbox: {host.ApiUrl}mailbox)");
        var approve = ApproveLink().Match(email.Html) is { Success: true } match
            ? System.Net.WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("the approval email has no approve link");

        using var page = await http.GetAsync(approve, cancellationToken);
        var shown = await page.Content.ReadAsStringAsync(cancellationToken);
        var forms = FormCards().Count(shown);
        output.WriteLine($"approve link: page {(int)page.StatusCode} shows {forms} form(s) of the push (opening a link never acts)");
        // The page's own button: the browser sends the page's origin, which the endpoint requires, and the digest of
        // what the page showed, which the approval covers.
        var digest = Digest().Match(shown) is { Success: true } d ? d.Groups[1].Value : string.Empty;
        using var confirmRequest = new HttpRequestMessage(HttpMethod.Post, approve)
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("digest", digest)]),
        };
        confirmRequest.Headers.Add("Origin", host.ApiUrl.GetLeftPart(UriPartial.Authority));
        using var confirm = await http.SendAsync(confirmRequest, cancellationToken);
        output.WriteLine($"approve link: confirmed {(int)confirm.StatusCode}");

        var campaigns = host.Services.GetRequiredService<CampaignStore>();
        var sending = await WaitForAsync(async () => await campaigns.GetAsync(campaignId, cancellationToken) is { BatchId: not null } c ? c : null, cancellationToken);
        output.WriteLine($"send: {sending.BatchId} for {sending.Users:N0} users");
        var waiting = false;
        return await BatchRunner.FollowAndReportAsync(host, sending.BatchId!, output, cancellationToken, () =>
        {
            beforeSummary?.Invoke();
            if (waiting)
            {
                // Users held for their local morning are pushed by a host that runs then; the campaign sends until they are.
                output.WriteLine($"campaign: Sending (users held for their quiet hours wait for notify serve); page: {host.ApiUrl}campaigns/{campaignId}; audit: {host.ApiUrl}api/campaigns/{campaignId}/audit");
                return;
            }

            var final = WaitForAsync(async () => await campaigns.GetAsync(campaignId, cancellationToken) is { Status: CampaignStatus.Sent or CampaignStatus.Failed } c ? c : null, cancellationToken)
                .GetAwaiter().GetResult();
            var outcomeMail = host.MailSink.Messages.Any(m => m.To.Contains(requesterEmail) && m.Subject.StartsWith(final.Status.ToString(), StringComparison.Ordinal));
            output.WriteLine($"campaign: {final.Status}; requester told: {(outcomeMail ? "yes" : "not yet")}; page: {host.ApiUrl}campaigns/{campaignId}; audit: {host.ApiUrl}api/campaigns/{campaignId}/audit");
        }, status => waiting = status.Waiting.Count > 0, page: $"campaigns/{campaignId}");
    }

    private static Task<T> WaitForAsync<T>(Func<T?> probe, CancellationToken cancellationToken)
        where T : class => WaitForAsync(() => Task.FromResult(probe()), cancellationToken);

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, CancellationToken cancellationToken)
        where T : class
    {
        for (var i = 0; i < 1200; i++)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException("the ad-hoc flow did not reach its next step within 5 minutes");
    }

    [GeneratedRegex("""href="([^"]+/approvals/[^"]+)"[^>]*>Approve<""")]
    private static partial Regex ApproveLink();

    [GeneratedRegex("""name="digest" value="([0-9a-f]{64})""")]
    private static partial Regex Digest();

    [GeneratedRegex("""data-form="[^"]+""")]
    private static partial Regex FormCards();
}
