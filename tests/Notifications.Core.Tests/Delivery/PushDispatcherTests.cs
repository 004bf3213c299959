using System.Collections.Concurrent;
using Notifications.Core.Delivery;
using Notifications.Gateways;

namespace Notifications.Core.Tests.Delivery;

public sealed class PushDispatcherTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private LoopbackGateways Gateways => fixture.Gateways;

    [Fact]
    public async Task SendAsync_MixedChunkOf500_OneOutcomePerItemInOrder()
    {
        await using var harness = DeliveryHarness.Create(Gateways);
        var message = TestMessages.Prepared("mixed-chunk");
        var items = Enumerable.Range(0, 500).Select(i => (i % 50) switch
        {
            0 => new PushItem(PushPlatform.Android, TestMessages.FcmToken("unreg"), message),
            1 => new PushItem(PushPlatform.Ios, TestMessages.ApnsFaultToken("unreg"), message),
            _ when i % 2 == 0 => new PushItem(PushPlatform.Android, TestMessages.FcmToken(), message),
            _ => new PushItem(PushPlatform.Ios, TestMessages.ApnsToken(), message),
        }).ToList();
        var reported = new ConcurrentBag<int>();

        var outcomes = await harness.Sender.SendAsync(items, (i, _) => reported.Add(i));

        Assert.Equal(500, outcomes.Length);
        for (var i = 0; i < 500; i++)
        {
            var expected = i % 50 is 0 or 1 ? DeliveryStatus.InvalidToken : DeliveryStatus.Delivered;
            Assert.Equal(expected, outcomes[i].Status);
        }

        Assert.Equal(Enumerable.Range(0, 500), reported.Order());
        Assert.Equal(480, Gateways.Recorder.Records.Count(r => r.CollapseId == "mixed-chunk"));
    }

    [Fact]
    public async Task SendAsync_MoreThan500_Refused()
    {
        await using var harness = DeliveryHarness.Create(Gateways);
        var items = Enumerable.Range(0, 501).Select(_ => new PushItem(PushPlatform.Android, TestMessages.FcmToken(), TestMessages.Prepared())).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Sender.SendAsync(items));
    }

    [Fact]
    public async Task SendAsync_GatewayWideFailure_ThrowsAndStopsTheChunk()
    {
        await using var gateways = await LoopbackGateways.StartAsync(new LoopbackGatewayOptions { Latency = TimeSpan.FromMilliseconds(20) });
        await using var harness = DeliveryHarness.Create(gateways, new Dictionary<string, string?> { ["Fcm:MaxConcurrency"] = "2" });
        var message = TestMessages.Prepared();
        var items = new List<PushItem> { new(PushPlatform.Android, TestMessages.FcmToken("forbidden"), message) };
        items.AddRange(Enumerable.Range(0, 200).Select(_ => new PushItem(PushPlatform.Android, TestMessages.FcmToken(), message)));

        var ex = await Assert.ThrowsAsync<PushGatewayException>(() => harness.Sender.SendAsync(items));

        Assert.Equal(403, ex.StatusCode);
        Assert.True(gateways.Recorder.Accepted < 200, $"accepted {gateways.Recorder.Accepted} of 200 after a fatal error");
    }

    [Fact]
    public async Task SendAsync_Cancelled_ThrowsAndStopsSending()
    {
        await using var gateways = await LoopbackGateways.StartAsync(new LoopbackGatewayOptions { Latency = TimeSpan.FromMilliseconds(50) });
        await using var harness = DeliveryHarness.Create(gateways, new Dictionary<string, string?> { ["Apns:MaxConcurrency"] = "2" });
        var items = Enumerable.Range(0, 300).Select(_ => new PushItem(PushPlatform.Ios, TestMessages.ApnsToken(), TestMessages.Prepared())).ToList();
        using var cancel = new CancellationTokenSource();

        var send = harness.Sender.SendAsync(items, cancellationToken: cancel.Token);
        await Fcm.FcmClientTests.WaitUntil(() => gateways.Recorder.Accepted >= 4);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        Assert.True(gateways.Recorder.Accepted < 300);
    }
}
