using System.Text.RegularExpressions;
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
        await CreateAsync(store, now.AddMinutes(-30), "Weekend playlist is live", CampaignStatus.Sending, 1_204_332);
        await CreateAsync(store, now.AddDays(-2), "Your year in music", CampaignStatus.Sent, 2_950_114);
        await CreateAsync(store, now.AddDays(-45), "Summer festival lineup", CampaignStatus.Sent, 800_000);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions());
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = host.ApiUrl.ToString(), ViewportSize = new() { Width = 1100, Height = 900 } });
        page.SetDefaultTimeout(Timeout);

        // The page reloads itself every 5 s while something sends, so every check is one that Playwright retries
        // across reloads, never a read-then-assert that a reload can cut in half. Those retries wait 5 s by default,
        // which a loaded CI machine can need for one page load alone.
        Assertions.SetDefaultExpectTimeout(Timeout);
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#sending")).ToContainTextAsync("Weekend playlist is live");
        await Assertions.Expect(page.Locator("#sending")).ToContainTextAsync("starting");
        await Assertions.Expect(page.Locator("#waiting")).ToContainTextAsync(new Regex("Artist X joined.*48,210", RegexOptions.Singleline));
        await Assertions.Expect(page.Locator("#waiting")).Not.ToContainTextAsync("Your year in music");
        await Assertions.Expect(page.Locator("#recent")).ToContainTextAsync(
            new Regex("Artist X joined.*Weekend playlist is live.*Your year in music", RegexOptions.Singleline));
        await Assertions.Expect(page.Locator("#recent")).Not.ToContainTextAsync("Summer festival lineup");
        var cohorts = Notifications.Core.Cohorts.CohortCatalog.All;
        await Assertions.Expect(page.Locator("#cohorts a")).ToHaveCountAsync(cohorts.Count);
        for (var i = 0; i < cohorts.Count; i++)
        {
            await Assertions.Expect(page.Locator("#cohorts a").Nth(i)).ToHaveAttributeAsync("href", $"/cohorts/{cohorts[i].Id}");
        }

        await Assertions.Expect(page.Locator("#waiting a").First).ToHaveAttributeAsync("href", $"/campaigns/{waiting}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshots.PathOf("home.png"), FullPage = true });

        // The link, followed: the campaign's own page (which reloads itself too until its status is final). The home
        // page's own 5 s reload can abort a navigation that starts at that moment: then it is started again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await page.GotoAsync($"/campaigns/{waiting}");
                break;
            }
            catch (PlaywrightException ex) when (attempt < 3 && ex.Message.Contains("ERR_ABORTED", StringComparison.Ordinal))
            {
                // The reload won the race; go again.
            }
        }

        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Awaiting approval");
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
