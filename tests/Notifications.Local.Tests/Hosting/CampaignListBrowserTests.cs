using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Notifications.Core.Campaigns;
using Notifications.Core.Delivery;

namespace Notifications.Local.Tests.Hosting;

/// <summary>
/// The home page and the campaign list as a marketer finds them in Debian's chromium: what is sending, what waits for
/// an approver and what was sent lately, each a link to its campaign's page; the list's status filter and its older
/// page. Campaigns are stored as the submit flow stores them, at times chosen by the test.
/// </summary>
public sealed class CampaignListBrowserTests(LocalTestEnvironment environment) : IClassFixture<LocalTestEnvironment>
{
    private static readonly float Timeout = (float)TimeSpan.FromMinutes(1).TotalMilliseconds;

    [Fact]
    public async Task HomePage_CampaignsInEveryState_ListedWhereTheyBelongAndLinked()
    {
        await using var host = await environment.StartHostAsync("home");
        var store = host.Services.GetRequiredService<CampaignStore>();
        var now = TimeProvider.System.GetUtcNow();
        var waiting = await CreateAsync(store, now.AddMinutes(-5), "Artist X joined: tell music fans", CampaignStatus.AwaitingApproval, 48_210);
        var sending = await CreateAsync(store, now.AddMinutes(-30), "Weekend playlist is live", CampaignStatus.Sending, 1_204_332);
        var sent = await CreateAsync(store, now.AddDays(-2), "Your year in music", CampaignStatus.Sent, 2_950_114);
        var old = await CreateAsync(store, now.AddDays(-45), "Summer festival lineup", CampaignStatus.Sent, 800_000);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions());
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = host.ApiUrl.ToString(), ViewportSize = new() { Width = 1100, Height = 900 } });
        page.SetDefaultTimeout(Timeout);

        await page.GotoAsync("/");
        var sendingNow = await page.Locator("#sending").InnerTextAsync();
        var awaiting = await page.Locator("#waiting").InnerTextAsync();
        var recent = await page.Locator("#recent").InnerTextAsync();
        var cohortLinks = await page.Locator("#cohorts a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("home.png"), FullPage = true });
        await page.Locator("#waiting a", new PageLocatorOptions { HasTextString = "Artist X joined" }).ClickAsync();
        await page.WaitForURLAsync($"**/campaigns/{waiting}");
        var status = await page.Locator("#status").TextContentAsync();

        Assert.Contains("Weekend playlist is live", sendingNow, StringComparison.Ordinal);
        Assert.Contains("starting", sendingNow, StringComparison.Ordinal);
        Assert.Contains("Artist X joined", awaiting, StringComparison.Ordinal);
        Assert.Contains("48,210", awaiting, StringComparison.Ordinal);
        Assert.DoesNotContain("Your year in music", awaiting, StringComparison.Ordinal);
        Assert.True(recent.IndexOf("Artist X joined", StringComparison.Ordinal) < recent.IndexOf("Weekend playlist", StringComparison.Ordinal), recent);
        Assert.True(recent.IndexOf("Weekend playlist", StringComparison.Ordinal) < recent.IndexOf("Your year in music", StringComparison.Ordinal), recent);
        Assert.DoesNotContain("Summer festival lineup", recent, StringComparison.Ordinal);
        Assert.Equal("Awaiting approval", status);
        Assert.Equal(Notifications.Core.Cohorts.CohortCatalog.All.Select(c => $"/cohorts/{c.Id}"), cohortLinks);
        Assert.NotEqual(sending, sent);
        Assert.NotNull(old);
    }

    [Fact]
    public async Task CampaignList_StatusFilterAndOlderPage_EachCampaignOnce()
    {
        await using var host = await environment.StartHostAsync("list");
        var store = host.Services.GetRequiredService<CampaignStore>();
        // Two months back, a window of its own: the home page test shares this class's storage and stores campaigns
        // within the last 45 days.
        var noon = new DateTimeOffset(DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(-60), new TimeOnly(12, 0), TimeSpan.Zero);
        for (var i = 0; i < 5; i++)
        {
            await CreateAsync(store, noon.AddHours(-i - 1), $"Sent campaign {i}", CampaignStatus.Sent, 1000 + i);
        }

        await CreateAsync(store, noon.AddMinutes(-10), "Rejected campaign", CampaignStatus.Rejected, 10);
        var day = noon.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions());
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = host.ApiUrl.ToString() });
        page.SetDefaultTimeout(Timeout);

        await page.GotoAsync($"/campaigns?limit=3&from={day}&to={day}");
        var first = await page.Locator("#campaigns").InnerTextAsync();
        await page.ClickAsync("#older");
        var second = await page.Locator("#campaigns").InnerTextAsync();
        var beyond = await page.Locator("#older").CountAsync();
        await page.SelectOptionAsync("#status-filter", "Sent");
        await page.ClickAsync("#filters button");
        await page.WaitForURLAsync("**/campaigns?status=Sent*");
        var filtered = await page.Locator("#campaigns").InnerTextAsync();

        // Newest first, three a page, every campaign once, and no third page.
        string[] titles = ["Rejected campaign", "Sent campaign 0", "Sent campaign 1", "Sent campaign 2", "Sent campaign 3", "Sent campaign 4"];
        Assert.All(titles[..3], t => Assert.Contains(t, first, StringComparison.Ordinal));
        Assert.All(titles[3..], t => Assert.Contains(t, second, StringComparison.Ordinal));
        Assert.All(titles[3..], t => Assert.DoesNotContain(t, first, StringComparison.Ordinal));
        Assert.Equal(0, beyond);
        Assert.All(titles[1..], t => Assert.Contains(t, filtered, StringComparison.Ordinal));
        Assert.DoesNotContain("Rejected campaign", filtered, StringComparison.Ordinal);
    }

    private static async Task<string> CreateAsync(CampaignStore store, DateTimeOffset at, string title, CampaignStatus status, long users)
    {
        var id = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"adhoc-{at:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}")[..46];
        await store.CreateAsync(new Campaign
        {
            Id = id,
            Title = title,
            AudienceQuery = "SELECT user_id FROM follows WHERE account_id = 'acc-artist-42'",
            Message = new PushMessage { Title = title, Body = "Tap to see more" },
            Platforms = [PushPlatform.Android, PushPlatform.Ios],
            RequesterName = "Maya Smith",
            RequesterEmail = "maya@social.example",
            SubmittedAt = at,
            Status = status,
            Users = users,
        });
        return id;
    }
}
