using Microsoft.Extensions.Time.Testing;
using Notifications.Core.Delivery;
using Notifications.Gateways;

namespace Notifications.Core.Tests.Delivery.Fcm;

public sealed class FcmClientTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private LoopbackGateways Gateways => fixture.Gateways;

    [Theory]
    [InlineData("unreg", DeliveryStatus.InvalidToken, "UNREGISTERED", 404)]
    [InlineData("invalid", DeliveryStatus.InvalidToken, "INVALID_ARGUMENT", 400)]
    [InlineData("badarg", DeliveryStatus.Rejected, "INVALID_ARGUMENT", 400)]
    [InlineData("mismatch", DeliveryStatus.Rejected, "SENDER_ID_MISMATCH", 403)]
    [InlineData("thirdparty", DeliveryStatus.Rejected, "THIRD_PARTY_AUTH_ERROR", 401)]
    [InlineData("unavailable", DeliveryStatus.Transient, "UNAVAILABLE", 503)]
    [InlineData("internal", DeliveryStatus.Transient, "INTERNAL", 500)]
    [InlineData("unspecified", DeliveryStatus.Transient, "INTERNAL", 500)]
    [InlineData("html", DeliveryStatus.Transient, "HTTP_502", 502)]
    public async Task SendAsync_GatewayErrorRow_MapsToOutcome(string fault, DeliveryStatus status, string reason, int httpStatus)
    {
        await using var harness = DeliveryHarness.Create(Gateways);

        var outcome = await harness.Fcm.SendAsync(TestMessages.FcmToken(fault), TestMessages.Prepared());

        Assert.Equal(status, outcome.Status);
        Assert.Equal(reason, outcome.Reason);
        Assert.Equal(httpStatus, outcome.HttpStatus);
        Assert.Equal(status == DeliveryStatus.Transient ? 4 : 1, outcome.Attempts);
    }

    [Fact]
    public async Task SendAsync_HealthyToken_DeliveredOnceOverHttp2WithCampaignCollapseKey()
    {
        await using var harness = DeliveryHarness.Create(Gateways);
        var token = TestMessages.FcmToken();
        var message = TestMessages.Prepared("brand-launch-7");

        var outcome = await harness.Fcm.SendAsync(token, message);

        Assert.Equal(PushOutcome.Delivered(1), outcome);
        var record = Assert.Single(Gateways.Recorder.Records, r => r.Token == token);
        Assert.Equal("fcm", record.Gateway);
        Assert.Equal("brand-launch-7", record.CollapseId);
        Assert.Equal(["HTTP/2"], Gateways.Recorder.Protocols.Keys);
    }

    [Theory]
    [InlineData("unavailable~2")]
    [InlineData("internal~1")]
    [InlineData("reset~2")]
    [InlineData("unspecified~1")]
    public async Task SendAsync_TransientThenHealthy_RetriesAndDeliversOnce(string fault)
    {
        await using var harness = DeliveryHarness.Create(Gateways);
        var token = TestMessages.FcmToken(fault);
        var times = int.Parse(fault[(fault.IndexOf('~') + 1)..]);

        var outcome = await harness.Fcm.SendAsync(token, TestMessages.Prepared());

        Assert.Equal(DeliveryStatus.Delivered, outcome.Status);
        Assert.Equal(times + 1, outcome.Attempts);
        Assert.Single(Gateways.Recorder.Records, r => r.Token == token);
    }

    [Fact]
    public async Task SendAsync_ConnectionResetEveryTime_TransientWithNetworkReason()
    {
        await using var harness = DeliveryHarness.Create(Gateways);

        var outcome = await harness.Fcm.SendAsync(TestMessages.FcmToken("reset"), TestMessages.Prepared());

        Assert.Equal(DeliveryStatus.Transient, outcome.Status);
        Assert.Equal(0, outcome.HttpStatus);
        Assert.Equal(4, outcome.Attempts);
    }

    [Fact]
    public async Task SendAsync_QuotaExceededWithoutRetryAfter_HandsBackAtLeastOneMinute()
    {
        // Firebase: after a project quota overrun wait at least a minute. That is longer than one send may block
        // (MaxRetryDelay 30 s), so the push comes back Transient carrying the wait, after a single request.
        await using var harness = DeliveryHarness.Create(Gateways);

        var outcome = await harness.Fcm.SendAsync(TestMessages.FcmToken("quota"), TestMessages.Prepared());

        Assert.Equal(DeliveryStatus.Transient, outcome.Status);
        Assert.Equal("QUOTA_EXCEEDED", outcome.Reason);
        Assert.Equal(1, outcome.Attempts);
        Assert.Equal(TimeSpan.FromMinutes(1), outcome.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_QuotaOnceWithShortBackoff_RetriesAndDelivers()
    {
        await using var harness = DeliveryHarness.Create(Gateways, new Dictionary<string, string?> { ["Fcm:QuotaBackoff"] = "00:00:00" });
        var token = TestMessages.FcmToken("ratelimit~1");

        var outcome = await harness.Fcm.SendAsync(token, TestMessages.Prepared());

        Assert.Equal(DeliveryStatus.Delivered, outcome.Status);
        Assert.Equal(2, outcome.Attempts);
    }

    [Fact]
    public async Task SendAsync_SlowerThanRequestTimeout_TransientNotHung()
    {
        await using var harness = DeliveryHarness.Create(Gateways, new Dictionary<string, string?>
        {
            ["Fcm:RequestTimeout"] = "00:00:01",
            ["Fcm:MaxAttempts"] = "1",
        });
        Gateways.Options.SlowResponse = TimeSpan.FromSeconds(3);
        try
        {
            var outcome = await harness.Fcm.SendAsync(TestMessages.FcmToken("slow"), TestMessages.Prepared());

            Assert.Equal(DeliveryStatus.Transient, outcome.Status);
            Assert.Equal(0, outcome.HttpStatus);
        }
        finally
        {
            Gateways.Options.SlowResponse = TimeSpan.FromMilliseconds(300);
        }
    }

    [Fact]
    public async Task SendAsync_SlowResponseWithinTimeout_Delivered()
    {
        await using var harness = DeliveryHarness.Create(Gateways);

        var outcome = await harness.Fcm.SendAsync(TestMessages.FcmToken("slow"), TestMessages.Prepared());

        Assert.Equal(DeliveryStatus.Delivered, outcome.Status);
    }

    [Fact]
    public async Task SendAsync_PermissionDenied_ThrowsFatalGatewayException()
    {
        await using var harness = DeliveryHarness.Create(Gateways);

        var ex = await Assert.ThrowsAsync<PushGatewayException>(() => harness.Fcm.SendAsync(TestMessages.FcmToken("forbidden"), TestMessages.Prepared()));

        Assert.Equal("fcm", ex.Provider);
        Assert.Equal(403, ex.StatusCode);
        Assert.Equal("PERMISSION_DENIED", ex.Reason);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task SendAsync_WrongProject_ThrowsFatalGatewayException()
    {
        await using var harness = DeliveryHarness.Create(Gateways, new Dictionary<string, string?> { ["Fcm:ProjectId"] = "someone-else" });

        var ex = await Assert.ThrowsAsync<PushGatewayException>(() => harness.Fcm.SendAsync(TestMessages.FcmToken(), TestMessages.Prepared()));

        Assert.Equal(403, ex.StatusCode);
    }

    [Fact]
    public async Task SendAsync_ValidateOnly_GatewayChecksButRecordsNothing()
    {
        await using var harness = DeliveryHarness.Create(Gateways, new Dictionary<string, string?> { ["Fcm:ValidateOnly"] = "true" });
        var token = TestMessages.FcmToken();

        var outcome = await harness.Fcm.SendAsync(token, TestMessages.Prepared());

        Assert.Equal(DeliveryStatus.Delivered, outcome.Status);
        Assert.DoesNotContain(Gateways.Recorder.Records, r => r.Token == token);
    }

    [Fact]
    public async Task SendAsync_Unauthenticated_RefreshesTokenOnceAndResends()
    {
        await using var harness = DeliveryHarness.Create(Gateways);
        await harness.Fcm.SendAsync(TestMessages.FcmToken(), TestMessages.Prepared());
        var issued = Gateways.OAuth.TokensIssued;

        var outcome = await harness.Fcm.SendAsync(TestMessages.FcmToken("unauth~1"), TestMessages.Prepared());

        Assert.Equal(DeliveryStatus.Delivered, outcome.Status);
        Assert.Equal(2, outcome.Attempts);
        Assert.Equal(issued + 1, Gateways.OAuth.TokensIssued);
    }

    [Fact]
    public async Task SendAsync_UnauthenticatedAfterRefresh_ThrowsInsteadOfLooping()
    {
        await using var harness = DeliveryHarness.Create(Gateways);
        var before = Gateways.Recorder.Requests;

        var ex = await Assert.ThrowsAsync<PushGatewayException>(() => harness.Fcm.SendAsync(TestMessages.FcmToken("unauth"), TestMessages.Prepared()));

        Assert.Equal(401, ex.StatusCode);
        Assert.Equal(2, Gateways.Recorder.Requests - before);
    }

    [Fact]
    public async Task SendAsync_ManyPushes_FetchesOneAccessTokenAndReusesIt()
    {
        await using var harness = DeliveryHarness.Create(Gateways);
        var before = Gateways.OAuth.TokensIssued;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => harness.Fcm.SendAsync(TestMessages.FcmToken(), TestMessages.Prepared())));

        Assert.All(outcomes, o => Assert.Equal(DeliveryStatus.Delivered, o.Status));
        Assert.Equal(before + 1, Gateways.OAuth.TokensIssued);
    }

    [Fact]
    public async Task SendAsync_MaxConcurrency_BoundsRequestsInFlight()
    {
        await using var gateways = await LoopbackGateways.StartAsync(new LoopbackGatewayOptions { Latency = TimeSpan.FromMilliseconds(30) });
        await using var harness = DeliveryHarness.Create(gateways, new Dictionary<string, string?> { ["Fcm:MaxConcurrency"] = "4" });

        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => harness.Fcm.SendAsync(TestMessages.FcmToken(), TestMessages.Prepared())));

        Assert.Equal(40, gateways.Recorder.Accepted);
        Assert.InRange(gateways.Recorder.MaxConcurrentRequests, 2, 4);
    }

    [Fact]
    public async Task SendAsync_RetryAfter_WaitsAtLeastThatLongOnTheInjectedClock()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var gateways = await LoopbackGateways.StartAsync(new LoopbackGatewayOptions { RetryAfterSeconds = 5, Time = time });
        await using var harness = DeliveryHarness.Create(gateways, time: time);
        var send = harness.Fcm.SendAsync(TestMessages.FcmToken("unavailable~1"), TestMessages.Prepared());

        // The gateway counts the request before the client has its answer: wait for the client's own retry wait.
        await WaitUntil(() => harness.RetriesScheduled == 1);
        await Task.Delay(100);
        time.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(300);
        Assert.Equal(1, gateways.Recorder.Requests);
        Assert.False(send.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(0.2));
        var outcome = await send.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(DeliveryStatus.Delivered, outcome.Status);
        Assert.Equal(2, outcome.Attempts);
    }

    [Fact]
    public async Task SendAsync_AccessTokenNearExpiry_RefreshedOnScheduleNotBefore()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var gateways = await LoopbackGateways.StartAsync(new LoopbackGatewayOptions { Time = time });
        await using var harness = DeliveryHarness.Create(gateways, time: time);
        await harness.Fcm.SendAsync(TestMessages.FcmToken(), TestMessages.Prepared());
        Assert.Equal(1, gateways.OAuth.TokensIssued);

        // The token lives 3599 s and is renewed in its last 6 minutes.
        time.Advance(TimeSpan.FromMinutes(50));
        await harness.Fcm.SendAsync(TestMessages.FcmToken(), TestMessages.Prepared());
        Assert.Equal(1, gateways.OAuth.TokensIssued);

        time.Advance(TimeSpan.FromMinutes(5));
        var outcome = await harness.Fcm.SendAsync(TestMessages.FcmToken(), TestMessages.Prepared());
        Assert.Equal(DeliveryStatus.Delivered, outcome.Status);
        Assert.Equal(2, gateways.OAuth.TokensIssued);

        // Past the first token's expiry, sends go on with the renewed one and no further fetch.
        time.Advance(TimeSpan.FromMinutes(10));
        outcome = await harness.Fcm.SendAsync(TestMessages.FcmToken(), TestMessages.Prepared());
        Assert.Equal(PushOutcome.Delivered(1), outcome);
        Assert.Equal(2, gateways.OAuth.TokensIssued);
    }

    [Fact]
    public async Task SendAsync_WithoutTrustedGatewayCertificate_RefusesTheConnection()
    {
        await using var harness = DeliveryHarness.Create(Gateways, new Dictionary<string, string?> { ["Fcm:TrustedCertificatePath"] = null });

        var ex = await Assert.ThrowsAsync<PushGatewayException>(() => harness.Fcm.SendAsync(TestMessages.FcmToken(), TestMessages.Prepared()));

        Assert.Equal("google-oauth", ex.Provider);
        Assert.True(ex.IsTransient);
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(condition(), "condition not reached");
    }
}
