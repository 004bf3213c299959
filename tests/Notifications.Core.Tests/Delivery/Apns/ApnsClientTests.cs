using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Notifications.Core.Delivery;
using Notifications.Core.Delivery.Apns;
using Notifications.Core.Tests.Delivery.Fcm;
using Notifications.Gateways;
using Notifications.Gateways.Security;

namespace Notifications.Core.Tests.Delivery.Apns;

public sealed class ApnsClientTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private LoopbackGateways Gateways => fixture.Gateways;

    [Theory]
    [InlineData("unreg", DeliveryStatus.InvalidToken, "Unregistered", 410)]
    [InlineData("expired", DeliveryStatus.InvalidToken, "ExpiredToken", 410)]
    [InlineData("baddevice", DeliveryStatus.InvalidToken, "BadDeviceToken", 400)]
    [InlineData("topic", DeliveryStatus.Rejected, "DeviceTokenNotForTopic", 400)]
    [InlineData("toomany", DeliveryStatus.Transient, "TooManyRequests", 429)]
    [InlineData("internal", DeliveryStatus.Transient, "InternalServerError", 500)]
    [InlineData("unavailable", DeliveryStatus.Transient, "ServiceUnavailable", 503)]
    [InlineData("shutdown", DeliveryStatus.Transient, "Shutdown", 503)]
    [InlineData("idle", DeliveryStatus.Transient, "IdleTimeout", 400)]
    public async Task SendAsync_GatewayErrorRow_MapsToOutcome(string fault, DeliveryStatus status, string reason, int httpStatus)
    {
        await using var harness = DeliveryHarness.Create(Gateways);

        var outcome = await harness.Apns.SendAsync(TestMessages.ApnsFaultToken(fault), TestMessages.Prepared());

        Assert.Equal(status, outcome.Status);
        Assert.Equal(reason, outcome.Reason);
        Assert.Equal(httpStatus, outcome.HttpStatus);
        Assert.Equal(status == DeliveryStatus.Transient ? 4 : 1, outcome.Attempts);
    }

    [Fact]
    public async Task SendAsync_HealthyToken_DeliveredOverHttp2WithCollapseIdAndStableApnsId()
    {
        await using var harness = DeliveryHarness.Create(Gateways);
        var token = TestMessages.ApnsToken();

        var outcome = await harness.Apns.SendAsync(token, TestMessages.Prepared("artist-joined"));

        Assert.Equal(PushOutcome.Delivered(1), outcome);
        var record = Assert.Single(Gateways.Recorder.Records, r => r.Token == token);
        Assert.Equal("apns", record.Gateway);
        Assert.Equal("artist-joined", record.CollapseId);
        Assert.Equal(ApnsClient.StableApnsId("artist-joined", token), ApnsClient.StableApnsId("artist-joined", token));
        Assert.NotEqual(ApnsClient.StableApnsId("artist-joined", token), ApnsClient.StableApnsId("other", token));
        Assert.True(Guid.TryParseExact(ApnsClient.StableApnsId("artist-joined", token), "D", out _));
    }

    [Theory]
    [InlineData("unavailable~2", 3)]
    [InlineData("shutdown~1", 2)]
    [InlineData("idle~1", 2)]
    [InlineData("reset~1", 2)]
    [InlineData("expiredjwt~1", 2)]
    public async Task SendAsync_RetryableThenHealthy_DeliveredOnce(string fault, int attempts)
    {
        await using var harness = DeliveryHarness.Create(Gateways);
        var token = TestMessages.ApnsFaultToken(fault);

        var outcome = await harness.Apns.SendAsync(token, TestMessages.Prepared());

        Assert.Equal(DeliveryStatus.Delivered, outcome.Status);
        Assert.Equal(attempts, outcome.Attempts);
        Assert.Single(Gateways.Recorder.Records, r => r.Token == token);
    }

    [Fact]
    public async Task SendAsync_ExpiredProviderTokenTwice_ResignsOnceThenThrows()
    {
        await using var harness = DeliveryHarness.Create(Gateways);
        var jwt = harness.Services.GetRequiredService<ApnsProviderToken>();
        var first = jwt.Current;

        var ex = await Assert.ThrowsAsync<PushGatewayException>(() => harness.Apns.SendAsync(TestMessages.ApnsFaultToken("expiredjwt"), TestMessages.Prepared()));

        Assert.Equal("apns", ex.Provider);
        Assert.Equal("ExpiredProviderToken", ex.Reason);
        Assert.NotEqual(first, jwt.Current);
    }

    [Fact]
    public async Task SendAsync_PayloadOver4096Bytes_RejectedWithoutARequest()
    {
        await using var harness = DeliveryHarness.Create(Gateways);
        var prepared = TestMessages.Prepared();
        var huge = new PreparedMessage(prepared.CampaignId, prepared.CollapseId, prepared.FcmMessageMembers,
            new byte[PayloadRenderer.MaxPayloadBytes + 1], null, PushPriority.High, "x");
        var before = Gateways.Recorder.Requests;

        var outcome = await harness.Apns.SendAsync(TestMessages.ApnsToken(), huge);

        Assert.Equal(DeliveryStatus.Rejected, outcome.Status);
        Assert.Equal("PayloadTooLarge", outcome.Reason);
        Assert.Equal(before, Gateways.Recorder.Requests);
    }

    [Fact]
    public async Task SendAsync_TopicNotServed_RejectedTopicDisallowed()
    {
        await using var harness = DeliveryHarness.Create(Gateways, new Dictionary<string, string?> { ["Apns:Topic"] = "com.other.app" });

        var outcome = await harness.Apns.SendAsync(TestMessages.ApnsToken(), TestMessages.Prepared());

        Assert.Equal(DeliveryStatus.Rejected, outcome.Status);
        Assert.Equal("TopicDisallowed", outcome.Reason);
    }

    [Fact]
    public async Task SendAsync_KeyUnknownToApple_ThrowsInvalidProviderToken()
    {
        using var otherKey = TestApnsKey.Create();
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, otherKey.PrivateKeyPem);
        try
        {
            await using var harness = DeliveryHarness.Create(Gateways, new Dictionary<string, string?> { ["Apns:PrivateKeyPath"] = path });

            var ex = await Assert.ThrowsAsync<PushGatewayException>(() => harness.Apns.SendAsync(TestMessages.ApnsToken(), TestMessages.Prepared()));

            Assert.Equal(403, ex.StatusCode);
            Assert.Equal("InvalidProviderToken", ex.Reason);
            Assert.False(ex.IsTransient);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task SendAsync_ManyPushes_ShareOneProviderToken()
    {
        await using var gateways = await LoopbackGateways.StartAsync();
        await using var harness = DeliveryHarness.Create(gateways);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => harness.Apns.SendAsync(TestMessages.ApnsToken(), TestMessages.Prepared())));

        Assert.All(outcomes, o => Assert.Equal(DeliveryStatus.Delivered, o.Status));
        Assert.Equal(1, gateways.Apns.ProviderTokensSeen);
    }

    [Fact]
    public async Task SendAsync_ProviderTokenAge_ResignedAfterRefreshIntervalNeverBefore()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var gateways = await LoopbackGateways.StartAsync(new LoopbackGatewayOptions { Time = time });
        await using var harness = DeliveryHarness.Create(gateways, time: time);

        await harness.Apns.SendAsync(TestMessages.ApnsToken(), TestMessages.Prepared());
        time.Advance(TimeSpan.FromMinutes(39));
        await harness.Apns.SendAsync(TestMessages.ApnsToken(), TestMessages.Prepared());
        Assert.Equal(1, gateways.Apns.ProviderTokensSeen);

        time.Advance(TimeSpan.FromMinutes(2));
        var outcome = await harness.Apns.SendAsync(TestMessages.ApnsToken(), TestMessages.Prepared());

        // A second token, accepted on the same connection without TooManyProviderTokenUpdates.
        Assert.Equal(DeliveryStatus.Delivered, outcome.Status);
        Assert.Equal(2, gateways.Apns.ProviderTokensSeen);
    }

    [Fact]
    public async Task SendAsync_AfterAnHourIdle_ResignsBeforeSending()
    {
        // The gateway enforces Apple's one-hour rule; the client never lets it get there (interval <= 59 min).
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var gateways = await LoopbackGateways.StartAsync(new LoopbackGatewayOptions { Time = time });
        await using var harness = DeliveryHarness.Create(gateways, new Dictionary<string, string?> { ["Apns:TokenRefreshInterval"] = "00:59:00" }, time);
        var jwt = harness.Services.GetRequiredService<ApnsProviderToken>();
        var stale = jwt.Current;
        time.Advance(TimeSpan.FromMinutes(61));

        // The client re-signs on its own before the hour; a stale token would have been refused.
        var outcome = await harness.Apns.SendAsync(TestMessages.ApnsToken(), TestMessages.Prepared());

        Assert.Equal(DeliveryStatus.Delivered, outcome.Status);
        Assert.NotEqual(stale, jwt.Current);
    }

    [Fact]
    public async Task SendAsync_NonHexToken_InvalidToken()
    {
        await using var harness = DeliveryHarness.Create(Gateways);

        var outcome = await harness.Apns.SendAsync("not-a-device-token", TestMessages.Prepared());

        Assert.Equal(DeliveryStatus.InvalidToken, outcome.Status);
        Assert.Equal("BadDeviceToken", outcome.Reason);
    }

    [Fact]
    public async Task SendAsync_RetryAfterOnTooManyRequests_WaitsOnInjectedClock()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var gateways = await LoopbackGateways.StartAsync(new LoopbackGatewayOptions { RetryAfterSeconds = 3, Time = time });
        await using var harness = DeliveryHarness.Create(gateways, time: time);
        var send = harness.Apns.SendAsync(TestMessages.ApnsFaultToken("toomany~1"), TestMessages.Prepared());

        // The gateway counts the request before the client has its answer: wait for the client's own retry wait.
        await FcmClientTests.WaitUntil(() => harness.RetriesScheduled == 1);
        await Task.Delay(100);
        time.Advance(TimeSpan.FromSeconds(2.9));
        await Task.Delay(300);
        Assert.False(send.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(0.2));
        var outcome = await send.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(DeliveryStatus.Delivered, outcome.Status);
        Assert.Equal(2, gateways.Recorder.Requests);
    }
}
