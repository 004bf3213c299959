using Notifications.Core.Delivery;

namespace Notifications.Core.Tests.Delivery;

public sealed class RetryBackoffTests
{
    [Theory]
    [InlineData(1, 0.0, 500)]
    [InlineData(1, 0.998, 999)]
    [InlineData(3, 0.0, 2000)]
    [InlineData(3, 0.5, 3000)]
    public void Delay_NoRetryAfter_ExponentialWithEqualJitter(int attempt, double jitter, int expectedMs)
    {
        var delay = RetryBackoff.Delay(attempt, TimeSpan.FromSeconds(1), null, jitter);

        Assert.Equal(expectedMs, delay.TotalMilliseconds, 0);
    }

    [Fact]
    public void Delay_RetryAfterLongerThanBackoff_RetryAfterWins() =>
        Assert.Equal(TimeSpan.FromSeconds(7), RetryBackoff.Delay(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(7), 0.9));

    [Fact]
    public void Delay_RetryAfterShorterThanBackoff_BackoffWins() =>
        Assert.Equal(TimeSpan.FromSeconds(4), RetryBackoff.Delay(4, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 0));

    [Fact]
    public void ReadRetryAfter_HttpDate_RelativeToNow()
    {
        using var response = new HttpResponseMessage();
        var now = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        response.Headers.TryAddWithoutValidation("Retry-After", now.AddSeconds(90).ToString("r"));

        Assert.Equal(TimeSpan.FromSeconds(90), RetryBackoff.ReadRetryAfter(response.Headers, now));
    }

    [Fact]
    public void ReadRetryAfter_Seconds_Parsed()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Retry-After", "12");

        Assert.Equal(TimeSpan.FromSeconds(12), RetryBackoff.ReadRetryAfter(response.Headers, DateTimeOffset.UnixEpoch));
    }
}
