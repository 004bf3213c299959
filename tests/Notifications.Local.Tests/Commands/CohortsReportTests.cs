using System.Globalization;
using System.Text.RegularExpressions;

namespace Notifications.Local.Tests.Commands;

/// <summary>
/// <c>notify cohorts run --from --to --report</c> and <c>notify cohorts report</c> as a person runs them: three days of
/// day-2 runs, the demo users' planted reactions, the readout printed; then a host on the same folder serves the same
/// readout to the CLI and on the cohort's page.
/// </summary>
[Collection(NotifyProcessCollection.Name)]
public sealed partial class CohortsReportTests(LocalTestEnvironment environment) : IClassFixture<LocalTestEnvironment>
{
    [Fact]
    public async Task CohortsRunWithReport_ThreeDays_ReadoutCountsEveryRunAndTheHostReportsTheSame()
    {
        var folder = Path.Combine(environment.Directory, "readout");
        using var run = NotifyProcess.Start(
        [
            "cohorts", "run", "--from", "2026-11-10", "--to", "2026-11-12", "--cohort", "day2-engagement", "--users", "6000", "--report",
            "--storage", environment.Azurite.ConnectionString, "--gateways-config", environment.GatewayConfigFile, "--data", folder,
        ]);
        var exit = await run.WaitAsync(TimeSpan.FromMinutes(6));

        Assert.True(exit == 0, run.Output);
        Assert.Equal(3, Regex.Count(run.Output, "^summary: campaign=day2-engagement-2026111[012] ", RegexOptions.Multiline));

        // The report's users and pushes per arm are the three runs' own per-arm lines, summed.
        var perRun = RunArm().Matches(run.Output).GroupBy(m => m.Groups[1].Value)
            .ToDictionary(g => g.Key, g => (Users: g.Sum(m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)), Sent: g.Sum(m => long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))));
        var report = ReportLines(run.Output);
        var arms = report.Take(3).Select(l => ReportArm().Match(l)).ToList();
        Assert.All(arms, m => Assert.True(m.Success, string.Join('\n', report)));
        Assert.Equal(["control", "follow-more", "invite-friends"], arms.Select(m => m.Groups[1].Value));
        Assert.All(arms, m => Assert.Equal(perRun[m.Groups[1].Value].Users, long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
        Assert.Equal(0, long.Parse(arms[0].Groups[3].Value, CultureInfo.InvariantCulture));
        Assert.All(arms.Skip(1), m => Assert.Equal(perRun[m.Groups[1].Value].Sent, long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)));
        Assert.All(arms, m => Assert.True(long.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture) > 0, "somebody converts in every arm"));
        Assert.Equal(0, long.Parse(arms[0].Groups[4].Value, CultureInfo.InvariantCulture));
        Assert.True(arms.Skip(1).Sum(m => long.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture)) > 0, "pushed users open");
        Assert.Matches(@"^srm: p=\d\.\d{4}", report[3]);
        Assert.Contains("follow-more", report[4], StringComparison.Ordinal);

        // A host on the same folder answers notify cohorts report with the same lines, and shows them on the page.
        await using var host = await environment.StartHostAsync("readout");
        using var remote = NotifyProcess.Start(["cohorts", "report", "--cohort", "day2-engagement", "--from", "2026-11-10", "--to", "2026-11-12", "--url", host.ApiUrl.ToString()]);
        var remoteExit = await remote.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(remoteExit == 0, remote.Output);
        Assert.Equal(report, ReportLines(remote.Output));

        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions());
        var page = await browser.NewPageAsync(new() { BaseURL = host.ApiUrl.ToString(), ViewportSize = new() { Width = 1100, Height = 800 } });
        await page.GotoAsync("/cohorts/day2-engagement?from=2026-11-10&to=2026-11-12");
        var verdict = await page.Locator("#verdict").InnerTextAsync();
        var rows = await page.Locator("#readout tr").AllInnerTextsAsync();
        var bars = await page.Locator("#readout-chart rect").CountAsync();
        await page.Locator("#verdict").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Screenshots.PathOf("readout.png"), FullPage = true });

        Assert.Equal(report[4], verdict.Trim());
        Assert.Equal(4, rows.Count);
        Assert.Contains(long.Parse(arms[2].Groups[2].Value, CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture), rows[3], StringComparison.Ordinal);
        Assert.Equal(3, bars);
    }

    /// <summary>The five lines after the report's heading.</summary>
    private static List<string> ReportLines(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => l.StartsWith("cohort day2-engagement report for 2026-11-10..2026-11-12", StringComparison.Ordinal));
        Assert.True(start >= 0, output);
        return lines.Skip(start + 1).Take(5).ToList();
    }

    [GeneratedRegex(@"^arm: (control|follow-more|invite-friends) users=(\d+) share=[\d.]+% devices=\d+ sent=(\d+)", RegexOptions.Multiline)]
    private static partial Regex RunArm();

    [GeneratedRegex(@"^arm: name=(\S+) users=(\d+) pushed=(\d+) opened=(\d+) converted=(\d+) rate=\d+\.\d\d% (lift_pp=- ci95=- p=-|lift_pp=[+-]\d+\.\d\d ci95=\[-?\d+\.\d\d,-?\d+\.\d\d\] p=\S+)$")]
    private static partial Regex ReportArm();
}
