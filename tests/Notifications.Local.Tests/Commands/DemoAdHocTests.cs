using System.Text.RegularExpressions;

namespace Notifications.Local.Tests.Commands;

/// <summary>
/// <c>notify demo --adhoc</c> as the README gives it, on the default quiet hours (the demo's users live in 16 zones, so
/// some are asleep whenever this runs): the request, the approval email with its review, the approve page's digest
/// posted back, the send, and the <c>summary:</c> line, with the campaign still sending to the users held for morning.
/// </summary>
[Collection(NotifyProcessCollection.Name)]
public sealed partial class DemoAdHocTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("notify-adhoc-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task DemoAdHoc_DefaultQuietHours_ApprovedThroughItsPageAndEndsWithTheSummaryLine()
    {
        using var demo = NotifyProcess.Start(["demo", "--adhoc", "--users", "1500", "--data", Path.Combine(_root, "adhoc")],
            new Dictionary<string, string> { [LocalTestEnvironment.QuietHoursSwitch] = "true" });
        var exit = await demo.WaitAsync(TimeSpan.FromMinutes(4));

        Assert.True(exit == 0, demo.Output);
        Assert.Matches(ApprovePage(), demo.Output);
        Assert.Contains("approve link: confirmed 200", demo.Output, StringComparison.Ordinal);
        Assert.Contains("campaign: Sending (users held for their quiet hours wait for notify serve)", demo.Output, StringComparison.Ordinal);
        var summary = Summary().Match(demo.Output);
        Assert.True(summary.Success, demo.Output);
        Assert.StartsWith("adhoc-", summary.Groups["campaign"].Value, StringComparison.Ordinal);
        Assert.NotEqual("0", summary.Groups["deferred"].Value);
    }

    [GeneratedRegex(@"^approve link: page 200 shows 1 form\(s\) of the push", RegexOptions.Multiline)]
    private static partial Regex ApprovePage();

    [GeneratedRegex(@"^summary: campaign=(?<campaign>\S+) targeted=\d+ devices=\d+ sent=\d+ invalid=\d+ failed=\d+ capped=\d+ deferred=(?<deferred>\d+) .* page=http://127\.0\.0\.1:\d+/campaigns/", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
