using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Notifications.Core.Batches;
using Notifications.Core.Devices;
using Notifications.Local.Demo;

namespace Notifications.Local.Tests.Hosting;

/// <summary>
/// A send's page while groups wait for their local time, in Debian's chromium: the held-back line, the "Still waiting"
/// table with one row per release time, and a cancel that empties it. The demo's users live in 16 zones.
/// </summary>
public sealed class SendPageBrowserTests(LocalTestEnvironment environment) : IClassFixture<LocalTestEnvironment>
{
    private static readonly float Timeout = (float)TimeSpan.FromMinutes(1).TotalMilliseconds;

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
}
