using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.DependencyInjection;
using Notifications.Core.Delivery;
using Notifications.Core.Delivery.Apns;
using Notifications.Core.Delivery.Fcm;
using Notifications.Core.Diagnostics;
using Notifications.Gateways;
using Notifications.Gateways.Recording;
using Notifications.Local.Hosting;

namespace Notifications.Local.Benchmarks;

/// <summary>
/// <c>notify bench delivery</c>: N pushes, half FCM and half APNs, through the real clients, 500 to a chunk as the
/// batch send does, to loopback gateways in a child process it starts (or already running, <c>--gateways-config</c>;
/// or in this process, <c>--in-process-gateways</c>), so that the CPU and allocation figures are the sender's alone. Tokens are generated as chunks go, so memory does not grow with N.
/// </summary>
internal static class DeliveryBenchmark
{
    // Enough for connections, TLS, the OAuth token, and tiered JIT on both sides (a fresh gateway process runs its
    // first requests on unoptimised code, and on 2 shared cores that showed in the sender's figures too).
    private const int WarmUpChunks = 60;
    internal const int WarmUpPushes = WarmUpChunks * IPushSender.MaxChunkSize;

    public static async Task<int> RunAsync(DeliveryBenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        if (options.GatewaysConfig is not null && options.LatencyMs > 0)
        {
            await output.WriteLineAsync("--latency-ms applies to the gateways this run starts; start 'notify gateways --latency-ms' instead");
            return 2;
        }

        LoopbackGateways? gateways = null;
        GatewaysChild? child = null;
        var directory = Directory.CreateTempSubdirectory("notify-bench-");
        try
        {
            IReadOnlyDictionary<string, string?> endpoints;
            if (options.GatewaysConfig is { } file)
            {
                endpoints = await LocalServices.ReadEndpointsAsync(file, cancellationToken);
            }
            else if (options.GatewaysInProcess)
            {
                gateways = await LoopbackGateways.StartAsync(
                    new LoopbackGatewayOptions { Recording = RecordingMode.CountOnly, Latency = TimeSpan.FromMilliseconds(options.LatencyMs) }, cancellationToken);
                endpoints = gateways.WriteClientConfiguration(directory.FullName);
            }
            else
            {
                child = await GatewaysChild.StartAsync(directory.FullName, options.LatencyMs, cancellationToken);
                endpoints = child.Endpoints;
            }

            var configuration = new ConfigurationBuilder().AddInMemoryCollection(endpoints).AddEnvironmentVariables("NOTIFY_").Build();
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

            // Warm-up, kept out of the figures: devices -1 .. -WarmUpPushes (the baseline's are below those).
            await Parallel.ForEachAsync(
                Enumerable.Range(1, WarmUpChunks),
                new ParallelOptions { MaxDegreeOfParallelism = options.ParallelChunks, CancellationToken = cancellationToken },
                async (chunk, ct) => await SendChunkAsync(sender, message, -chunk, IPushSender.MaxChunkSize, ct));
            var healthy = true;
            if (options.Baseline)
            {
                using var baseline = await BaselineLoop.CreateAsync(
                    provider.GetRequiredService<IOptions<FcmOptions>>().Value, provider.GetRequiredService<IOptions<ApnsOptions>>().Value,
                    provider.GetRequiredService<IGoogleAccessTokenSource>(), provider.GetRequiredService<ApnsProviderToken>(), message, cancellationToken);
                await baseline.SendAsync(-2L * WarmUpPushes, WarmUpPushes, cancellationToken);
                var (baselineDelivered, baselineElapsed, baselineCost) = await MeasureAsync(() => baseline.SendAsync(0, options.Devices, cancellationToken));
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"baseline: devices={options.Devices} elapsed={baselineElapsed:F2} rate={options.Devices / baselineElapsed:F0}/s cpu_us_per_push={baselineCost.CpuMicrosecondsPer(options.Devices):F1} alloc_bytes_per_push={baselineCost.BytesPer(options.Devices):F0}"));
                healthy &= baselineDelivered == options.Devices;
            }

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

            var acceptedBefore = gateways?.Recorder.Accepted;
            var chunks = (options.Devices + IPushSender.MaxChunkSize - 1) / IPushSender.MaxChunkSize;
            var (delivered, elapsed, cost) = await MeasureAsync(async () =>
            {
                long sum = 0;
                await Parallel.ForEachAsync(
                    Enumerable.Range(0, chunks),
                    new ParallelOptions { MaxDegreeOfParallelism = options.ParallelChunks, CancellationToken = cancellationToken },
                    async (chunk, ct) =>
                    {
                        var size = Math.Min(IPushSender.MaxChunkSize, options.Devices - (chunk * IPushSender.MaxChunkSize));
                        Interlocked.Add(ref sum, await SendChunkAsync(sender, message, chunk, size, ct));
                    });
                return sum;
            });
            listener.Dispose();

            if (gateways is not null)
            {
                var accepted = gateways.Recorder.Accepted - acceptedBefore!.Value;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"gateways accepted {accepted} (fcm {gateways.Recorder.AcceptedFcm}, apns {gateways.Recorder.AcceptedApns}, warm-up included), client delivered {delivered}; CPU figures include the gateways (they ran in this process)"));
                healthy &= accepted == options.Devices;
            }

            if (child is not null)
            {
                // Everything the child accepted: the warm-ups, the baseline's pushes and the engine's.
                var expected = WarmUpPushes + options.Devices + (options.Baseline ? WarmUpPushes + options.Devices : 0);
                var accepted = await child.StopAsync();
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"gateways (child process) accepted {accepted?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} of {expected} pushes sent, warm-ups included; client delivered {delivered}"));
                healthy &= accepted == expected;
            }

            var fcm = provider.GetRequiredService<FcmClient>();
            var apns = provider.GetRequiredService<ApnsClient>();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"engine: fcm in_flight_limit={fcm.Concurrency.Limit} connections={fcm.ConnectionsOpened}; apns in_flight_limit={apns.Concurrency.Limit} connections={apns.ConnectionsOpened}"));
            using var self = Process.GetCurrentProcess();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"delivery: devices={options.Devices} elapsed={elapsed:F2} rate={options.Devices / elapsed:F0}/s p50={histogram.Quantile(0.50):F2}ms p99={histogram.Quantile(0.99):F2}ms cpu_us_per_push={cost.CpuMicrosecondsPer(options.Devices):F1} alloc_bytes_per_push={cost.BytesPer(options.Devices):F0} peak_rss_mb={self.PeakWorkingSet64 / (1024.0 * 1024.0):F0}"));
            return healthy && delivered == options.Devices ? 0 : 1;
        }
        finally
        {
            if (gateways is not null)
            {
                await gateways.DisposeAsync();
            }

            if (child is not null)
            {
                await child.DisposeAsync();
            }

            directory.Delete(recursive: true);
        }
    }

    private static async Task<(long Delivered, double Seconds, ProcessCost Cost)> MeasureAsync(Func<Task<long>> run)
    {
        var start = ProcessCost.Now();
        var stopwatch = Stopwatch.StartNew();
        var delivered = await run();
        stopwatch.Stop();
        return (delivered, stopwatch.Elapsed.TotalSeconds, ProcessCost.Now().Since(start));
    }

    private static async Task<long> SendChunkAsync(IPushSender sender, PreparedMessage message, int chunk, int size, CancellationToken cancellationToken)
    {
        var items = new PushItem[size];
        for (var i = 0; i < size; i++)
        {
            var n = ((long)chunk * IPushSender.MaxChunkSize) + i;
            items[i] = new PushItem(BenchTokens.Platform(n), BenchTokens.Token(n), message);
        }

        var outcomes = await sender.SendAsync(items, cancellationToken: cancellationToken);
        return outcomes.Count(o => o.Status == DeliveryStatus.Delivered);
    }
}
