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
        // the corrected request is accepted.
        await page.GotoAsync("campaigns/new");
        await page.FillAsync("#title", "A famous artist just joined");
        await page.FillAsync("#audienceQuery", AdHocDemo.MusicFansQuery);
        await page.FillAsync("[id='message.title']", "A famous artist just joined");
        await page.FillAsync("[id='message.body']", "Follow them to hear the new single first.");
        await page.FillAsync("[id='message.deepLink']", "javascript:alert(document.cookie)");
        var requester = await page.Locator("#requester").TextContentAsync();
        await page.ClickAsync("#submit");
        var fieldError = await page.Locator("[data-for='message.deepLink']").Filter(new LocatorFilterOptions { HasTextRegex = new(".+") }).TextContentAsync();
        await page.FillAsync("[id='message.deepLink']", "https://social.example/artists/42");
        await page.ClickAsync("#submit");
        var campaignId = await page.Locator("#campaign-link").TextContentAsync();

        // The approver's email in the local mailbox (the page refreshes itself until it lands).
        await page.GotoAsync("mailbox");
        await page.Locator("a.message", new PageLocatorOptions { HasTextString = "Approval needed" }).ClickAsync();
        var buttonsAboveFold = await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Approve", Exact = true }).BoundingBoxAsync();
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
        var delivered = long.Parse((await page.Locator("#sent").TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Contains("must use one of: https", fieldError, StringComparison.Ordinal);
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
