using System.Diagnostics.Metrics;
using Notifications.Core.Delivery;
using Notifications.Core.Diagnostics;
using Notifications.Gateways;
using Notifications.Gateways.Recording;

namespace Notifications.Core.Tests.Delivery;

/// <summary>The in-flight bound and the connections follow the gateway: up under latency, down when it pushes back.</summary>
public sealed class GatewayConcurrencyTests
{
    [Fact]
    public async Task SendAsync_GatewayLatency_RaisesTheBoundAndOpensMoreConnectionsAsync()
    {
        await using var gateways = await LoopbackGateways.StartAsync(new LoopbackGatewayOptions { Latency = TimeSpan.FromMilliseconds(40), Recording = RecordingMode.CountOnly });
        await using var harness = DeliveryHarness.Create(gateways, new Dictionary<string, string?>
        {
            ["Fcm:InitialConcurrency"] = "8",
            ["Fcm:MaxConcurrency"] = "64",
            ["Fcm:StreamsPerConnection"] = "8",
            ["Fcm:MaxConnections"] = "4",
        });
        var message = TestMessages.Prepared();

        var chunks = Enumerable.Range(0, 3).Select(_ => harness.Sender.SendAsync(
            Enumerable.Range(0, 500).Select(_ => new PushItem(PushPlatform.Android, TestMessages.FcmToken(), message)).ToArray()));
        var outcomes = (await Task.WhenAll(chunks)).SelectMany(o => o).ToList();

        Assert.All(outcomes, o => Assert.Equal(DeliveryStatus.Delivered, o.Status));
        Assert.InRange(harness.Fcm.Concurrency.Limit, 9, 64);
        Assert.InRange(gateways.Recorder.MaxConcurrentRequests, 9, 64);
        Assert.InRange(gateways.Recorder.Connections, 2, 4);
        Assert.Equal(gateways.Recorder.Connections, harness.Fcm.ConnectionsOpened);
    }

    [Fact]
    public async Task SendAsync_GatewayAnswers429_FewerRequestsInFlightAfterwardsAsync()
    {
        await using var gateways = await LoopbackGateways.StartAsync(new LoopbackGatewayOptions { Latency = TimeSpan.FromMilliseconds(20), RetryAfterSeconds = 0 });
        await using var harness = DeliveryHarness.Create(gateways, new Dictionary<string, string?>
        {
            ["Fcm:InitialConcurrency"] = "64",
            ["Fcm:MaxConcurrency"] = "64",
        });
        var message = TestMessages.Prepared();

        // A quota overrun (429, QUOTA_EXCEEDED): each push ends transient, its quota backoff longer than one send may wait.
        var throttled = await harness.Sender.SendAsync(
            Enumerable.Range(0, 64).Select(_ => new PushItem(PushPlatform.Android, TestMessages.FcmToken("quota"), message)).ToArray());
        Assert.All(throttled, o => Assert.Equal(DeliveryStatus.Transient, o.Status));
        var limit = harness.Fcm.Concurrency.Limit;

        gateways.Recorder.Clear();
        var after = await harness.Sender.SendAsync(
            Enumerable.Range(0, 200).Select(_ => new PushItem(PushPlatform.Android, TestMessages.FcmToken(), message)).ToArray());

        Assert.All(after, o => Assert.Equal(DeliveryStatus.Delivered, o.Status));
        Assert.InRange(limit, 1, 32);
        Assert.InRange(gateways.Recorder.MaxConcurrentRequests, 1, 32);
    }

    [Fact]
    public async Task InFlightLimitGauge_ClientsAlive_ReportsEachBoundUntilDisposedAsync()
    {
        await using var gateways = await LoopbackGateways.StartAsync(new LoopbackGatewayOptions { Recording = RecordingMode.CountOnly });
        var harness = DeliveryHarness.Create(gateways, new Dictionary<string, string?> { ["Fcm:InitialConcurrency"] = "77", ["Apns:InitialConcurrency"] = "78" });
        _ = harness.Fcm;
        _ = harness.Apns;

        var alive = ReadGauge();
        await harness.DisposeAsync();
        var disposed = ReadGauge();

        Assert.Contains(("fcm", 77), alive);
        Assert.Contains(("apns", 78), alive);
        Assert.DoesNotContain(("fcm", 77), disposed);
        Assert.DoesNotContain(("apns", 78), disposed);
    }

    private static List<(string Provider, int Limit)> ReadGauge()
    {
        var seen = new List<(string, int)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == DeliveryMetrics.Name && instrument.Name == "notifications.gateway.in_flight_limit")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) => seen.Add(((string)tags[0].Value!, value)));
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }
}
