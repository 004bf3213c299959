using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Delivery;
using Notifications.Core.Delivery.Fcm;
using Notifications.Core.Diagnostics;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Diagnostics;

/// <summary>
/// What an operator sees of a send, captured from a real one (test host, Azurite, gateways with faults): the spans,
/// the metrics and every log line at every level. They must answer the operator's questions and never carry a
/// device token or a credential.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class TelemetryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Send_WithFaults_SpansMetricsAndLogsTellTheStoryWithoutTokensOrSecrets()
    {
        var spans = new ConcurrentBag<Activity>();
        var measurements = new ConcurrentBag<(string Instrument, long Value, KeyValuePair<string, object?>[] Tags)>();
        var capture = new CapturingLoggerProvider();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DeliveryMetrics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(activities);
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == DeliveryMetrics.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Add((instrument.Name, value, tags.ToArray())));
        meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Add((instrument.Name, (long)value, tags.ToArray())));
        meters.Start();

        await using var harness = await BatchHarness.StartAsync(azurite, services: s =>
        {
            // A provider-specific rule, so the host's own level settings do not hide anything from this test.
            s.AddLogging(l => l.AddProvider(capture).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace));

            // A 429 waits out the quota window; a short one keeps the retry inside the attempt.
            s.PostConfigure<FcmOptions>(o => o.QuotaBackoff = TimeSpan.FromMilliseconds(20));
        });

        // Dead tokens, a 503 then success, a 429 then success, on both platforms.
        var devices = await harness.SeedAsync(30, (i, platform) => (i % 10, platform) switch
        {
            (0, PushPlatform.Android) => $"unreg-fcm-u{i}:APA91bSecretish{i:D4}",
            (1, PushPlatform.Android) => $"unavailable~1-fcm-u{i}:APA91bSecretish{i:D4}",
            (2, PushPlatform.Android) => $"ratelimit~1-fcm-u{i}:APA91bSecretish{i:D4}",
            (4, PushPlatform.Ios) => $"toomany~1-{i:D4}" + new string('e', 40),
            (6, PushPlatform.Ios) => $"unreg-{i:D4}" + new string('f', 40),
            (_, PushPlatform.Android) => $"fcm-u{i}:APA91bSecretish{i:D4}",
            _ => BatchHarness.ApnsToken(i),
        });
        var summary = await harness.SendAsync("telemetry.json", BatchHarness.BatchJson(30, "telemetry-campaign"));

        // The story: a chunk span with its gateway calls under it.
        // The listener is process-wide and other test classes send in parallel: keep this send's traces.
        var chunks = spans.Where(s => s.OperationName == "notifications.chunk" && (string?)s.GetTagItem("notifications.campaign") == "telemetry-campaign").ToList();
        var traces = chunks.Select(c => c.TraceId).ToHashSet();
        var calls = spans.Where(s => s.OperationName is "fcm send" or "apns send" && traces.Contains(s.TraceId)).ToList();
        Assert.Equal(BatchOutcome.Completed, summary.Outcome);
        Assert.NotEmpty(chunks);
        Assert.All(calls, call => Assert.Contains(chunks, chunk => chunk.SpanId == call.ParentSpanId));
        Assert.Contains(calls, c => c.Status == ActivityStatusCode.Error && (string?)c.GetTagItem("notifications.reason") == "UNREGISTERED");

        // Every call that did not deliver has its span (15 faulty first attempts); delivered ones only a few per chunk.
        Assert.True(calls.Count(c => c.Status == ActivityStatusCode.Error) >= 15);
        Assert.All(chunks, chunk => Assert.InRange(
            calls.Count(c => c.ParentSpanId == chunk.SpanId && c.Status != ActivityStatusCode.Error), 1, SpanBudget.SuccessesPerChunk));
        Assert.Equal("telemetry-campaign", chunks[0].GetTagItem("notifications.campaign"));

        // The numbers: per campaign and platform, retries and 429s by provider, latency, progress.
        long Sum(string name, Func<KeyValuePair<string, object?>[], bool>? where = null) =>
            measurements.Where(m => m.Instrument == name && (where?.Invoke(m.Tags) ?? true)).Sum(m => m.Value);
        bool Tag(KeyValuePair<string, object?>[] tags, string key, string value) => tags.Any(t => t.Key == key && Equals(t.Value?.ToString(), value));
        Assert.Equal(summary.Counts.Sent, Sum("notifications.campaign.pushes", t => Tag(t, "campaign", "telemetry-campaign") && Tag(t, "status", "Delivered")));
        Assert.Equal(summary.Counts.Invalid, Sum("notifications.campaign.pushes", t => Tag(t, "status", "InvalidToken")));
        Assert.True(Sum("notifications.campaign.pushes", t => Tag(t, "platform", "ios")) > 0);
        Assert.Equal(summary.Devices, Sum("notifications.batch.devices", t => Tag(t, "campaign", "telemetry-campaign")));
        Assert.True(Sum("notifications.throttled", t => Tag(t, "provider", "fcm")) >= 3);
        Assert.True(Sum("notifications.throttled", t => Tag(t, "provider", "apns")) >= 3);
        Assert.True(Sum("notifications.retries") >= 9);
        Assert.True(measurements.Count(m => m.Instrument == "notifications.gateway.latency") >= devices.Count);

        // Never a token, never a credential: in span names and tags, metric tags, or any log line.
        var telemetry = spans.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(s.DisplayName).Append(s.StatusDescription ?? ""))
            .Concat(measurements.SelectMany(m => m.Tags.Select(t => $"{t.Key}={t.Value}")))
            .Concat(capture.Lines)
            .ToList();
        var logs = capture.Lines.ToList();
        Assert.NotEmpty(logs);
        Assert.Contains(logs, l => l.Contains("unreg-", StringComparison.Ordinal));
        foreach (var device in devices)
        {
            Assert.DoesNotContain(telemetry, line => line.Contains(device.Token, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(telemetry, line => line.Contains("eyJ", StringComparison.Ordinal) || line.Contains("Bearer ", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(telemetry, line => line.Contains("PRIVATE KEY", StringComparison.Ordinal));

        // Redaction keeps a token's first characters only: the part after them never shows, not even in part.
        Assert.DoesNotContain(telemetry, line => line.Contains("Secretish", StringComparison.Ordinal));
    }
}
