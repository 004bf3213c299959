using System.Text.RegularExpressions;
using Notifications.Core.Cohorts;

namespace Notifications.Local.Tests.Commands;

/// <summary><c>notify cohorts run</c> as a person runs it, twice: the second run finds every run done and sends nothing.</summary>
[Collection(NotifyProcessCollection.Name)]
public sealed partial class CohortsCommandTests(LocalTestEnvironment environment) : IClassFixture<LocalTestEnvironment>
{
    [Fact]
    public async Task CohortsRun_ForADateThenAgain_EachCohortReportedOnceAndSentOnce()
    {
        var arguments = new[]
        {
            "cohorts", "run", "--date", "2026-11-26", "--users", "4000",
            "--storage", environment.Azurite.ConnectionString, "--gateways-config", environment.GatewayConfigFile,
            "--data", Path.Combine(environment.Directory, "cohorts"),
        };

        using var first = NotifyProcess.Start(arguments);
        var firstExit = await first.WaitAsync(TimeSpan.FromMinutes(5));
        var pushesAfterFirst = environment.Gateways.Recorder.Records.Count;
        using var second = NotifyProcess.Start(arguments);
        var secondExit = await second.WaitAsync(TimeSpan.FromMinutes(5));

        Assert.True(firstExit == 0, first.Output);
        Assert.True(secondExit == 0, second.Output);
        var summaries = Summary().Matches(first.Output).Select(m => (Campaign: m.Groups[1].Value, Sent: long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(CohortCatalog.All.Select(c => c.CampaignIdFor(new DateOnly(2026, 11, 26))), summaries.Select(s => s.Campaign));
        Assert.All(summaries, s => Assert.True(s.Sent > 0, $"{s.Campaign} sent nothing:\n{first.Output}"));
        Assert.Equal(summaries.Sum(s => s.Sent), environment.Gateways.Recorder.Records.Count(r => r.CollapseId!.EndsWith("-20261126", StringComparison.Ordinal) && r.CollapseId.Contains("day", StringComparison.Ordinal)));
        Assert.Equal(CohortCatalog.All.Sum(c => c.Experiment.Variants.Count + 1), Regex.Count(first.Output, "^arm: ", RegexOptions.Multiline));
        Assert.Equal(3, Regex.Count(second.Output, "already exists \\(Completed\\); not sent again"));
        Assert.Equal(pushesAfterFirst, environment.Gateways.Recorder.Records.Count);

        // The cohort's page on a host of the same folder (its task hub): the run of that date with every arm's counts.
        await using var host = await environment.StartHostAsync("cohorts");
        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions());
        var page = await browser.NewPageAsync(new() { BaseURL = host.ApiUrl.ToString(), ViewportSize = new() { Width = 1100, Height = 800 } });
        await page.GotoAsync("/cohorts/day2-engagement?from=2026-11-20&to=2026-11-29");
        var schedule = await page.Locator("#schedule").InnerTextAsync();
        var arms = await page.Locator("#arms").InnerTextAsync();
        var run = await page.Locator("#runs tr", new() { HasTextString = "2026-11-26" }).InnerTextAsync();
        await page.ScreenshotAsync(new() { Path = Screenshots.PathOf("cohort.png"), FullPage = true });

        // The run's own page: the same arms with what reached each, and the split by platform.
        await page.Locator("#runs a.run", new() { HasTextString = "2026-11-26" }).ClickAsync();
        var armRows = page.Locator("#by-arm tr[data-slice]");
        var armNames = await armRows.Locator("td:first-child").AllInnerTextsAsync();
        var armSent = (await armRows.Locator("td.sent").AllInnerTextsAsync()).Sum(ParseCount);
        var platformSent = (await page.Locator("#by-platform td.sent").AllInnerTextsAsync()).Sum(ParseCount);
        var runOwner = await page.Locator("#owner").GetAttributeAsync("href");
        await page.ScreenshotAsync(new() { Path = Screenshots.PathOf("cohort-run.png"), FullPage = true });

        var day2 = CohortCatalog.Find("day2-engagement")!;
        Assert.Matches(@"^Runs every day at \d\d:\d\d \(UTC\)", schedule);
        Assert.All(day2.Experiment.Variants, v => Assert.Contains(v.Message.Title!, arms, StringComparison.Ordinal));
        Assert.Contains("Completed", run, StringComparison.Ordinal);
        var sentDay2 = summaries.Single(s => s.Campaign == day2.CampaignIdFor(new DateOnly(2026, 11, 26))).Sent;
        var perArmSent = Regex.Matches(run, @"[\d,]+ / ([\d,]+)").Sum(m => long.Parse(m.Groups[1].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(day2.Experiment.Variants.Count + 1, Regex.Count(run, @"[\d,]+ / [\d,]+"));
        Assert.Equal(sentDay2, perArmSent);
        Assert.Equal(["control", .. day2.Experiment.Variants.Select(v => v.Name)], armNames);
        Assert.Equal(sentDay2, armSent);
        Assert.Equal(sentDay2, platformSent);
        Assert.Equal("/cohorts/day2-engagement", runOwner);
    }

    private static long ParseCount(string text) =>
        long.Parse(text, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^summary: campaign=(\S+) targeted=\d+ devices=\d+ sent=(\d+)", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
