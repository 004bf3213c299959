using Notifications.Core.Batches.Files;
using Notifications.Core.Delivery;
using Notifications.Core.Timing;

namespace Notifications.Core.Tests.Batches.Files;

/// <summary>The timing options of a batch file: each bad one is a problem naming its field, without echoing its value.</summary>
public sealed class BatchHeaderValidatorTests
{
    [Theory]
    [InlineData("25:00", false, null, "options.deliverAt: must be a time of day as HH:mm")]
    [InlineData("10am", false, null, "options.deliverAt: must be a time of day as HH:mm")]
    [InlineData(null, true, null, "options.localTime: needs options.deliverAt")]
    [InlineData(null, false, 59, "options.maxPerMinute: must be from 60 to 600,000")]
    [InlineData(null, false, 600_001, "options.maxPerMinute: must be from 60 to 600,000")]
    public void Validate_BadTimingOption_ProblemNamesTheField(string? deliverAt, bool localTime, int? maxPerMinute, string expected)
    {
        var problems = BatchHeaderValidator.Validate(Header(new BatchSendOptions { DeliverAt = deliverAt, LocalTime = localTime, MaxPerMinute = maxPerMinute })).ToList();

        Assert.StartsWith(expected, Assert.Single(problems), StringComparison.Ordinal);
        Assert.DoesNotContain(problems, p => deliverAt is not null && p.Contains(deliverAt, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UnknownQuietHoursMode_Problem()
    {
        var problems = BatchHeaderValidator.Validate(Header(new BatchSendOptions { QuietHours = (QuietHoursMode)7 }));

        Assert.Equal("options.quietHours: must be defer, skip or ignore", Assert.Single(problems));
    }

    [Fact]
    public void Validate_GoodTimingOptions_NoProblem()
    {
        var options = new BatchSendOptions { DeliverAt = "10:00", LocalTime = true, MaxPerMinute = 6000, QuietHours = QuietHoursMode.Skip };

        Assert.Empty(BatchHeaderValidator.Validate(Header(options)));
    }

    private static BatchHeader Header(BatchSendOptions options) =>
        new() { CampaignId = "campaign-timing", Message = new PushMessage { Title = "Hi", Body = "News." }, Options = options };
}
