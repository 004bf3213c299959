using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifications.Core.DependencyInjection;
using Notifications.Core.Delivery;
using Notifications.Core.Diagnostics;
using Notifications.Gateways;
using Notifications.Gateways.Recording;

namespace Notifications.Local.Benchmarks;

/// <summary>
/// <c>notify bench delivery</c>: N pushes, half FCM and half APNs, through the real clients to the loopback gateways
/// in this process, 500 to a chunk as the batch send does. Tokens are generated as chunks go, so memory does not
/// grow with N.
/// </summary>
internal static class DeliveryBenchmark
{
    private const string FcmTokenTail = ":APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx2kV6fN0ad1nkKm0pTrlxbGzjHHSpyJPcZ4PnR9l2hs6OKHB7eChHpV2DL7nfyoCxWv2MgNyXhPQGm4H7";

    public static async Task<int> RunAsync(int devices, int parallelChunks, TextWriter output, CancellationToken cancellationToken)
    {
        await using var gateways = await LoopbackGateways.StartAsync(new LoopbackGatewayOptions { Recording = RecordingMode.CountOnly }, cancellationToken);
        var directory = Directory.CreateTempSubdirectory("notify-bench-");
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(gateways.WriteClientConfiguration(directory.FullName)).Build();
            var services = new ServiceCollection()
                .AddSingleton<IConfiguration>(configuration)
                .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
                .AddPushDelivery();
            await using var provider = services.BuildServiceProvider();
            var sender = provider.GetRequiredService<IPushSender>();
            var message = PayloadRenderer.Render("bench-delivery", new PushMessage
            {
                Title = "A famous artist just joined",
                Body = "Follow them to hear their new single first.",
                DeepLink = "https://social.example/artists/42",
                Data = new Dictionary<string, string> { ["artist"] = "42" },
                TimeToLive = TimeSpan.FromHours(6),
            });

            // Warm-up: connections, TLS, OAuth token and JIT, kept out of the figures.
            await SendChunkAsync(sender, message, -1, 500, cancellationToken);

            var histogram = new LatencyHistogram();
            using var listener = new MeterListener();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == DeliveryMetrics.Name && instrument.Name == "notifications.gateway.latency")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<double>((_, value, _, _) => histogram.Record(value));
            listener.Start();

            var acceptedBefore = gateways.Recorder.Accepted;
            long delivered = 0;
            var chunks = (devices + IPushSender.MaxChunkSize - 1) / IPushSender.MaxChunkSize;
            var stopwatch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(
                Enumerable.Range(0, chunks),
                new ParallelOptions { MaxDegreeOfParallelism = parallelChunks, CancellationToken = cancellationToken },
                async (chunk, ct) =>
                {
                    var size = Math.Min(IPushSender.MaxChunkSize, devices - (chunk * IPushSender.MaxChunkSize));
                    Interlocked.Add(ref delivered, await SendChunkAsync(sender, message, chunk, size, ct));
                });
            stopwatch.Stop();
            listener.Dispose();

            var accepted = gateways.Recorder.Accepted - acceptedBefore;
            var elapsed = stopwatch.Elapsed.TotalSeconds;
            var peakRss = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"gateways accepted {accepted} (fcm {gateways.Recorder.AcceptedFcm}, apns {gateways.Recorder.AcceptedApns}, warm-up included), client delivered {delivered}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"delivery: devices={devices} elapsed={elapsed:F2} rate={devices / elapsed:F0}/s p50={histogram.Quantile(0.50):F2}ms p99={histogram.Quantile(0.99):F2}ms peak_rss_mb={peakRss:F0}"));
            return delivered == devices && accepted == devices ? 0 : 1;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<long> SendChunkAsync(IPushSender sender, PreparedMessage message, int chunk, int size, CancellationToken cancellationToken)
    {
        var items = new PushItem[size];
        for (var i = 0; i < size; i++)
        {
            var n = ((long)chunk * IPushSender.MaxChunkSize) + i;
            items[i] = n % 2 == 0
                ? new PushItem(PushPlatform.Android, string.Create(CultureInfo.InvariantCulture, $"b{n:D10}{FcmTokenTail}"), message)
                : new PushItem(PushPlatform.Ios, ApnsToken(n), message);
        }

        var outcomes = await sender.SendAsync(items, cancellationToken: cancellationToken);
        return outcomes.Count(o => o.Status == DeliveryStatus.Delivered);
    }

    private static string ApnsToken(long n)
    {
        // 64 hex digits, as real device tokens are; unique per n (negative n is the warm-up chunk).
        var hex = ((ulong)n).ToString("x16", CultureInfo.InvariantCulture);
        return string.Concat(hex, hex, hex, hex);
    }
}
