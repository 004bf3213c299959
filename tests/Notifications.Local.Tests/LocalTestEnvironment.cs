using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.DependencyInjection;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;
using Notifications.Gateways;
using Notifications.Gateways.Emulators;
using Notifications.Gateways.Recording;
using Notifications.Local.Hosting;

namespace Notifications.Local.Tests;

/// <summary>A real Azurite and loopback gateways in this process, for tests that run <c>notify</c> against them.</summary>
public sealed class LocalTestEnvironment : IAsyncLifetime
{
    public AzuriteProcess Azurite { get; private set; } = null!;

    public LoopbackGateways Gateways { get; private set; } = null!;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("notify-local-tests-").FullName;

    /// <summary>The file <c>notify --gateways-config</c> reads.</summary>
    public string GatewayConfigFile => Path.Combine(Directory, "client-config.json");

    public async Task InitializeAsync()
    {
        // Hosts in this process read NOTIFY_ variables: quiet hours read the wall clock, so they are off here.
        Environment.SetEnvironmentVariable(QuietHoursSwitch, "false");
        Azurite = await AzuriteProcess.StartAsync();
        Gateways = await LoopbackGateways.StartAsync(new LoopbackGatewayOptions { Recording = RecordingMode.Full, RetryAfterSeconds = 0 });
        var config = Gateways.WriteClientConfiguration(Directory);
        await File.WriteAllTextAsync(GatewayConfigFile, JsonSerializer.Serialize(config));
    }

    public async Task DisposeAsync()
    {
        await Gateways.DisposeAsync();
        await Azurite.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>The variable that turns quiet hours on or off in a local host.</summary>
    internal const string QuietHoursSwitch = "NOTIFY_QuietHours__Enabled";

    /// <summary>A local host on this Azurite and these gateways, with its own data folder <paramref name="name"/>.</summary>
    /// <remarks>
    /// The host checks that its port is free and then binds it; with every test class of this assembly starting
    /// processes beside it, another process can take the port in between (seen once in a full run). A second start
    /// finds the folder's port taken and listens on a fresh one.
    /// </remarks>
    internal async Task<LocalHost> StartHostAsync(string name, bool watchBatches = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await LocalHost.StartAsync(new LocalHostOptions
                {
                    DataDirectory = Path.Combine(Directory, name),
                    StorageConnectionString = Azurite.ConnectionString,
                    GatewayConfigFile = GatewayConfigFile,
                    WatchBatches = watchBatches,
                }, _ => { }, CancellationToken.None);
            }
            catch (IOException ex) when (attempt < 3 && ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                // Taken between the check and the bind: start again.
            }
        }
    }

    /// <summary>
    /// Polls <c>GET api/batches/{id}</c> until the send has a summary (with <paramref name="outcome"/>, when given) and
    /// returns the status.
    /// </summary>
    public static async Task<JsonElement> WaitForSummaryAsync(HttpClient http, string batchId, string? outcome = null)
    {
        JsonElement status = default;
        for (var i = 0; i < 600; i++)
        {
            await Task.Delay(100);
            using var response = await http.GetAsync($"api/batches/{batchId}");
            if (response.StatusCode != System.Net.HttpStatusCode.OK)
            {
                continue;
            }

            status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            if (status.TryGetProperty("summary", out var summary) && summary.ValueKind == JsonValueKind.Object
                && (outcome is null || string.Equals(summary.GetProperty("outcome").GetString(), outcome, StringComparison.OrdinalIgnoreCase)))
            {
                return status;
            }
        }

        Assert.Fail($"send {batchId} did not end{(outcome is null ? "" : " " + outcome)}: {status}");
        return status;
    }

    /// <summary>The device registry in this Azurite, with the names the local host uses.</summary>
    public IDeviceRegistry Registry()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = Azurite.ConnectionString })
            .Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddStorage().BuildServiceProvider().GetRequiredService<IDeviceRegistry>();
    }

    /// <summary>Users u0..u(n-1), each with an Android device and every other one also an iOS device.</summary>
    public async Task<int> SeedAsync(int users)
    {
        var now = TimeProvider.System.GetUtcNow();
        var devices = Enumerable.Range(0, users).SelectMany(i => i % 2 == 0
            ? new[]
            {
                new DeviceRegistration($"u{i}", PushPlatform.Android, $"fcm-u{i}:APA91b", null, now, now),
                new DeviceRegistration($"u{i}", PushPlatform.Ios, i.ToString("x8", System.Globalization.CultureInfo.InvariantCulture).PadLeft(64, 'c'), null, now, now),
            }
            : [new DeviceRegistration($"u{i}", PushPlatform.Android, $"fcm-u{i}:APA91b", null, now, now)]).ToList();
        await Registry().ImportAsync(devices);
        return devices.Count;
    }

    /// <summary>A batch file for users u0..u(n-1), written to disk.</summary>
    public async Task<string> WriteBatchFileAsync(string name, int users, string campaign)
    {
        var path = Path.Combine(Directory, name);
        var ids = string.Join(",", Enumerable.Range(0, users).Select(i => $"\"u{i}\""));
        await File.WriteAllTextAsync(path,
            "{\"campaignId\":\"" + campaign + "\",\"message\":{\"title\":\"Hi\",\"body\":\"Something new.\"},\"audience\":{\"users\":[" + ids + "]}}");
        return path;
    }

    /// <summary>Deliveries recorded in the ledger (bits set in every chunk's Delivered bitmap).</summary>
    public async Task<long> LedgerDeliveredAsync()
    {
        var table = new TableClient(Azurite.ConnectionString, "deliveryledger");
        long delivered = 0;
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>())
            {
                delivered += row.GetBinary("Delivered")?.Sum(b => System.Numerics.BitOperations.PopCount(b)) ?? 0;
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }

        return delivered;
    }
}
