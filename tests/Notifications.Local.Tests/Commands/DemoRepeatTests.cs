using System.Globalization;
using System.Text.RegularExpressions;

namespace Notifications.Local.Tests.Commands;

/// <summary>
/// <c>notify demo --repeat 2</c> on the default frequency cap (1 a day) and default quiet hours (21:00-08:00 in each
/// user's zone; the demo's users live in 16 zones, so some are asleep whenever this runs): the second campaign caps
/// every user the first one reached, and the users the first one held for their morning are held by the second too.
/// </summary>
[Collection(NotifyProcessCollection.Name)]
public sealed partial class DemoRepeatTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("notify-repeat-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task DemoRepeat_TwoCampaignsOneDay_SecondCapsEveryUserTheFirstReachedAndDefersTheSameSleepers()
    {
        using var demo = NotifyProcess.Start(["demo", "--users", "1500", "--repeat", "2", "--data", Path.Combine(_root, "repeat")],
            new Dictionary<string, string> { [LocalTestEnvironment.QuietHoursSwitch] = "true" });
        var exit = await demo.WaitAsync(TimeSpan.FromMinutes(4));

        Assert.True(exit == 0, demo.Output);
        var summaries = Summary().Matches(demo.Output).ToList();
        Assert.Equal(2, summaries.Count);
        var (first, second) = (summaries[0], summaries[1]);
        Assert.EndsWith("-run1", first.Groups["campaign"].Value, StringComparison.Ordinal);
        Assert.EndsWith("-run2", second.Groups["campaign"].Value, StringComparison.Ordinal);
        Assert.Equal(0, Number(first, "capped"));
        Assert.True(Number(first, "sent") > 0, demo.Output);
        Assert.True(Number(first, "deferred") > 0, demo.Output);
        Assert.Equal(0, Number(first, "quiet_skipped"));

        // The first campaign reached every user awake and holds the rest for their morning; the second reaches none
        // of the first kind, and holds the same sleepers (when their wave is released, the first campaign's wave will
        // have reached them, or will find them capped). A user whose only tokens were dead is left without a device
        // once the first removed them, so they are not counted as capped.
        var outcomes = Outcome().Matches(demo.Output).ToList();
        Assert.Equal(2, outcomes.Count);
        Assert.Equal(0, Number(outcomes[0], "without"));
        Assert.Equal(Number(second, "capped"), Number(outcomes[1], "capped"));
        Assert.Equal(Number(first, "deferred"), Number(second, "deferred"));
        Assert.Equal(1500, Number(outcomes[1], "capped") + Number(second, "deferred") + Number(outcomes[1], "without"));
        Assert.True(Number(second, "capped") > 0, demo.Output);
        Assert.Equal((0L, 0L), (Number(second, "devices"), Number(second, "sent")));
        Assert.Contains("waiting: at=", demo.Output, StringComparison.Ordinal);
    }

    private static long Number(Match summary, string name) => long.Parse(summary.Groups[name].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^outcome: \S+ users=\d+ control=\d+ capped=(?<capped>\d+) without_devices=(?<without>\d+) ", RegexOptions.Multiline)]
    private static partial Regex Outcome();

    [GeneratedRegex(@"^summary: campaign=(?<campaign>\S+) targeted=\d+ devices=(?<devices>\d+) sent=(?<sent>\d+) invalid=\d+ failed=\d+ capped=(?<capped>\d+) deferred=(?<deferred>\d+) quiet_skipped=(?<quiet_skipped>\d+) ", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
