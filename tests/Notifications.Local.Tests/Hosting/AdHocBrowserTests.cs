using Notifications.Core.Batches;
using System.Text;
using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Notifications.Core.Campaigns;
using Notifications.Core.Devices;
using Notifications.Local.Demo;
using Notifications.Local.Hosting;

namespace Notifications.Local.Tests.Hosting;

/// <summary>
/// The ad-hoc flow as marketing and an approver live it, in Debian's chromium driven by Playwright: the request form
/// (a field error first, then a good request), the approval email in the local mailbox, its approve link, the
/// confirmation button, and the campaign page until the send is done. Everything behind the browser is real: the
/// local host on Azurite, the durable backend, DuckDB, the SMTP sink and the loopback FCM/APNs gateways.
/// </summary>
public sealed class AdHocBrowserTests(LocalTestEnvironment environment) : IClassFixture<LocalTestEnvironment>
{
    private const int Users = 400;
    private static readonly float Timeout = (float)TimeSpan.FromMinutes(2).TotalMilliseconds;

    [Fact]
    public async Task RequestForm_ApprovedThroughTheEmailLink_CampaignSentToTheQueriedUsers()
    {
        await using var host = await environment.StartHostAsync("browser");
        var now = TimeProvider.System.GetUtcNow();
        await DemoData.SeedAsync(host.Services.GetRequiredService<IDeviceRegistry>(), Users, invalidPermille: 0, now, _ => { }, CancellationToken.None);
        await AnalyticsData.GenerateAsync(host.AnalyticsDatabase, Users, DateOnly.FromDateTime(now.UtcDateTime), CancellationToken.None);
        var musicFans = await MusicFansAsync(host.AnalyticsDatabase);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions());
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = host.ApiUrl.ToString() });
        page.SetDefaultTimeout(Timeout);

        // The form (signed in as the development user): a javascript: deep link is refused next to its field, then
        // a typo in the query is refused in the engine's words, with everything typed still there; the corrected
        // query is previewed (users, devices, a few ids) and the request accepted.
        await page.GotoAsync("campaigns/new");
        var catalogue = await page.Locator("#catalogue").TextContentAsync();
        await page.FillAsync("#title", "A famous artist just joined");
        await page.FillAsync("#audienceQuery", "SELECT user_id FROM folows WHERE account_id = 'acc-0002'");
        await page.FillAsync("[id='message.title']", "A famous artist just joined");
        await page.FillAsync("[id='message.body']", "Follow them to hear the new single first.");
        await page.FillAsync("[id='message.deepLink']", "javascript:alert(document.cookie)");
        var mockTitles = await page.Locator("[data-mock='title']").AllInnerTextsAsync();
        var mockBodies = await page.Locator("#mock-ios [data-mock='body']").InnerTextAsync();
        var requester = await page.Locator("#requester").TextContentAsync();
        await page.ClickAsync("#submit");
        var fieldError = await page.Locator("[data-for='message.deepLink']").Filter(new LocatorFilterOptions { HasTextRegex = new(".+") }).TextContentAsync();
        await page.FillAsync("[id='message.deepLink']", "https://social.example/artists/42");
        await page.ClickAsync("#preview");
        var typoPreview = await page.Locator("#preview-result.bad").InnerTextAsync();
        await page.ClickAsync("#submit");
        var typoError = await page.Locator("[data-for='audienceQuery']").Filter(new LocatorFilterOptions { HasTextRegex = new(".+") }).TextContentAsync();
        var keptTitle = await page.InputValueAsync("#title");
        var keptBody = await page.InputValueAsync("[id='message.body']");
        await page.FillAsync("#audienceQuery", AdHocDemo.MusicFansQuery);
        await page.ClickAsync("#preview");
        var previewUsers = await page.Locator("#preview-users").TextContentAsync();
        var previewDevices = await page.Locator("#preview-devices").TextContentAsync();
        var previewSample = await page.Locator("#preview-sample code").AllInnerTextsAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("form.png"), FullPage = true });
        await page.ClickAsync("#submit");
        var campaignId = await page.Locator("#campaign-link").TextContentAsync();

        // The approver's email in the local mailbox (the page refreshes itself until it lands).
        await page.GotoAsync("mailbox");
        await page.Locator("a.message", new PageLocatorOptions { HasTextString = "Approval needed" }).ClickAsync();
        var buttonsAboveFold = await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Approve", Exact = true }).BoundingBoxAsync();
        var mockupInEmail = await page.Locator("[data-mock-platform='android']").First.BoundingBoxAsync();
        var emailMockTitle = await page.Locator("[data-mock-platform='ios'] [data-mock='title']").First.InnerTextAsync();
        var pageLink = await page.Locator("a", new PageLocatorOptions { HasTextString = "A famous artist just joined" }).GetAttributeAsync("href");

        // The raw payloads are folded away under the decision; an approver who wants them unfolds them.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("approval-email.png") });
        await page.ClickAsync("summary");
        var email = await page.Locator("body").InnerTextAsync();
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Approve", Exact = true }).ClickAsync();

        // Opening the link only shows what would be approved; the button acts.
        var confirmation = await page.Locator("body").InnerTextAsync();
        var campaigns = host.Services.GetRequiredService<CampaignStore>();
        var statusBeforeConfirm = (await campaigns.GetAsync(campaignId!))!.Status;
        await page.ClickAsync("#confirm");
        var result = await page.Locator("#result").TextContentAsync();
        await page.ClickAsync("text=Follow the campaign");
        // The page refreshes itself every 2 s until the status is final (a reload of our own would race that
        // navigation and abort); Expect retries across the page's own reloads.
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync(
            new System.Text.RegularExpressions.Regex("^(Sent|Failed)$"),
            new LocatorAssertionsToHaveTextOptions { Timeout = Timeout });

        var finalStatus = await page.Locator("#status").TextContentAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("campaign.png"), FullPage = true });
        var delivered = ParseCount((await page.Locator("#sent").TextContentAsync())!);
        var perPlatform = (await page.Locator("#by-platform td.sent").AllInnerTextsAsync()).Sum(ParseCount);
        var pageMockTitle = await page.Locator("[data-mock-platform='android'] [data-mock='title']").First.InnerTextAsync();
        var sendLink = await page.Locator("#send-link").GetAttributeAsync("href");

        // The apps report: three fans opened the push (one twice), one of them also reached the goal; the page of
        // the finished campaign counts each user once.
        using var app = new HttpClient { BaseAddress = host.ApiUrl };
        var reports = new List<System.Net.HttpStatusCode>();
        foreach (var (fan, type) in new[] { (musicFans[0], "opened"), (musicFans[0], "opened"), (musicFans[1], "opened"), (musicFans[2], "opened"), (musicFans[0], "converted") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/events")
            {
                Content = new StringContent($$"""{"type":"{{type}}","campaignId":"{{campaignId}}"{{(type == "converted" ? ",\"goal\":\"followed-artist\"" : "")}}}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", environment.Gateways.AppUsers.Issue(DemoData.UserId(fan)));
            using var response = await app.SendAsync(request);
            reports.Add(response.StatusCode);
        }

        await page.ReloadAsync();
        var opened = await page.Locator("#opened").InnerTextAsync();
        var converted = await page.Locator("#converted").InnerTextAsync();
        await page.Locator("#outcomes").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("campaign-outcomes.png"), FullPage = true });

        // Clone into a new request: the form again, filled with this campaign's query and push.
        await page.ClickAsync("#clone");
        var clonedTitle = await page.InputValueAsync("#title");
        var clonedQuery = await page.InputValueAsync("#audienceQuery");
        var clonedMock = await page.Locator("#mock-android [data-mock='title']").InnerTextAsync();

        Assert.Contains("must use one of: https", fieldError, StringComparison.Ordinal);
        Assert.Contains("follows", catalogue, StringComparison.Ordinal);
        Assert.Contains("account_id", catalogue, StringComparison.Ordinal);
        Assert.Equal(["A famous artist just joined", "A famous artist just joined"], mockTitles);
        Assert.Equal("Follow them to hear the new single first.", mockBodies);
        Assert.Contains("folows", typoPreview, StringComparison.Ordinal);
        Assert.Contains("folows", typoError, StringComparison.Ordinal);
        Assert.All([typoPreview, typoError], e => Assert.DoesNotContain("SELECT DISTINCT", e, StringComparison.Ordinal));
        Assert.Equal(("A famous artist just joined", "Follow them to hear the new single first."), (keptTitle, keptBody));
        Assert.Equal($"{musicFans.Count:N0} users", previewUsers);
        Assert.Matches(@"^(about )?[\d,]+ devices$", previewDevices);
        Assert.InRange(previewSample.Count, 1, 5);
        Assert.All(previewSample, id => Assert.StartsWith("demo-", id, StringComparison.Ordinal));
        Assert.True(mockupInEmail!.Y < 720, $"the push mock-up starts at y={mockupInEmail.Y}, below the first screen");
        Assert.Equal("A famous artist just joined", emailMockTitle);
        Assert.Matches(@"Devices\t(about )?[\d,]+", email);
        Assert.Equal(delivered, perPlatform);
        Assert.Equal([System.Net.HttpStatusCode.Created, System.Net.HttpStatusCode.OK, System.Net.HttpStatusCode.Created, System.Net.HttpStatusCode.Created, System.Net.HttpStatusCode.Created], reports);
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"3 users ({300.0 / musicFans.Count:0.0}% of {musicFans.Count:N0} selected)"), opened, StringComparison.Ordinal);
        Assert.StartsWith("1 user (", converted, StringComparison.Ordinal);
        Assert.Equal("A famous artist just joined", pageMockTitle);
        Assert.StartsWith("/batches/batch-", sendLink, StringComparison.Ordinal);
        Assert.Equal(("A famous artist just joined (copy)", AdHocDemo.MusicFansQuery), (clonedTitle, clonedQuery));
        Assert.Equal("A famous artist just joined", clonedMock);
        Assert.Contains("dev@social.example", requester, StringComparison.Ordinal);
        Assert.StartsWith("adhoc-", campaignId, StringComparison.Ordinal);
        Assert.NotEmpty(musicFans);
        Assert.Contains($"Users selected\t{musicFans.Count:N0}", email, StringComparison.Ordinal);
        Assert.Contains("\"title\": \"A famous artist just joined\"", email, StringComparison.Ordinal);
        Assert.Contains("Platforms\tAndroid, iOS", email, StringComparison.Ordinal);
        Assert.True(buttonsAboveFold!.Y < 720, $"the Approve button is at y={buttonsAboveFold.Y}, below the first screen");
        Assert.EndsWith($"/campaigns/{campaignId}", pageLink, StringComparison.Ordinal);
        Assert.Contains("You are about to approve", confirmation, StringComparison.Ordinal);
        Assert.Equal(CampaignStatus.AwaitingApproval, statusBeforeConfirm);
        Assert.StartsWith("Approved.", result, StringComparison.Ordinal);
        Assert.Equal("Sent", finalStatus);
        Assert.Equal(musicFans.Sum(i => DemoData.Devices(i, invalidPermille: 0, now).Count()), delivered);
        // The outcome email is the flow's last step, just after the status reads Sent.
        for (var i = 0; i < 100 && !host.MailSink.Messages.Any(m => m.To.Contains("dev@social.example") && m.Subject.StartsWith("Sent:", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains(host.MailSink.Messages, m => m.To.Contains("dev@social.example") && m.Subject.StartsWith("Sent:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CampaignPage_TimedRequestCancelledWhileAwaitingApproval_TimingShownCancelledAuditedAndNothingSent()
    {
        await using var host = await environment.StartHostAsync("cancel");
        var now = TimeProvider.System.GetUtcNow();
        await DemoData.SeedAsync(host.Services.GetRequiredService<IDeviceRegistry>(), 60, invalidPermille: 0, now, _ => { }, CancellationToken.None);
        await AnalyticsData.GenerateAsync(host.AnalyticsDatabase, 60, DateOnly.FromDateTime(now.UtcDateTime), CancellationToken.None);
        var pushesBefore = environment.Gateways.Recorder.Records.Count;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions());
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = host.ApiUrl.ToString() });
        page.SetDefaultTimeout(Timeout);
        await page.GotoAsync("campaigns/new");
        await page.FillAsync("#title", "Wrong artist");
        await page.FillAsync("#audienceQuery", AdHocDemo.MusicFansQuery);
        await page.FillAsync("[id='message.title']", "A famous artist just joined");

        // A translation, added as a row: a German device gets it, a Swiss German one by its language.
        await page.ClickAsync("#add-locale");
        await page.FillAsync(".locale-row >> nth=0 >> .locale-tag", "de");
        await page.FillAsync(".locale-row >> nth=0 >> .locale-title", "Ein berühmter Künstler ist da");
        await page.FillAsync(".locale-row >> nth=0 >> .locale-body", "Folge ihnen jetzt, bevor es alle tun.");

        // The timing fields: a rate below the least allowed is a field error, and the form keeps the rest.
        await page.SelectOptionAsync("#quietHours", "skip");
        await page.FillAsync("#deliverAt", "10:00");
        await page.CheckAsync("#localTime");
        await page.FillAsync("#maxPerMinute", "10");
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("[data-for='maxPerMinute']")).ToContainTextAsync("from 60 to 600,000");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("form-timing.png"), FullPage = true });
        await page.FillAsync("#maxPerMinute", "6000");
        await page.ClickAsync("#submit");
        await page.ClickAsync("#campaign-link");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Awaiting approval", new LocatorAssertionsToHaveTextOptions { Timeout = Timeout });
        // Quiet hours are off in these tests' hosts (they read the wall clock), so the page says so; the choice is kept.
        Assert.Equal("Sending starts once approved; no quiet hours; delivered at 10:00 in each user's time zone; at most 6,000 pushes a minute.", await page.Locator("#timing").InnerTextAsync());
        var stored = await host.Services.GetRequiredService<Notifications.Core.Campaigns.CampaignStore>().GetAsync(new Uri(page.Url).Segments[^1]);
        Assert.Equal((Notifications.Core.Timing.QuietHoursMode.Skip, "10:00", true, 6000), (stored!.QuietHours!.Value, stored.DeliverAt, stored.LocalTime, stored.MaxPerMinute!.Value));
        Assert.Equal("Ein berühmter Künstler ist da", Assert.Single(stored.Message!.Locales!, l => l.Key == "de").Value.Title);

        // The button asks for a reason first (a prompt); the page then shows the cancel taking effect.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync("picked the wrong artist");
        await page.ClickAsync("#cancel");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Cancelled", new LocatorAssertionsToHaveTextOptions { Timeout = Timeout });
        var audit = await page.Locator("#audit").InnerTextAsync();
        var cancelButtons = await page.Locator("#cancel").CountAsync();

        Assert.Contains("cancel-requested", audit, StringComparison.Ordinal);
        Assert.Contains("picked the wrong artist", audit, StringComparison.Ordinal);
        Assert.Contains("cancelled by dev@social.example before a decision", audit, StringComparison.Ordinal);
        Assert.Equal(0, cancelButtons);
        Assert.Equal(pushesBefore, environment.Gateways.Recorder.Records.Count);
    }

    [Fact]
    public async Task SendPage_DeliverAtLocalTime_ShowsEachZonesGroupUntilCancelled()
    {
        await using var host = await environment.StartHostAsync("waiting");
        var now = TimeProvider.System.GetUtcNow();
        await DemoData.SeedAsync(host.Services.GetRequiredService<IDeviceRegistry>(), 300, invalidPermille: 0, now, _ => { }, CancellationToken.None);
        var users = string.Join(",", Enumerable.Range(0, 300).Select(i => $"\"{DemoData.UserId(i)}\""));

        // Two hours from now in UTC is a different wall time in every zone, so each zone's group waits for its own.
        var deliverAt = now.AddHours(2).ToString("HH:mm", CultureInfo.InvariantCulture);
        var batches = host.Services.GetRequiredService<BatchService>();
        var etag = await batches.UploadAsync("timed/evening.json", Encoding.UTF8.GetBytes(
            "{\"campaignId\":\"evening-digest\",\"message\":{\"title\":\"Your evening digest\",\"body\":\"Three posts you missed today.\"}," +
            "\"options\":{\"deliverAt\":\"" + deliverAt + "\",\"localTime\":true},\"audience\":{\"users\":[" + users + "]}}"));
        var batchId = (await batches.StartAsync(host.Client, "timed/evening.json", etag, CancellationToken.None)).BatchId;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions());
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = host.ApiUrl.ToString(), ViewportSize = new() { Width = 1100, Height = 900 } });
        page.SetDefaultTimeout(Timeout);
        Assertions.SetDefaultExpectTimeout(Timeout);
        await page.GotoAsync("batches/" + Uri.EscapeDataString(batchId));

        await Assertions.Expect(page.Locator("#send-state")).ToHaveTextAsync("Waiting for local times");
        var rows = page.Locator("#waiting tr");
        await Assertions.Expect(rows).Not.ToHaveCountAsync(0);
        var groups = await rows.CountAsync() - 1;
        var cells = await page.Locator("#waiting td:nth-child(2)").AllInnerTextsAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("send-waiting.png"), FullPage = true });

        // The 16 zones fall into fewer groups where offsets coincide (Berlin, Paris, Madrid and Lagos share one), and
        // every user is in one.
        Assert.InRange(groups, 8, 16);
        Assert.Equal(300, cells.Sum(c => long.Parse(c, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)));

        Assert.True(await batches.CancelAsync(host.Client, batchId, "tester"));
        await Assertions.Expect(page.Locator("#send-state")).ToHaveTextAsync("Cancelled");
        Assert.Equal(0, await page.Locator("#waiting").CountAsync());
        Assert.DoesNotContain(environment.Gateways.Recorder.Records, r => r.CollapseId == "evening-digest");
    }

    private static long ParseCount(string text) =>
        long.Parse(text, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The demo user numbers the query selects, straight from DuckDB: what the send must reach.</summary>
    private static async Task<List<int>> MusicFansAsync(string database)
    {
        await using var connection = new DuckDBConnection($"Data Source={database};ACCESS_MODE=READ_ONLY");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT DISTINCT user_id FROM ({AdHocDemo.MusicFansQuery})";
        var users = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            users.Add(int.Parse(reader.GetString(0)["demo-".Length..], System.Globalization.CultureInfo.InvariantCulture));
        }

        return users;
    }
}
