using Notifications.Core.Batches.Files;
using Notifications.Core.Timing;

namespace Notifications.Core.Tests.Timing;

/// <summary>Quiet hours (21:00-08:00 by default) and local delivery times, decided per zone from one planning instant.</summary>
public sealed class SendTimingTests
{
    private static readonly QuietHoursOptions Policy = new();

    [Fact]
    public void For_UserAwake_PushedWithTheSend()
    {
        var timing = Timing(new BatchSendOptions(), Utc(2026, 11, 30, 12, 0));

        Assert.Equal(Release.Now, timing.For("Europe/Berlin"));
    }

    [Fact]
    public void For_UserAsleep_HeldUntilEightInTheirZone()
    {
        // 03:00 in Berlin (UTC+1 in winter).
        var release = Timing(new BatchSendOptions(), Utc(2026, 11, 30, 2, 0)).For("Europe/Berlin");

        Assert.Equal(new Release(Utc(2026, 11, 30, 7, 0), Skipped: false, Quiet: true), release);
    }

    [Fact]
    public void For_NightBeforeSpringForward_HeldUntilEightSummerTime()
    {
        // 23:00 CET on Saturday 28 March 2026; clocks go from 02:00 to 03:00 that night, so 08:00 CEST is 06:00 UTC.
        var release = Timing(new BatchSendOptions(), Utc(2026, 3, 28, 22, 0)).For("Europe/Berlin");

        Assert.Equal(Utc(2026, 3, 29, 6, 0), release.At);
    }

    [Fact]
    public void For_NightOfFallBack_HeldUntilEightStandardTime()
    {
        // 00:00 EDT on Sunday 1 November 2026; clocks go back from 02:00 to 01:00, so 08:00 EST is 13:00 UTC.
        var release = Timing(new BatchSendOptions(), Utc(2026, 11, 1, 4, 0)).For("America/New_York");

        Assert.Equal(Utc(2026, 11, 1, 13, 0), release.At);
    }

    [Fact]
    public void For_SkipMode_AsleepSkippedAwakePushed()
    {
        var timing = Timing(new BatchSendOptions { QuietHours = QuietHoursMode.Skip }, Utc(2026, 11, 30, 2, 0));

        Assert.Equal(new Release(null, Skipped: true, Quiet: true), timing.For("Europe/Berlin"));
        Assert.Equal(Release.Now, timing.For("America/Los_Angeles"));
    }

    [Fact]
    public void For_DeferralLongerThanTimeToLive_Skipped()
    {
        var timing = new SendTiming(Policy, new BatchSendOptions(), TimeSpan.FromHours(2), Utc(2026, 11, 30, 2, 0));

        // Five hours until 08:00 in Berlin: the message would be stale.
        Assert.True(timing.For("Europe/Berlin").Skipped);
        Assert.Equal(Utc(2026, 11, 30, 2, 30), timing.For("Asia/Kolkata").At);
    }

    [Fact]
    public void For_Transactional_PushedAtNightUnlessItAsksForQuietHours()
    {
        var night = Utc(2026, 11, 30, 2, 0);

        Assert.Equal(Release.Now, Timing(new BatchSendOptions { Transactional = true }, night).For("Europe/Berlin"));
        Assert.Equal(Utc(2026, 11, 30, 7, 0),
            Timing(new BatchSendOptions { Transactional = true, QuietHours = QuietHoursMode.Defer }, night).For("Europe/Berlin").At);
    }

    [Fact]
    public void For_QuietHoursOff_EveryonePushedWithTheSend()
    {
        var timing = new SendTiming(new QuietHoursOptions { Enabled = false }, new BatchSendOptions(), null, Utc(2026, 11, 30, 2, 0));

        Assert.True(timing.IsImmediate);
        Assert.Equal(Release.Now, timing.For("Europe/Berlin"));
    }

    [Fact]
    public void For_NoOrUnknownZone_UsesTheDefaultZone()
    {
        var options = new QuietHoursOptions { DefaultTimeZone = "Asia/Tokyo" };
        var timing = new SendTiming(options, new BatchSendOptions(), null, Utc(2026, 11, 30, 14, 0));

        // 23:00 in Tokyo: held until 08:00 there, 23:00 UTC.
        Assert.Equal(Utc(2026, 11, 30, 23, 0), timing.For(null).At);
        Assert.Equal(Utc(2026, 11, 30, 23, 0), timing.For("Mars/Olympus_Mons").At);
    }

    [Fact]
    public void For_DeliverAtLocalTime_EachZoneAtTenItsOwnTime()
    {
        var timing = Timing(new BatchSendOptions { DeliverAt = "10:00", LocalTime = true }, Utc(2026, 11, 30, 12, 0));

        // New York is at 07:00 (10:00 is later today), London at 12:00 and Tokyo at 21:00 (both tomorrow).
        Assert.Equal(new Release(Utc(2026, 11, 30, 15, 0), Skipped: false, Quiet: false), timing.For("America/New_York"));
        Assert.Equal(Utc(2026, 12, 1, 10, 0), timing.For("Europe/London").At);
        Assert.Equal(Utc(2026, 12, 1, 1, 0), timing.For("Asia/Tokyo").At);
    }

    [Fact]
    public void For_DeliverAtWithoutLocalTime_EveryoneAtTheDefaultZonesTime()
    {
        var timing = Timing(new BatchSendOptions { DeliverAt = "18:30" }, Utc(2026, 11, 30, 12, 0));

        // 18:30 UTC is 13:30 in New York and 18:30 in London; in Tokyo it is 03:30, so quiet hours hold it to 08:00 there.
        Assert.Equal(Utc(2026, 11, 30, 18, 30), timing.For("Europe/London").At);
        Assert.Equal(Utc(2026, 11, 30, 18, 30), timing.For("America/New_York").At);
        Assert.Equal(Utc(2026, 11, 30, 23, 0), timing.For("Asia/Tokyo").At);
    }

    [Fact]
    public void For_DeliverAtInsideQuietHours_HeldToTheirEnd()
    {
        var release = Timing(new BatchSendOptions { DeliverAt = "22:00", LocalTime = true }, Utc(2026, 11, 30, 12, 0)).For("Europe/London");

        Assert.Equal(new Release(Utc(2026, 12, 1, 8, 0), Skipped: false, Quiet: true), release);
    }

    [Fact]
    public void NextOccurrence_TimeInTheSkippedHour_HappensAsTheClocksJump()
    {
        var berlin = LocalTimes.Zone("Europe/Berlin")!;

        // 02:30 does not exist on 29 March 2026 in Berlin: the clocks jump from 02:00 CET (01:00 UTC) to 03:00 CEST.
        Assert.Equal(Utc(2026, 3, 29, 1, 0), LocalTimes.NextOccurrence(Utc(2026, 3, 28, 12, 0), berlin, new TimeOnly(2, 30)));
    }

    [Theory]
    [InlineData("23:00", true)]
    [InlineData("07:59", true)]
    [InlineData("08:00", false)]
    [InlineData("20:59", false)]
    [InlineData("21:00", true)]
    public void IsWithin_WindowAcrossMidnight_StartInEndOut(string time, bool within) =>
        Assert.Equal(within, LocalTimes.IsWithin(TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), new TimeOnly(21, 0), new TimeOnly(8, 0)));

    private static SendTiming Timing(BatchSendOptions send, DateTime plannedAt) => new(Policy, send, null, plannedAt);

    private static DateTime Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);
}
