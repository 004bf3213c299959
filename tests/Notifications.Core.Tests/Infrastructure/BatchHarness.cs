using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifications.Adapters.Local.DependencyInjection;
using Notifications.Core.Batches;
using Notifications.Core.Batches.Planning;
using Notifications.Core.Batches.Sending;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.DependencyInjection;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Gateways;

namespace Notifications.Core.Tests.Infrastructure;

/// <summary>
/// The batch send wired for real: the durable engine in process (DurableTaskTestHost), storage on Azurite, pushes
/// over HTTP/2 to the loopback gateways.
/// </summary>
internal sealed class BatchHarness : IAsyncDisposable
{
    private readonly DurableTaskTestHost _host;
    private readonly DirectoryInfo _directory;

    private BatchHarness(DurableTaskTestHost host, LoopbackGateways gateways, DirectoryInfo directory)
    {
        _host = host;
        Gateways = gateways;
        _directory = directory;
    }

    public LoopbackGateways Gateways { get; }

    public DurableTaskClient Client => _host.Client;

    public IServiceProvider Services => _host.Services;

    public BatchService Batches => Services.GetRequiredService<BatchService>();

    public IDeviceRegistry Registry => Services.GetRequiredService<IDeviceRegistry>();

    public static async Task<BatchHarness> StartAsync(
        AzuriteFixture azurite, LoopbackGatewayOptions? gatewayOptions = null, IDictionary<string, string?>? overrides = null,
        Action<IServiceCollection>? services = null)
    {
        var gateways = await LoopbackGateways.StartAsync(gatewayOptions ?? new LoopbackGatewayOptions { RetryAfterSeconds = 0 });
        var directory = Directory.CreateTempSubdirectory("notify-batch-tests-");
        var settings = new Dictionary<string, string?>(gateways.WriteClientConfiguration(directory.FullName))
        {
            ["Fcm:BaseRetryDelay"] = "00:00:00.010",
            ["Apns:BaseRetryDelay"] = "00:00:00.010",
            ["Batches:ChunkRetryDelay"] = "00:00:00.100",
        };
        foreach (var (key, value) in TestSettings.HostDefaults().Concat(TestSettings.Storage(azurite)).Concat(overrides ?? new Dictionary<string, string?>()))
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddNotificationsTasks(),
            new DurableTaskTestHostOptions
            {
                Port = FreePorts.Next(),
                ConfigureServices = collection =>
                {
                    collection.AddSingleton<IConfiguration>(configuration);
                    // NOTIFY_TEST_LOG=Debug (or any level) prints the host's logs when a test needs diagnosing.
                    collection.AddLogging(l =>
                    {
                        var level = Environment.GetEnvironmentVariable("NOTIFY_TEST_LOG");
                        l.SetMinimumLevel(Enum.TryParse<LogLevel>(level, out var parsed) ? parsed : LogLevel.Warning);
                        if (level is not null)
                        {
                            l.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ");
                        }
                    });
                    collection.AddNotificationsCore().AddLocalAdapters();
                    services?.Invoke(collection);
                },
            });
        return new BatchHarness(host, gateways, directory);
    }

    /// <summary>Registers users u0..u(n-1), each with an Android and (every other user) an iOS device.</summary>
    public async Task<IReadOnlyList<DeviceRegistration>> SeedAsync(int users, Func<int, PushPlatform, string>? token = null)
    {
        var now = TimeProvider.System.GetUtcNow();
        var devices = new List<DeviceRegistration>();
        for (var i = 0; i < users; i++)
        {
            devices.Add(new DeviceRegistration($"u{i}", PushPlatform.Android, token?.Invoke(i, PushPlatform.Android) ?? $"fcm-u{i}:APA91b", "com.example.social", now, now));
            if (i % 2 == 0)
            {
                devices.Add(new DeviceRegistration($"u{i}", PushPlatform.Ios, token?.Invoke(i, PushPlatform.Ios) ?? ApnsToken(i), "com.example.social", now, now));
            }
        }

        await Registry.ImportAsync(devices);
        return devices;
    }

    public static string ApnsToken(int i) => i.ToString("x8", System.Globalization.CultureInfo.InvariantCulture).PadLeft(64, 'a');

    /// <summary>A batch file for users u0..u(n-1).</summary>
    public static string BatchJson(int users, string campaign = "campaign-test", string extra = "")
    {
        var ids = string.Join(",", Enumerable.Range(0, users).Select(i => $"\"u{i}\""));
        return "{\"campaignId\":\"" + campaign + "\"," +
               "\"message\":{\"title\":\"Hello\",\"body\":\"A famous artist just joined.\",\"deepLink\":\"https://social.example/a/1\"}," + extra +
               "\"audience\":{\"users\":[" + ids + "]}}";
    }

    /// <summary>Uploads and starts a batch file; returns its id.</summary>
    public async Task<string> StartAsync(string blobName, string json)
    {
        await Batches.UploadAsync(blobName, Encoding.UTF8.GetBytes(json));
        var started = await Batches.StartAsync(Client, blobName);
        return started!.BatchId;
    }

    /// <summary>Uploads, starts and waits for a batch file; returns the summary.</summary>
    public async Task<BatchSummary> SendAsync(string blobName, string json)
    {
        var batchId = await StartAsync(blobName, json);
        return await WaitAsync(batchId);
    }

    public async Task<BatchSummary> WaitAsync(string batchId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var done = await Client.WaitForInstanceCompletionAsync(batchId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return done.ReadOutputAs<BatchSummary>()!;
    }

    /// <summary>Every device a send planned, read back from its shards' chunk blobs, in chunk order.</summary>
    public async Task<List<ChunkEntry>> PlannedDevicesAsync(BatchSummary summary)
    {
        var shards = Services.GetRequiredService<ShardStore>();
        var chunks = Services.GetRequiredService<ChunkStore>();
        var devices = new List<ChunkEntry>();
        for (var s = 0; s < summary.Shards; s++)
        {
            var plan = await shards.GetPlanAsync(summary.BatchId, summary.PlanId, s, default);
            for (var c = 0; c < plan!.Chunks; c++)
            {
                devices.AddRange(await chunks.ReadAsync(summary.BatchId, summary.PlanId, plan.ChunkSet, c, default));
            }
        }

        return devices;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await Gateways.DisposeAsync();
        _directory.Delete(recursive: true);
    }

}
