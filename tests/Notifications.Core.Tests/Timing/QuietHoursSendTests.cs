using System.Globalization;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Timing;

/// <summary>
/// Quiet hours and local delivery times on real sends: durable test host (real durable timers), Azurite, loopback
/// gateways. The quiet window is set around the wall clock of the run, so "asleep" users in UTC are released a couple of
/// minutes later while users in India are awake.
/// </summary>
[Collection(TimerCollection.Name)]
public sealed class QuietHoursSendTests(AzuriteFixture azurite)
{
    private const string Awake = "Asia/Kolkata";

    [Fact]
    public async Task Send_UsersAsleep_HeldUntilTheirQuietHoursEndAndCappedIfReachedMeanwhile()
    {
        var now = DateTime.UtcNow;
        var end = Minute(now).AddMinutes(now.Second > 40 ? 3 : 2);
        await using var harness = await BatchHarness.StartAsync(azurite, overrides: QuietWindow(now.AddHours(-2), end));
        await SeedAsync(harness, asleep: 6, awake: 4);

        var batchId = await harness.StartAsync("night.json", Json(Users(6, 4), "campaign-night"));
        var waiting = await WaitForPhaseAsync(harness, batchId, BatchPhase.Waiting);

        // Everything due went out; the sleepers wait as one group, released at the end of their quiet hours.
        Assert.Equal(end, Assert.Single(waiting.Waiting).At);
        Assert.Equal((6L, 6L), (waiting.Waiting[0].Users, waiting.Interim!.Deferred));
        Assert.Equal((BatchOutcome.Waiting, 4L), (waiting.Interim.Outcome, waiting.Interim.Counts.Sent));
        Assert.DoesNotContain(Pushes(harness, "campaign-night"), p => p.Token.StartsWith("fcm-s", StringComparison.Ordinal));

        // A campaign that ignores quiet hours reaches two sleepers first: when the wave is released they are over the cap.
        var urgent = await harness.SendAsync("urgent.json", Json(["s0", "s1"], "campaign-urgent", "\"options\":{\"quietHours\":\"ignore\"},"));
        Assert.Equal(2, urgent.Counts.Sent);

        var summary = await harness.WaitAsync(batchId);
        Assert.Equal(BatchOutcome.Completed, summary.Outcome);
        Assert.Equal((6L, 0L, 2L), (summary.Deferred, summary.QuietSkipped, summary.Capped));
        Assert.Equal((8L, 8L), (summary.Devices, summary.Counts.Sent));
        var released = Pushes(harness, "campaign-night").Where(p => p.Token.StartsWith("fcm-s", StringComparison.Ordinal)).ToList();
        Assert.Equal(["fcm-s2:APA91b", "fcm-s3:APA91b", "fcm-s4:APA91b", "fcm-s5:APA91b"], released.Select(p => p.Token).Order());
        Assert.All(released, p => Assert.True(p.At >= new DateTimeOffset(end, TimeSpan.Zero), $"pushed at {p.At:O}, before {end:O}"));
    }

    [Fact]
    public async Task Send_SkipMode_SleepersNeverPushed()
    {
        var now = DateTime.UtcNow;
        await using var harness = await BatchHarness.StartAsync(azurite, overrides: QuietWindow(now.AddHours(-2), now.AddHours(2)));
        await SeedAsync(harness, asleep: 5, awake: 3);

        var summary = await harness.SendAsync("skip.json", Json([.. Users(5, 3)], "campaign-skip", "\"options\":{\"quietHours\":\"skip\"},"));

        Assert.Equal((BatchOutcome.Completed, 5L, 0L), (summary.Outcome, summary.QuietSkipped, summary.Deferred));
        Assert.Equal(3, summary.Counts.Sent);
        Assert.DoesNotContain(Pushes(harness, "campaign-skip"), p => p.Token.StartsWith("fcm-s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_DeliverAtLocalTime_OneGroupPerZoneUntilCancelled()
    {
        await using var harness = await BatchHarness.StartAsync(azurite, overrides: new Dictionary<string, string?> { ["QuietHours:Enabled"] = "false" });
        var zones = new[] { "America/New_York", "Europe/Berlin", "Asia/Tokyo" };
        var now = DateTimeOffset.UtcNow;
        await harness.Registry.ImportAsync(Enumerable.Range(0, 9).Select(i =>
            new DeviceRegistration($"z{i}", PushPlatform.Android, $"fcm-z{i}:APA91b", null, now, now, zones[i % 3])));

        // An hour from now in UTC terms is a different wall time in each zone; each zone's group waits for its own 'at'.
        var at = now.AddHours(1).UtcDateTime;
        var deliverAt = at.ToString("HH:mm", CultureInfo.InvariantCulture);
        var batchId = await harness.StartAsync("local.json", Json(
            [.. Enumerable.Range(0, 9).Select(i => $"z{i}")], "campaign-local", "\"options\":{\"deliverAt\":\"" + deliverAt + "\",\"localTime\":true},"));
        var waiting = await WaitForPhaseAsync(harness, batchId, BatchPhase.Waiting);

        var expected = zones.Select(z => Next(now.UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById(z), TimeOnly.FromDateTime(at))).Order().ToList();
        Assert.Equal(expected, waiting.Waiting.Select(g => g.At));
        Assert.All(waiting.Waiting, g => Assert.Equal((3L, 3L), (g.Users, g.Devices)));
        Assert.Equal(0, waiting.Interim!.Deferred);

        // A cancel ends the wait: nothing held is ever pushed, and the send ends now rather than at its last group.
        Assert.True(await harness.Batches.CancelAsync(harness.Client, batchId, "tester"));
        var summary = await harness.WaitAsync(batchId);
        Assert.Equal((BatchOutcome.Cancelled, 0L), (summary.Outcome, summary.Counts.Sent));
        Assert.Empty(Pushes(harness, "campaign-local"));
    }

    private static DateTime Next(DateTime from, TimeZoneInfo zone, TimeOnly time)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(from, zone);
        var candidate = TimeZoneInfo.ConvertTimeToUtc(DateOnly.FromDateTime(local).ToDateTime(new TimeOnly(time.Hour, time.Minute)), zone);
        return candidate >= from ? candidate : TimeZoneInfo.ConvertTimeToUtc(DateOnly.FromDateTime(local).AddDays(1).ToDateTime(new TimeOnly(time.Hour, time.Minute)), zone);
    }

    private static Dictionary<string, string?> QuietWindow(DateTime start, DateTime end) => new()
    {
        ["QuietHours:Enabled"] = "true",
        ["QuietHours:Start"] = start.ToString("HH:mm", CultureInfo.InvariantCulture),
        ["QuietHours:End"] = end.ToString("HH:mm", CultureInfo.InvariantCulture),
        ["QuietHours:DefaultTimeZone"] = "UTC",
    };

    /// <summary>Sleepers s0.. (no zone: the default, UTC, inside the window) and wakers w0.. (India, outside it), one Android device each.</summary>
    private static Task SeedAsync(BatchHarness harness, int asleep, int awake)
    {
        var now = DateTimeOffset.UtcNow;
        return harness.Registry.ImportAsync(
            Enumerable.Range(0, asleep).Select(i => new DeviceRegistration($"s{i}", PushPlatform.Android, $"fcm-s{i}:APA91b", null, now, now))
                .Concat(Enumerable.Range(0, awake).Select(i => new DeviceRegistration($"w{i}", PushPlatform.Android, $"fcm-w{i}:APA91b", null, now, now, Awake))));
    }

    private static IEnumerable<string> Users(int asleep, int awake) =>
        Enumerable.Range(0, asleep).Select(i => $"s{i}").Concat(Enumerable.Range(0, awake).Select(i => $"w{i}"));

    private static string Json(IEnumerable<string> users, string campaign, string extra = "") =>
        "{\"campaignId\":\"" + campaign + "\",\"message\":{\"title\":\"Hello\",\"body\":\"Something new.\"}," + extra +
        "\"audience\":{\"users\":[" + string.Join(",", users.Select(u => $"\"{u}\"")) + "]}}";

    private static List<Gateways.Recording.RecordedPush> Pushes(BatchHarness harness, string campaign) =>
        [.. harness.Gateways.Recorder.Records.Where(r => r.CollapseId == campaign)];

    private static async Task<BatchStatus> WaitForPhaseAsync(BatchHarness harness, string batchId, BatchPhase phase)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await harness.Batches.GetStatusAsync(harness.Client, batchId) is { } status && status.Phase == phase && status.Interim is not null)
            {
                return status;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"send {batchId} never reached phase {phase}");
        return null!;
    }

    private static DateTime Minute(DateTime at) => new(at.Ticks - (at.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
}
